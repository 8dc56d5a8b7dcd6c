package handlers

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
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

// TestAcceptMemo checks that a remembered Accept-Language answer is the one
// computed, for the same header with other offered languages too, and that
// the memo stays bounded whatever headers clients send.
func TestAcceptMemo(t *testing.T) {
	t.Parallel()
	m := &acceptMemo{answers: map[string]string{}}
	headers := []string{"es", "es-MX,es;q=0.9", "fr-CA, ar;q=0.8, en;q=0.5", "fil-PH", "und-SO", ";;;q=x", "en;q=0.1, es", "zh-CN, ja;q=0.8", "so-SO"}
	offers := [][]string{{"en", "es", "so", "ar", "tl"}, {"en"}, {"so", "ar"}, {"en", "es"}, {"es", "en"}, {"e", "nes"}, {"en", "es", ""}}
	for range 2 { // computed, then remembered
		for _, h := range headers {
			for _, offered := range offers {
				if got, want := m.match(h, offered), acceptMatch(h, offered); got != want {
					t.Errorf("%q among %q: %q, want %q", h, offered, got, want)
				}
			}
		}
	}
	if len(m.answers) != len(headers)*len(offers) {
		t.Errorf("%d answers remembered, want %d", len(m.answers), len(headers)*len(offers))
	}
	for i := range 3 * maxAcceptMemo {
		m.match("x-"+strconv.Itoa(i)+", es", []string{"en", "es"})
		if len(m.answers) > maxAcceptMemo {
			t.Fatalf("%d answers remembered, at most %d", len(m.answers), maxAcceptMemo)
		}
	}
	clear(m.answers)
	long := strings.Repeat("en-US, ", maxAcceptMemoHeader/7+1) + "es;q=0.1"
	if got := m.match(long, []string{"es"}); got != "es" || m.match("es\x00", []string{"es"}) != acceptMatch("es\x00", []string{"es"}) || len(m.answers) != 0 {
		t.Errorf("a long header or one with a NUL: %q, %d remembered, want es, 0", got, len(m.answers))
	}
	if matchAcceptLanguage("", []string{"en"}) != "" || matchAcceptLanguage("en", nil) != "" {
		t.Error("no header or no language offered matches nothing")
	}
}

// BenchmarkMatchAcceptLanguage is a browser's Accept-Language matched
// among a survey's languages, remembered and computed.
func BenchmarkMatchAcceptLanguage(b *testing.B) {
	const header = "es-MX,es;q=0.9,en-US;q=0.8,en;q=0.7"
	offered := []string{"en", "es", "so", "ar", "tl", "vi"}
	b.Run("remembered", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			matchAcceptLanguage(header, offered)
		}
	})
	b.Run("computed", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			acceptMatch(header, offered)
		}
	})
}
