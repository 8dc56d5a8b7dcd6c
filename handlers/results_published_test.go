package handlers_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"canvass/auth"
	"canvass/surveys"
	"canvass/synth"
)

// Watching results before and after one resident submits must not show
// what they answered: partners, organizers and the public page
// see published numbers, which stay the same after one response and
// change once the neighborhood has min_n more; staff who may read every
// response see live numbers. Pages and JSON say when numbers last changed.
func TestPublishedResultsChangeOnlyInStepsOfMinN(t *testing.T) {
	t.Parallel()
	a := newResultsApp(t, 60, 41)
	// The partner's neighborhood holds more than min_n, so it has been
	// published before the test submits.
	a.addResponsesIn("north-of-main", 3*a.rec.MinN, 42)
	slug := a.rec.Slug
	views := []struct {
		name, path string
		role       auth.Role
	}{
		{"partner JSON", "/api/v1/surveys/" + slug + "/results?split=age", auth.RolePartner},
		{"organizer JSON", "/api/v1/surveys/" + slug + "/results", auth.RoleOrganizer},
		{"organizer results.csv", "/api/v1/surveys/" + slug + "/results.csv?channel=web", auth.RoleOrganizer},
		{"partner page", "/admin/results/" + slug, auth.RolePartner},
		{"public page", "/s/" + slug + "/results?lang=en", ""},
	}
	read := func() map[string]string {
		t.Helper()
		out := map[string]string{}
		for _, v := range views {
			status, body, _ := a.fetch(v.path, v.role, "Accept", "text/html")
			if status != http.StatusOK {
				t.Fatalf("%s: %d %.300s", v.name, status, body)
			}
			// A signed-in page carries a fresh sign-out CSRF token.
			out[v.name] = csrfField.ReplaceAllString(string(body), "")
		}
		return out
	}
	before := read()
	first := a.results("", auth.RoleOrganizer)
	if first.Live || first.PublishedAt == nil {
		t.Fatalf("an organizer sees live numbers: live %v, published_at %v", first.Live, first.PublishedAt)
	}
	for _, name := range []string{"partner page", "public page"} {
		if !strings.Contains(before[name], "Numbers last updated "+first.PublishedAt.UTC().Format("2006-01-02 15:04 UTC")) {
			t.Errorf("%s does not say when its numbers were last updated", name)
		}
	}
	staff := a.results("", auth.RoleStaff)
	if !staff.Live || staff.PublishedAt != nil {
		t.Fatalf("staff: live %v, published_at %v", staff.Live, staff.PublishedAt)
	}

	a.submit("north-of-main", 1)
	after := read()
	for _, v := range views {
		if after[v.name] != before[v.name] {
			t.Errorf("%s changed after one response", v.name)
		}
	}
	if got := a.results("", auth.RoleStaff).Total; got != staff.Total+1 {
		t.Fatalf("staff see %d, want the live %d", got, staff.Total+1)
	}

	a.submit("north-of-main", a.rec.MinN-2)
	for name, body := range read() {
		if body != before[name] {
			t.Errorf("%s changed after min_n-1 responses", name)
		}
	}
	a.submit("north-of-main", 1)
	changed := read()
	for _, v := range views {
		if changed[v.name] == before[v.name] {
			t.Errorf("%s did not change after min_n responses", v.name)
		}
	}
	next := a.results("", auth.RoleOrganizer)
	if next.Total != first.Total+int64(a.rec.MinN) || !next.PublishedAt.After(*first.PublishedAt) {
		t.Fatalf("published total %d at %v, after %d at %v", next.Total, next.PublishedAt, first.Total, first.PublishedAt)
	}
	var raw map[string]any
	_ = json.Unmarshal([]byte(changed["organizer JSON"]), &raw)
	if _, ok := raw["published_at"]; !ok {
		t.Fatal("results JSON lacks published_at")
	}
}

var csrfField = regexp.MustCompile(`name="_csrf" value="[^"]*"`)

// submit posts n complete responses from neighborhood nb through the
// resident form, each from a fresh page (and idempotency key).
func (a *resultsApp) submit(nb string, n int) {
	a.t.Helper()
	for i := range n {
		status, page, _ := a.fetch("/s/"+a.rec.Slug, "")
		if status != http.StatusOK {
			a.t.Fatalf("form: %d", status)
		}
		body := complete(formKey(a.t, string(page)), url.Values{"neighborhood": {nb}, "safe_day": {fmt.Sprint(1 + i%5)}})
		status, resp, _ := a.send("POST", "/s/"+a.rec.Slug, "", body, "Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "same-origin")
		if status != http.StatusOK {
			a.t.Fatalf("submit: %d %.300s", status, resp)
		}
	}
}

// addResponsesIn stores n synthetic responses from neighborhood nb.
func (a *resultsApp) addResponsesIn(nb string, n int, seed uint64) {
	a.t.Helper()
	g := synth.New(&a.rec.Survey, seed, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC))
	batch := make([]*surveys.Response, n)
	for i := range batch {
		batch[i] = g.Next()
		batch[i].Version, batch[i].Neighborhood = a.rec.Version, nb
		batch[i].Answers["neighborhood"] = nb
	}
	a.insert(batch...)
}
