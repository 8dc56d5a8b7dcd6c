package handlers_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"canvass/handlers"
	"canvass/surveys"
)

// GET / is a public page in the visitor's language: the program, its
// contact, how answers are kept, and the open surveys linked in that
// language; a draft is not listed.
func TestHomePage(t *testing.T) {
	t.Parallel()
	a := newApp(t, withExample(), withChange(func(s *handlers.Server) { s.Options.Contact = "+1 617 555 0100" }))
	if _, err := a.Store.CreateSurvey(t.Context(), draftSurvey(t), ""); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ lang, title, privacy string }{
		{"en", "Neighborhood Safety and Services Survey", "We do not ask for your name"},
		{"es", "Encuesta", "No le pedimos su nombre"},
		{"ar", "dir=\"rtl\"", "لا نسألك عن اسمك"},
		{"so", "Sahan", "Magacaaga ma weydiinno"},
		{"vi", "Khảo sát", "Chúng tôi không hỏi tên bạn"},
		{"ht", "Sondaj", "Nou pa mande non w"},
	} {
		req, _ := http.NewRequest("GET", a.URL+"/", nil)
		req.Header.Set("Accept-Language", tc.lang)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		page := string(body)
		for _, want := range []string{`lang="` + tc.lang + `"`, tc.title, tc.privacy, "&#43;1 617 555 0100", `href="/s/safety-spring-2026?lang=` + tc.lang + `"`} {
			if resp.StatusCode != http.StatusOK || !strings.Contains(page, want) {
				t.Errorf("%s: %d, page lacks %q", tc.lang, resp.StatusCode, want)
			}
		}
		if strings.Contains(page, "draft-only") {
			t.Errorf("%s: a draft is listed", tc.lang)
		}
	}
}

func draftSurvey(t *testing.T) *surveys.Survey {
	t.Helper()
	def, problems, err := surveys.Parse([]byte(`slug: draft-only
languages: [en]
title: {en: Draft only}
questions:
  - {id: q, type: text, text: {en: "Anything?"}}
`))
	if err != nil || len(problems.Errors()) > 0 {
		t.Fatalf("%v %v", err, problems)
	}
	return def
}

// Browsers ask for /favicon.ico whatever a page links: it is an icon, and
// every page links the SVG one.
func TestFavicon(t *testing.T) {
	t.Parallel()
	a := newApp(t, withExample())
	resp, err := http.Get(a.URL + "/favicon.ico")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/x-icon" || !strings.HasPrefix(string(body), "\x00\x00\x01\x00") {
		t.Fatalf("/favicon.ico: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), body[:min(8, len(body))])
	}
	for _, path := range []string{"/", "/s/safety-spring-2026", "/s/nope"} {
		resp, err := http.Get(a.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(page), `<link rel="icon" href="/static/favicon.`) {
			t.Errorf("%s links no icon", path)
		}
	}
}

// Every resident page lists the languages in one order: the home page, a
// survey's form and results, and a 404.
func TestLanguageOrderIsTheSameOnEveryPage(t *testing.T) {
	t.Parallel()
	a := newApp(t, withExample())
	// A link's hreflang, or the value of the form's language button.
	hreflang := regexp.MustCompile(`(?:hreflang|name="_lang" value)="([a-z]+)"`)
	want := ""
	for _, path := range []string{"/", "/s/safety-spring-2026", "/s/safety-spring-2026/results", "/s/nope", "/s/nope?lang=ar"} {
		resp, err := http.Get(a.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var order []string
		for _, m := range hreflang.FindAllStringSubmatch(string(page), -1) {
			order = append(order, m[1])
		}
		got := strings.Join(order, " ")
		if want == "" {
			want = got
		}
		if got != want || len(order) != 6 {
			t.Errorf("%s lists %q, / lists %q", path, got, want)
		}
	}
}
