package handlers

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v5"

	"canvass/locales"
	"canvass/surveycache"
	"canvass/surveys"
	"canvass/surveys/surveystest"
	"canvass/web"
	"canvass/web/splice"
)

// oneSurvey is a FormStore holding one open survey, so these tests need no
// database: they compare bytes, not storage.
type oneSurvey struct{ rec *surveys.Record }

func (o oneSurvey) Survey(_ context.Context, slug string) (*surveys.Record, error) {
	if slug != o.rec.Slug {
		return nil, surveys.Errorf(surveys.ErrNotFound, "survey.not_found", map[string]any{"Slug": slug})
	}
	return o.rec, nil
}

func (oneSurvey) InsertResponse(context.Context, *surveys.Response) (bool, error) {
	return false, errors.New("these tests store nothing")
}

// formRoutes serves the form page of a Server on the example survey, as
// registerFormRoutes registers it, and returns it with the survey's record
// and the page cache behind it.
func formRoutes(t *testing.T) (*Server, *echo.Echo, *surveys.Record, *formPageCache) {
	t.Helper()
	catalog, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	site, err := web.New()
	if err != nil {
		t.Fatal(err)
	}
	rec := &surveys.Record{Survey: *surveystest.Example(t), Status: surveys.StatusOpen, Version: 1}
	s := &Server{Forms: oneSurvey{rec}, Web: site, Catalog: catalog, Logger: slog.New(slog.DiscardHandler)}
	s.formLocalizers = &localizerMemo{catalog: catalog}
	e := echo.New()
	e.HTTPErrorHandler = s.handleError
	e.Use(s.recoverPanics, s.logRequests)
	pages, posts := s.formLimiters()
	d := formDeps{surveys: surveycache.NewBySlug(s.Forms, time.Hour), posts: posts, pages: newFormPageCache()}
	s.registerFormPage(e, d, pages, s.formCSRF())
	return s, e, rec, d.pages
}

// getPage sends GET path with headers and returns the response and its
// body, gunzipped when it came gzipped.
func getPage(t *testing.T, e *echo.Echo, path string, headers map[string]string) (*http.Response, []byte) {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	e.ServeHTTP(w, req)
	resp := w.Result()
	body := w.Body.Bytes()
	if cl := resp.Header.Get("Content-Length"); cl != "" && cl != strconv.Itoa(len(body)) {
		t.Errorf("GET %s: Content-Length %s, body %d bytes", path, cl, len(body))
	}
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		if body, err = io.ReadAll(zr); err != nil {
			t.Fatalf("GET %s: gunzip: %v", path, err)
		}
	}
	return resp, body
}

// renderedUncached is the form page as renderForm renders it, without the
// cache, with the given tokens.
func renderedUncached(t *testing.T, s *Server, e *echo.Echo, rec *surveys.Record, lang, key, csrf string) []byte {
	t.Helper()
	w := httptest.NewRecorder()
	c := e.NewContext(httptest.NewRequest("GET", "/s/"+rec.Slug, nil), w)
	c.Set("csrf", csrf)
	if err := s.renderForm(c, rec, lang, &formSubmission{key: key, raw: url.Values{}}, http.StatusOK, formNotice{}); err != nil {
		t.Fatal(err)
	}
	return w.Body.Bytes()
}

