package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"canvass/store"
	"canvass/surveys"
)

// exampleSlug is the example survey every form test answers.
const exampleSlug = "safety-spring-2026"

// createSurvey stores a small survey with the given status.
func createSurvey(t testing.TB, st *store.Store, yaml string, status surveys.Status) {
	t.Helper()
	def, problems, err := surveys.Parse([]byte(yaml))
	if err != nil || len(problems.Errors()) > 0 {
		t.Fatalf("survey: %v %v", err, problems)
	}
	ctx := context.Background()
	if _, err := st.CreateSurvey(ctx, def, yaml); err != nil {
		t.Fatal(err)
	}
	if status != surveys.StatusDraft {
		if _, err := st.SetSurveyStatus(ctx, def.Slug, status); err != nil {
			t.Fatal(err)
		}
	}
}

// sameOrigin are the headers a current browser sends with a form posted
// from the form's own page.
func sameOrigin() map[string]string {
	return map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin"}
}

// withHeaders returns sameOrigin plus more headers.
func withHeaders(kv ...string) map[string]string {
	h := sameOrigin()
	for i := 0; i+1 < len(kv); i += 2 {
		h[kv[i]] = kv[i+1]
	}
	return h
}

// complete is a full, valid set of answers to the example survey, as form
// fields, with key as its idempotency key; more replaces or adds fields.
func complete(key string, more url.Values) string {
	v := url.Values{
		"_key":         {key},
		"_shown":       {"comment"},
		"neighborhood": {"riverside"},
		"safe_day":     {"4"},
		"safe_night":   {"3"},
		"unsafe_why":   {"lighting", "speeding"},
		"needs":        {"housing", "jobs"},
		"household":    {"3"},
		"age":          {"age_35_44"},
	}
	for k, vals := range more {
		if len(vals) == 0 || (len(vals) == 1 && vals[0] == "") {
			delete(v, k)
			continue
		}
		v[k] = vals
	}
	return v.Encode()
}

// testKey returns a valid idempotency key unique to n.
func testKey(n byte) string {
	return strings.Repeat("A", 20) + string("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"[n%52]) + "A"
}

var hiddenKey = regexp.MustCompile(`name="_key" value="([^"]+)"`)

// formKey returns the idempotency key of a rendered form.
func formKey(t testing.TB, html string) string {
	t.Helper()
	m := hiddenKey.FindStringSubmatch(html)
	if m == nil {
		t.Fatalf("no _key field in %.300s", html)
	}
	return m[1]
}

// countResponses counts the stored responses of the example survey.
func countResponses(t testing.TB, st *store.Store) int {
	t.Helper()
	n := 0
	err := st.EachResponse(context.Background(), exampleSlug, func(*surveys.Response) error { n++; return nil })
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// storedResponse returns the response stored under a form key.
func storedResponse(t testing.TB, st *store.Store, key string) *surveys.Response {
	t.Helper()
	var found *surveys.Response
	err := st.EachResponse(context.Background(), exampleSlug, func(r *surveys.Response) error {
		if strings.HasSuffix(r.ID, "|"+key) {
			found = r
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found == nil {
		t.Fatalf("no response stored with key %s", key)
	}
	return found
}

// noRedirects is a client that returns redirects instead of following them.
func noRedirects() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}
