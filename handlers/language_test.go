package handlers

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v5"

	"canvass/surveys"
)

func TestContentLanguage(t *testing.T) {
	t.Parallel()
	def := &surveys.Survey{DefaultLanguage: "en", Languages: []string{"en", "es", "so", "ar", "tl"}}
	e := echo.New()
	for _, c := range []struct{ query, header, want string }{
		{"", "", "en"},
		{"", "es", "es"},
		{"", "es-MX,es;q=0.9", "es"},
		{"", "es_MX", "es"},
		{"", "ES-mx", "es"},
		{"", "so-SO", "so"},
		{"", "som", "so"}, // the three-letter code of the same language
		{"", "fr-CA, ar;q=0.8, en;q=0.5", "ar"},
		{"", "tl-PH", "tl"},     // as the survey writes it, not canonical "fil"
		{"", "fil-PH", "tl"},    // Filipino is Tagalog
		{"", "xx-YY, es", "es"}, // an unknown language is skipped
		{"", "und-SO", "en"},    // Somalia's main language is a guess, not a request
		{"", "zh-CN, ja;q=0.8", "en"},
		{"", ";;;q=x", "en"},
		{"", "en;q=0.1, es", "es"}, // by weight, not by order
		{"so", "es", "so"},
		{"fr", "es", "es"},
	} {
		req := httptest.NewRequest("GET", "/results?lang="+c.query, nil)
		req.Header.Set("Accept-Language", c.header)
		if got := contentLanguage(e.NewContext(req, httptest.NewRecorder()), def); got != c.want {
			t.Errorf("?lang=%s, Accept-Language %q: %s, want %s", c.query, c.header, got, c.want)
		}
	}
}

// A language chosen before (the cookie the form's switcher sets) wins over
// the browser's on every page that shows a survey, results included.
func TestContentLanguageRemembersTheChoice(t *testing.T) {
	t.Parallel()
	def := &surveys.Survey{DefaultLanguage: "en", Languages: []string{"en", "es", "so"}}
	req := httptest.NewRequest("GET", "/results", nil)
	req.Header.Set("Accept-Language", "es")
	req.AddCookie(&http.Cookie{Name: langCookie, Value: "so"})
	if got := contentLanguage(echo.New().NewContext(req, httptest.NewRecorder()), def); got != "so" {
		t.Fatalf("got %s, want so (the cookie)", got)
	}
	req = httptest.NewRequest("GET", "/results?lang=es", nil)
	req.AddCookie(&http.Cookie{Name: langCookie, Value: "so"})
	if got := contentLanguage(echo.New().NewContext(req, httptest.NewRecorder()), def); got != "es" {
		t.Fatalf("got %s, want es (?lang=)", got)
	}
}