// TestFormCacheEqualsRender checks, in every language of the example, with
// and without gzip, with a CSRF token from the cookie, the one Fetch
// Metadata gives and a fresh one, that a page from the cache is byte for
// byte the page renderForm renders with the same key and token, and that
// no page carries a token another request was given.
func TestFormCacheEqualsRender(t *testing.T) {
	t.Parallel()
	s, e, rec, fc := formRoutes(t)
	cookieToken := strings.Repeat("AbCdEfGh", 4)
	given := map[string]bool{} // keys and fresh tokens served so far
	for _, lang := range rec.Languages {
		for _, enc := range []string{"gzip", "identity"} {
			for name, headers := range map[string]map[string]string{
				"cookie token":   {"Cookie": "canvass_csrf=" + cookieToken},
				"fetch metadata": {"Sec-Fetch-Site": "none"},
				"fresh token":    {},
			} {
				headers["Accept-Encoding"] = enc
				resp, page := getPage(t, e, "/s/"+rec.Slug+"?lang="+lang, headers)
				if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Length") == "" {
					t.Fatalf("%s %s %s: %d, Content-Length %q: not from the cache", lang, enc, name, resp.StatusCode, resp.Header.Get("Content-Length"))
				}
				if got, want := resp.Header.Get("Content-Encoding") == "gzip", enc == "gzip"; got != want {
					t.Errorf("%s %s %s: Content-Encoding %q", lang, enc, name, resp.Header.Get("Content-Encoding"))
				}
				key, csrf := fieldValue(t, page, "_key"), fieldValue(t, page, "_csrf")
				if !validFormKey(key) || len(csrf) != formCSRFLength {
					t.Fatalf("%s %s %s: key %q, token %q", lang, enc, name, key, csrf)
				}
				if want := renderedUncached(t, s, e, rec, lang, key, csrf); !bytes.Equal(page, want) {
					t.Errorf("%s %s %s: the cached page (%d B) differs from the rendered one (%d B) at byte %d",
						lang, enc, name, len(page), len(want), firstDiff(page, want))
				}
				if p := (*fc.pages.Load())[formPageKey{rec.Slug, lang}]; p == nil || p.page == nil {
					t.Fatalf("%s %s %s: no page kept", lang, enc, name)
				}
				for tok := range given {
					if bytes.Contains(page, []byte(tok)) {
						t.Fatalf("%s %s %s: the page carries %q, given to another request", lang, enc, name, tok)
					}
				}
				given[key] = true
				if name == "fresh token" {
					given[csrf] = true
				}
			}
		}
	}
}

// TestFormCacheServes checks that the plain first GET is sent from the
// page kept, gzipped or not: a page put in its place is what comes back,
// with the request's tokens.
func TestFormCacheServes(t *testing.T) {
	t.Parallel()
	_, e, rec, fc := formRoutes(t)
	path := "/s/" + rec.Slug + "?lang=" + rec.DefaultLanguage
	getPage(t, e, path, nil)
	key := formPageKey{rec.Slug, rec.DefaultLanguage}
	kept := (*fc.pages.Load())[key]
	if kept == nil || kept.page == nil {
		t.Fatal("no page kept after a GET")
	}
	stand, err := splice.New([][]byte{[]byte("A "), []byte(" B "), []byte(" C")}, []int{formKeyLength, formCSRFLength}, flate.BestSpeed)
	if err != nil {
		t.Fatal(err)
	}
	standIn := *kept
	standIn.page, standIn.holes = stand, []formToken{tokenKey, tokenCSRF}
	fc.pages.Store(&map[formPageKey]*formPage{key: &standIn})
	token := strings.Repeat("T", formCSRFLength)
	for _, enc := range []string{"gzip", "identity"} {
		_, page := getPage(t, e, path, map[string]string{"Accept-Encoding": enc, "Cookie": "canvass_csrf=" + token})
		parts := strings.Split(string(page), " ")
		if len(parts) != 5 || parts[0] != "A" || !validFormKey(parts[1]) || parts[2] != "B" || parts[3] != token || parts[4] != "C" {
			t.Errorf("%s: got %q, want the page kept with this request's tokens", enc, page)
		}
	}
}

// TestFormCacheOddTokens checks the CSRF tokens the page cache does not
// splice: one that HTML must escape (a forged cookie) and one of another
// length. Both pages are still the rendered page for that token.
func TestFormCacheOddTokens(t *testing.T) {
	t.Parallel()
	s, e, rec, _ := formRoutes(t)
	// Cookie values may hold + < > & ' (RFC 6265), which the page escapes.
	for _, tok := range []string{"a+b<c>&'d" + strings.Repeat("x", 23), "Short", strings.Repeat("x", 40)} {
		for _, enc := range []string{"gzip", "identity"} {
			resp, page := getPage(t, e, "/s/"+rec.Slug, map[string]string{"Cookie": "canvass_csrf=" + tok, "Accept-Encoding": enc})
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("token %q, %s: %d", tok, enc, resp.StatusCode)
			}
			key := fieldValue(t, page, "_key")
			if want := renderedUncached(t, s, e, rec, rec.DefaultLanguage, key, tok); !bytes.Equal(page, want) {
				t.Errorf("token %q, %s: the page differs from the rendered one at byte %d", tok, enc, firstDiff(page, want))
			}
		}
	}
}

