package handlers_test

import (
	"io"
	"net/http"
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
