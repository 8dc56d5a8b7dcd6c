package handlers_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"canvass/handlers"
	"canvass/surveys"
)

// fetchForm gets the example's form page with headers, over HTTP with
// nothing decoded by the client, and returns the response and the page.
func fetchForm(t *testing.T, a *testApp, query string, headers map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", a.URL+"/s/"+exampleSlug+query, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.ContentLength >= 0 && resp.ContentLength != int64(len(body)) {
		t.Errorf("Content-Length %d, body %d bytes", resp.ContentLength, len(body))
	}
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if body, err = io.ReadAll(zr); err != nil {
			t.Fatalf("gunzip: %v", err)
		}
	}
	return resp, string(body)
}

// formCSRFValue returns the CSRF token of a rendered form.
func formCSRFValue(t *testing.T, page string) string {
	t.Helper()
	m := regexp.MustCompile(`name="_csrf" value="([^"]*)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no _csrf field in %.300s", page)
	}
	return m[1]
}

// TestFormCacheResponses checks the form page as served from the page
// cache against one rendered per request (a CSRF cookie of a length the
// server never makes is not spliced, with gzip): the same headers but for
// the tokens and the rate limit's count, each request its own key and
// token, the token the one its cookie holds.
func TestFormCacheResponses(t *testing.T) {
	t.Parallel()
	a := newApp(t, withExample())
	gz := map[string]string{"Accept-Encoding": "gzip"}
	cached, page := fetchForm(t, a, "", gz)
	again, page2 := fetchForm(t, a, "", gz)
	rendered, _ := fetchForm(t, a, "", map[string]string{"Accept-Encoding": "gzip", "Cookie": "canvass_csrf=short"})
	if cached.ContentLength < 0 || rendered.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("cached: Content-Length %d; rendered: Content-Encoding %q", cached.ContentLength, rendered.Header.Get("Content-Encoding"))
	}
	for name, want := range map[string][]string{
		"Vary":                    {"Accept-Language, Cookie", "Accept-Encoding", "Cookie"},
		"Cache-Control":           {"private, no-cache"},
		"Content-Type":            {"text/html; charset=UTF-8"},
		"Content-Encoding":        {"gzip"},
		"Content-Security-Policy": rendered.Header.Values("Content-Security-Policy"),
		"X-Content-Type-Options":  {"nosniff"},
		"Referrer-Policy":         {"same-origin"},
		"X-Ratelimit-Limit":       rendered.Header.Values("X-Ratelimit-Limit"),
		"X-Ratelimit-Remaining":   nil, // counts down
		"Set-Cookie":              nil, // the token
		"Content-Length":          nil, // the page's
	} {
		if want == nil {
			continue
		}
		if got := cached.Header.Values(name); !slices.Equal(got, want) || !slices.Equal(rendered.Header.Values(name), want) {
			t.Errorf("%s: cached %q, rendered %q, want %q", name, got, rendered.Header.Values(name), want)
		}
	}
	for name := range rendered.Header {
		if _, ok := cached.Header[name]; !ok {
			t.Errorf("the cached page lacks %s", name)
		}
	}
	for name := range cached.Header {
		if _, ok := rendered.Header[name]; !ok && name != "Content-Length" {
			t.Errorf("the cached page adds %s", name)
		}
	}
	if k1, k2 := formKey(t, page), formKey(t, page2); k1 == k2 || !strings.Contains(page2, `name="_key" value="`+k2+`"`) {
		t.Errorf("two page views got the key %s", k1)
	}
	c1, c2 := formCSRFValue(t, page), formCSRFValue(t, page2)
	if c1 == c2 || strings.Contains(page2, c1) || strings.Contains(page, c2) {
		t.Errorf("two page views share a CSRF token: %s, %s", c1, c2)
	}
	for _, r := range []struct {
		resp  *http.Response
		token string
	}{{cached, c1}, {again, c2}} {
		if ck := r.resp.Header.Get("Set-Cookie"); !strings.HasPrefix(ck, "canvass_csrf="+r.token+";") {
			t.Errorf("Set-Cookie %q, page token %s", ck, r.token)
		}
	}
	identity, plain := fetchForm(t, a, "", map[string]string{"Accept-Encoding": "identity"})
	if identity.Header.Get("Content-Encoding") != "" || identity.ContentLength != int64(len(plain)) {
		t.Errorf("identity: Content-Encoding %q, Content-Length %d for %d bytes", identity.Header.Get("Content-Encoding"), identity.ContentLength, len(plain))
	}
	mask := func(p string) string {
		return strings.NewReplacer(formKey(t, p), "KEY", formCSRFValue(t, p), "TOKEN").Replace(p)
	}
	if mask(plain) != mask(page) {
		t.Error("the identity page differs from the gzipped one beyond its tokens")
	}
}

// TestFormCacheSurveyChange checks that a survey changed is served changed
// at once when the form reads the survey every time (FormSurveyTTL < 0):
// the page cache adds no staleness, even for an edit in place within the
// same clock tick (same version, same updated time), in every language,
// and a survey closed is closed.
func TestFormCacheSurveyChange(t *testing.T) {
	t.Parallel()
	a := newApp(t, withExample(), withChange(func(s *handlers.Server) { s.Options.FormSurveyTTL = -1 }))
	ctx := context.Background()
	for _, lang := range a.rec.Languages {
		fetchForm(t, a, "?lang="+lang, map[string]string{"Accept-Encoding": "gzip"}) // cache every language
	}
	tick := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	a.Store.SetClock(func() time.Time { return tick })
	var last *surveys.Record
	for _, title := range []string{"First title", "Second title"} {
		def := a.rec.Survey
		def.Title = surveys.Text{}
		for _, lang := range def.Languages {
			def.Title[lang] = title + " " + lang
		}
		rec, err := a.Store.UpdateSurvey(ctx, &def, "")
		if err != nil {
			t.Fatal(err)
		}
		if last != nil && (rec.Version != last.Version || !rec.UpdatedAt.Equal(last.UpdatedAt)) {
			t.Fatalf("the edits differ in version or time: %d %s, %d %s", last.Version, last.UpdatedAt, rec.Version, rec.UpdatedAt)
		}
		last = rec
		for _, lang := range def.Languages {
			for _, enc := range []string{"gzip", "identity"} {
				_, page := fetchForm(t, a, "?lang="+lang, map[string]string{"Accept-Encoding": enc})
				if want := "<h1>" + title + " " + lang + "</h1>"; !strings.Contains(page, want) {
					t.Errorf("%s, %s: the page lacks %s", lang, enc, want)
				}
			}
		}
	}
	if _, err := a.Store.SetSurveyStatus(ctx, exampleSlug, surveys.StatusClosed); err != nil {
		t.Fatal(err)
	}
	if resp, _ := fetchForm(t, a, "", nil); resp.StatusCode != http.StatusGone {
		t.Errorf("closed survey: %d, want %d", resp.StatusCode, http.StatusGone)
	}
}

// TestFormCacheNotFirstPage checks the pages that are never served from the
// cache still are what they were: "your answers are in" for a browser that
// answered, the closed page, gzipped when long enough.
func TestFormCacheNotFirstPage(t *testing.T) {
	t.Parallel()
	a := newApp(t, withExample(), withChange(func(s *handlers.Server) { s.Options.FormSurveyTTL = -1 }))
	key := testKey(7)
	a.run(scenario{name: "answer", method: "POST", path: "/s/" + exampleSlug, body: complete(key, nil), headers: sameOrigin(), status: 200})
	resp, page := fetchForm(t, a, "", map[string]string{"Accept-Encoding": "gzip", "Cookie": "canvass_answered=" + key})
	if resp.StatusCode != http.StatusOK || strings.Contains(page, `name="_key"`) || !strings.Contains(page, "/another") {
		t.Errorf("answered: %d, %.200s", resp.StatusCode, page)
	}
	if got := resp.Header.Values("Vary"); !slices.Equal(got, []string{"Accept-Language, Cookie", "Accept-Encoding", "Cookie"}) {
		t.Errorf("answered: Vary %q", got)
	}
	if len(page) < 1024 || resp.Header.Get("Content-Encoding") != "gzip" || resp.Header.Get("Content-Length") != "" && resp.ContentLength <= 0 {
		t.Errorf("answered: %d bytes, Content-Encoding %q", len(page), resp.Header.Get("Content-Encoding"))
	}
	resp, _ = fetchForm(t, a, "", map[string]string{"Accept-Encoding": "identity", "Cookie": "canvass_answered=" + key})
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("answered, identity: %d, Content-Encoding %q", resp.StatusCode, resp.Header.Get("Content-Encoding"))
	}
	if _, err := a.Store.SetSurveyStatus(context.Background(), exampleSlug, surveys.StatusClosed); err != nil {
		t.Fatal(err)
	}
	resp, page = fetchForm(t, a, "", map[string]string{"Accept-Encoding": "gzip"})
	if resp.StatusCode != http.StatusGone || !strings.Contains(page, "This survey is closed") || resp.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("closed: %d, Content-Encoding %q", resp.StatusCode, resp.Header.Get("Content-Encoding"))
	}
}