// TestFormCacheCut checks cutting a page at its markers, in the order they
// come, wherever they are.
func TestFormCacheCut(t *testing.T) {
	markers := map[formToken]string{tokenKey: "KEY", tokenCSRF: "TOK"}
	for _, c := range []struct {
		page  string
		parts []string
		holes []formToken
	}{
		{"no marker", []string{"no marker"}, nil},
		{"a KEY b TOK c", []string{"a ", " b ", " c"}, []formToken{tokenKey, tokenCSRF}},
		{"TOKKEY", []string{"", "", ""}, []formToken{tokenCSRF, tokenKey}},
		{"KEY KEY", []string{"", " ", ""}, []formToken{tokenKey, tokenKey}},
	} {
		parts, holes := cutAtMarkers([]byte(c.page), markers)
		var got []string
		for _, p := range parts {
			got = append(got, string(p))
		}
		if !slices.Equal(got, c.parts) || !slices.Equal(holes, c.holes) {
			t.Errorf("%q: parts %q holes %v, want %q %v", c.page, got, holes, c.parts, c.holes)
		}
	}
	for tok, fits := range map[string]bool{"": true, "AZaz09-_": true, "a+b": false, "a b": false, "é": false, `"`: false} {
		if tokenFits(tok) != fits {
			t.Errorf("tokenFits(%q) = %v", tok, !fits)
		}
	}
}

// TestFormCacheBounds checks that a survey's new definition replaces its
// pages in every language, and that the cache never holds more than
// maxFormPages.
func TestFormCacheBounds(t *testing.T) {
	fc := newFormPageCache()
	build := func() (*formPage, error) { return &formPage{}, nil }
	rec := func(slug, title string) *surveys.Record {
		return &surveys.Record{Survey: surveys.Survey{Slug: slug, Title: surveys.Text{"en": title}}}
	}
	v1 := rec("s", "one")
	for _, lang := range []string{"en", "es", "ar"} {
		if _, err := fc.page(v1, lang, build); err != nil {
			t.Fatal(err)
		}
	}
	same := rec("s", "one") // the same definition, read again
	p, err := fc.page(same, "en", func() (*formPage, error) { t.Fatal("rebuilt an unchanged definition"); return nil, nil })
	if err != nil || p.rec != same {
		t.Fatalf("same definition: %v, record kept %p, want %p", err, p.rec, same)
	}
	if _, err := fc.page(rec("s", "two"), "es", build); err != nil {
		t.Fatal(err)
	}
	if pages := *fc.pages.Load(); len(pages) != 1 || pages[formPageKey{"s", "es"}] == nil {
		t.Errorf("after a change: %d pages, want only the new one", len(pages))
	}
	for i := range maxFormPages + 10 {
		if _, err := fc.page(rec("s"+strconv.Itoa(i), "x"), "en", build); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(*fc.pages.Load()); n != maxFormPages {
		t.Errorf("%d pages kept, want %d", n, maxFormPages)
	}
	if _, ok := (*fc.pages.Load())[formPageKey{"s0", "en"}]; ok {
		t.Error("the oldest page was kept")
	}
}

// fieldValue is the value of the page's hidden field name.
func fieldValue(t *testing.T, page []byte, name string) string {
	t.Helper()
	m := regexp.MustCompile(`name="` + name + `" value="([^"]*)"`).FindSubmatch(page)
	if m == nil {
		t.Fatalf("no %s field in the page", name)
	}
	return string(m[1])
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
