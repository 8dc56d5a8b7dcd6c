package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestFormLanguageSwitchKeepsAnswers posts the form as a language button
// of the switcher sends it without JavaScript: to the form's address in
// the new language, with _lang and every answer typed so far, a wrong one
// and an unfinished one included. The form comes back in that language
// with each answer filled in, no error shown and nothing stored; sent
// with its own button, it is stored in the language last chosen.
func TestFormLanguageSwitchKeepsAnswers(t *testing.T) {
	t.Parallel()
	a := newApp(t, withExample())
	form := "/s/" + exampleSlug
	for i, c := range []struct{ from, to, html string }{
		{"en", "es", `<html lang="es" dir="ltr">`},
		{"es", "ar", `<html lang="ar" dir="rtl">`},
		{"ar", "ht", `<html lang="ht" dir="ltr">`},
		{"vi", "so", `<html lang="so" dir="ltr">`},
	} {
		key := formKey(t, a.run(scenario{name: c.from + " form", method: "GET", path: form + "?lang=" + c.from, status: http.StatusOK}))
		// safe_night 1 shows the comment question, not yet seen: the
		// switch shows it, with no notice or error; household is wrong.
		typed := url.Values{"_key": {key}, "_lang": {c.to}, "neighborhood": {"riverside"}, "safe_day": {"4"},
			"safe_night": {"1"}, "needs": {"housing", "food"}, "household": {"abc"}}
		a.run(scenario{name: c.from + " to " + c.to, method: "POST", path: form + "?lang=" + c.to, body: typed.Encode(),
			headers: sameOrigin(), status: http.StatusOK,
			contains: []string{c.html, `name="_key" value="` + key + `"`,
				`<form id="survey" method="post" action="/s/` + exampleSlug + `?lang=` + c.to + `"`,
				`value="` + c.to + `" lang="` + c.to + `" dir="`, // the switcher marks the new language current
				`id="f-neighborhood-riverside" name="neighborhood" value="riverside" checked>`,
				`id="f-safe_day-4" name="safe_day" value="4" checked>`, `id="f-safe_night-1" name="safe_night" value="1" checked>`,
				`id="f-needs-housing" name="needs" value="housing" checked>`, `id="f-needs-food" name="needs" value="food" checked>`,
				`id="f-household" name="household" value="abc"`},
			excludes: []string{`class="summary"`, `class="err"`, `aria-invalid`, `class="notice`, `data-show-in="1 2" hidden`}})
		if n := countResponses(t, a.Store); n != i {
			t.Fatalf("after switching from %s to %s: %d responses stored, want %d", c.from, c.to, n, i)
		}
		typed.Del("_lang")
		typed.Set("household", "3")
		typed.Set("_shown", "comment")
		// Stored, and redirected to the thank-you page in that language.
		a.run(scenario{name: "sent in " + c.to, method: "POST", path: form + "?lang=" + c.to, body: typed.Encode(),
			headers: sameOrigin(), status: http.StatusOK, contains: []string{c.html, `<h1>`}, excludes: []string{`name="_key"`}})
		if r := storedResponse(t, a.Store, key); r.Language != c.to || r.Answers["household"] != 3 || r.Neighborhood != "riverside" {
			t.Errorf("stored %+v, want the answers in %s", r, c.to)
		}
	}
}

// TestFormLanguageSwitchRemembersLanguage: the language chosen with the
// switcher is the one the next page opens in, as a link's ?lang= is.
func TestFormLanguageSwitchRemembersLanguage(t *testing.T) {
	t.Parallel()
	a := newApp(t, withExample())
	body := url.Values{"_key": {testKey(1)}, "_lang": {"vi"}}.Encode()
	req, _ := http.NewRequest("POST", a.URL+"/s/"+exampleSlug+"?lang=vi", strings.NewReader(body))
	for k, v := range sameOrigin() {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var lang string
	for _, c := range resp.Cookies() {
		if c.Name == "canvass_lang" {
			lang = c.Value
		}
	}
	if resp.StatusCode != http.StatusOK || lang != "vi" {
		t.Errorf("switching to Vietnamese: status %d, language cookie %q; want 200 and vi", resp.StatusCode, lang)
	}
}
