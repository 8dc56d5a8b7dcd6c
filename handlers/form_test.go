package handlers_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"canvass/handlers"
	"canvass/surveys"
)

// TestFormPage checks what GET /s/{slug} renders: every question as a
// fieldset with a legend, labelled inputs, the hidden show_if question,
// the language switcher and the keys the post needs.
func TestFormPage(t *testing.T) {
	t.Parallel()
	a := newApp(t, withExample())
	a.run(scenario{name: "example survey", method: "GET", path: "/s/" + exampleSlug, status: 200,
		contains: []string{
			`<html lang="en" dir="ltr">`, "<title>Neighborhood Safety and Services Survey</title>",
			"<h1>Neighborhood Safety and Services Survey</h1>", "This survey is anonymous",
			`<fieldset class="q" id="q-neighborhood"`, "<legend>Which neighborhood do you live in?</legend>",
			`<label class="opt" for="f-neighborhood-riverside"><input type="radio" id="f-neighborhood-riverside" name="neighborhood" value="riverside">`,
			`<input type="radio" id="f-safe_day-1" name="safe_day" value="1"><span>1 <span class="cap">Very unsafe</span>`,
			`<span>5 <span class="cap">Very safe</span>`,
			`<input type="checkbox" id="f-needs-housing" name="needs" value="housing">`, "Choose up to 3 answers.",
			`<legend><label for="f-household">How many people live in your household?</label> <span class="note">(optional)</span></legend>`,
			`inputmode="numeric" autocomplete="off" aria-describedby="h-household n-household"`,
			"Write a whole number from 1 to 20.",
			`id="q-comment" data-show-if="safe_night" data-show-in="1 2" hidden disabled`,
			`<input type="hidden" name="_shown" value="comment">`,
			`<textarea id="f-comment" name="comment" rows="4" maxlength="2000" autocomplete="off"`,
			`<form id="survey" method="post" action="/s/safety-spring-2026?lang=en" data-survey novalidate>`,
			`name="_csrf" value="`, `<button type="submit">Send my answers</button>`,
			`<link rel="stylesheet" href="/static/site.`, `<script src="/static/form.`,
			`<nav class="langs" aria-label="Language">`,
			// The languages are buttons that send the answers typed so far.
			`<button type="submit" form="survey" formaction="/s/safety-spring-2026?lang=es" formnovalidate name="_lang" value="es" lang="es" dir="ltr">Español</button>`,
			`lang="so" dir="ltr">Soomaali</button>`, `lang="vi" dir="ltr">Tiếng Việt</button>`,
			`lang="ar" dir="rtl">العربية</button>`, `lang="ht" dir="ltr">Kreyòl ayisyen</button>`,
			`lang="en" dir="ltr" aria-current="true">English</button>`,
			`<button type="submit" form="survey" class="vh" tabindex="-1" aria-hidden="true"></button>`,
			`<p class="vh" role="status" data-appeared="New question because of your answer:"></p>`,
			`<a class="skip" href="#main">Skip to main content</a>`,
		},
		excludes: []string{"http://", "https://", "@font-face", "required", `class="summary"`}})
	html := a.run(scenario{name: "a fresh key each time", method: "GET", path: "/s/" + exampleSlug, status: 200})
	if k1, k2 := formKey(t, html), formKey(t, a.run(scenario{name: "again", method: "GET", path: "/s/" + exampleSlug, status: 200})); k1 == k2 {
		t.Errorf("two page views got the same idempotency key %s", k1)
	}
}

// TestFormLanguage checks the order of the language rules: ?lang=, then
// the cookie, then Accept-Language matched against the survey's languages,
// then the survey's default.
func TestFormLanguage(t *testing.T) {
	t.Parallel()
	a := newApp(t, withExample())
	createSurvey(t, a.Store, `
slug: barrio
default_language: es
languages: [es, en]
title: {es: Encuesta del barrio, en: Block survey}
questions:
  - {id: q, type: text, text: {es: Diga, en: Say}}
`, surveys.StatusOpen)
	path := "/s/" + exampleSlug
	es, en, vi, ar, so := "Encuesta sobre seguridad y servicios", "Neighborhood Safety and Services Survey",
		"Khảo sát về an toàn và dịch vụ", "استبيان السلامة والخدمات في الحي", "Sahanka Ammaanka"
	for _, sc := range []scenario{
		{name: "no preference: survey default", path: path, contains: []string{en, `lang="en"`}},
		{name: "?lang=", path: path + "?lang=es", contains: []string{es, `<html lang="es" dir="ltr">`, "Enviar mis respuestas", "(opcional)", "Elija hasta 3 respuestas."}},
		{name: "?lang= any case", path: path + "?lang=ES", contains: []string{es}},
		{name: "?lang= not offered falls through", path: path + "?lang=fr", contains: []string{en}},
		{name: "?lang= beats cookie", path: path + "?lang=so", headers: map[string]string{"Cookie": "canvass_lang=vi"}, contains: []string{so}},
		{name: "?lang= beats Accept-Language", path: path + "?lang=vi", headers: map[string]string{"Accept-Language": "es"}, contains: []string{vi}},
		{name: "cookie", path: path, headers: map[string]string{"Cookie": "canvass_lang=vi"}, contains: []string{vi, `lang="vi"`}},
		{name: "cookie beats Accept-Language", path: path, headers: map[string]string{"Cookie": "canvass_lang=vi", "Accept-Language": "es"}, contains: []string{vi}},
		{name: "cookie not offered falls through", path: path, headers: map[string]string{"Cookie": "canvass_lang=fr", "Accept-Language": "es"}, contains: []string{es}},
		{name: "Accept-Language with region", path: path, headers: map[string]string{"Accept-Language": "es-MX,es;q=0.9"}, contains: []string{es}},
		{name: "Accept-Language second choice", path: path, headers: map[string]string{"Accept-Language": "fr-CA, ar;q=0.8, en;q=0.5"}, contains: []string{ar}},
		{name: "Accept-Language Haitian", path: path, headers: map[string]string{"Accept-Language": "ht"}, contains: []string{"Sondaj sou sekirite", "Voye repons mwen yo"}},
		{name: "Accept-Language unmatched: default", path: path, headers: map[string]string{"Accept-Language": "zh-CN, ja;q=0.8"}, contains: []string{en}},
		{name: "Accept-Language garbage: default", path: path, headers: map[string]string{"Accept-Language": ";;;q=x"}, contains: []string{en}},
		{name: "other survey's default", path: "/s/barrio", headers: map[string]string{"Accept-Language": "zh"}, contains: []string{"Encuesta del barrio", `lang="es"`}},
		{name: "other survey, cookie it lacks", path: "/s/barrio", headers: map[string]string{"Cookie": "canvass_lang=vi"}, contains: []string{"Encuesta del barrio"}},
		{name: "other survey, English asked", path: "/s/barrio", headers: map[string]string{"Accept-Language": "en-GB"}, contains: []string{"Block survey"}},
		{name: "Arabic right to left", path: path + "?lang=ar", contains: []string{`<html lang="ar" dir="rtl">`, ar, "أرسل إجاباتي", "(اختياري)", `aria-label="اللغة"`, "انتقل إلى المحتوى الرئيسي"}},
		{name: "Somali", path: path + "?lang=so", contains: []string{`<html lang="so" dir="ltr">`, "Dir jawaabahayga"}},
		{name: "Vietnamese", path: path + "?lang=vi", contains: []string{"Gửi câu trả lời của tôi", "Viết một số nguyên từ 1 đến 20."}},
	} {
		sc.method, sc.status = "GET", 200
		a.run(sc)
	}
}

// TestFormLanguageCookie checks that a language chosen with ?lang= is
// remembered, and one negotiated from the browser is not.
func TestFormLanguageCookie(t *testing.T) {
	t.Parallel()
	a := newApp(t, withExample())
	resp, err := noRedirects().Get(a.URL + "/s/" + exampleSlug + "?lang=ar")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	ck := resp.Header.Get("Set-Cookie")
	for _, want := range []string{"canvass_lang=ar", "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age="} {
		if !strings.Contains(strings.Join(resp.Header.Values("Set-Cookie"), "\n"), want) {
			t.Errorf("Set-Cookie %q lacks %q", ck, want)
		}
	}
	resp, err = noRedirects().Get(a.URL + "/s/" + exampleSlug)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if strings.Contains(strings.Join(resp.Header.Values("Set-Cookie"), "\n"), "canvass_lang") {
		t.Errorf("a page without ?lang= set the language cookie")
	}
}

// TestFormMissingSurveys checks the 404 and 410 pages, in the resident's
// language.
func TestFormMissingSurveys(t *testing.T) {
	t.Parallel()
	a := newApp(t, withExample())
	createSurvey(t, a.Store, `
slug: draft-one
default_language: en
languages: [en, es]
title: {en: Draft, es: Borrador}
questions: [{id: q, type: text, text: {en: Say, es: Diga}}]
`, surveys.StatusDraft)
	createSurvey(t, a.Store, `
slug: closed-one
default_language: en
languages: [en, es, ar]
public_results: true
title: {en: Last spring, es: La primavera pasada, ar: الربيع الماضي}
questions: [{id: q, type: text, text: {en: Say, es: Diga, ar: قل}}]
`, surveys.StatusClosed)
	post := complete(testKey(1), nil)
	for _, sc := range []scenario{
		{name: "unknown", method: "GET", path: "/s/nothing-here", status: 404,
			contains: []string{"<h1>Survey not found</h1>", "check the address on the poster", `lang="en"`}, excludes: []string{`"error"`}},
		{name: "unknown in Spanish", method: "GET", path: "/s/nothing-here", headers: map[string]string{"Accept-Language": "es"}, status: 404,
			contains: []string{"No encontramos la encuesta", `lang="es"`, `hreflang="ar"`}},
		{name: "unknown in Arabic", method: "GET", path: "/s/nothing-here?lang=ar", status: 404, contains: []string{`dir="rtl"`, "لم نعثر على الاستبيان"}},
		{name: "unknown deeper path", method: "GET", path: "/s/nothing-here/else", status: 404, contains: []string{"Survey not found"}},
		{name: "overlong slug", method: "GET", path: "/s/" + strings.Repeat("x", 200), status: 404, contains: []string{"Survey not found"}},
		{name: "draft is unknown", method: "GET", path: "/s/draft-one", status: 404, contains: []string{"Survey not found"}, excludes: []string{"Draft"}},
		{name: "closed", method: "GET", path: "/s/closed-one", status: 410,
			contains: []string{"This survey is closed", "“Last spring” is no longer taking answers.", `href="/s/closed-one/results?lang=en"`}},
		{name: "closed in Spanish", method: "GET", path: "/s/closed-one?lang=es", status: 410, contains: []string{"Esta encuesta está cerrada", "«La primavera pasada»"}},
		{name: "closed in Arabic", method: "GET", path: "/s/closed-one", headers: map[string]string{"Accept-Language": "ar"}, status: 410,
			contains: []string{`<html lang="ar" dir="rtl">`, "هذا الاستبيان مغلق", "«الربيع الماضي»"}},
		{name: "post to closed", method: "POST", path: "/s/closed-one", body: "q=hi", headers: sameOrigin(), status: 410, contains: []string{"This survey is closed"}},
		{name: "post to unknown", method: "POST", path: "/s/nothing-here", body: post, headers: sameOrigin(), status: 404, contains: []string{"Survey not found"}},
		{name: "post to draft", method: "POST", path: "/s/draft-one", body: "q=hi", headers: sameOrigin(), status: 404, contains: []string{"Survey not found"}},
	} {
		a.run(sc)
	}
	if n := countResponses(t, a.Store); n != 0 {
		t.Errorf("%d responses stored, want 0", n)
	}
}

// TestFormThanks checks the thank-you page a stored response lands on.
func TestFormThanks(t *testing.T) {
	t.Parallel()
	a := newApp(t, withExample())
	for _, sc := range []scenario{
		{name: "English", path: "/s/" + exampleSlug + "/thanks?lang=en", contains: []string{"<h1>Thank you</h1>", "Your answers were received.",
			"Your answers help decide what happens", `<a href="/s/safety-spring-2026/results?lang=en">See what residents said in each neighborhood</a>`,
			`<a href="/s/safety-spring-2026/thanks?lang=es" lang="es"`}},
		{name: "Spanish", path: "/s/" + exampleSlug + "/thanks?lang=es", contains: []string{"<h1>Gracias</h1>", "Recibimos sus respuestas.", "Sus respuestas ayudan", "/results?lang=es"}},
		{name: "Arabic", path: "/s/" + exampleSlug + "/thanks?lang=ar", contains: []string{`dir="rtl"`, "شكرًا لك"}},
	} {
		sc.method, sc.status = "GET", 200
		a.run(sc)
	}
	createSurvey(t, a.Store, `
slug: private-results
default_language: en
languages: [en]
title: {en: Private}
questions: [{id: q, type: text, text: {en: Say}}]
`, surveys.StatusOpen)
	a.run(scenario{name: "no public results", method: "GET", path: "/s/private-results/thanks", status: 200,
		contains: []string{"Thank you"}, excludes: []string{"/results"}})
	a.run(scenario{name: "post without key still stored", method: "POST", path: "/s/private-results", body: "q=hi", headers: sameOrigin(), status: 200, contains: []string{"Thank you"}})
}

// values is url.Values from key/value pairs.
func values(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// TestFormSurveyCache checks that the form keeps a survey in memory for
// FormSurveyTTL: a change shows once it expires, at once when disabled.
func TestFormSurveyCache(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		ttl  time.Duration
		want int
	}{
		{"kept for an hour", time.Hour, 200},
		{"read every time", -1, 410},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			a := newApp(t, withExample(), withChange(func(s *handlers.Server) { s.Options.FormSurveyTTL = c.ttl }))
			a.run(scenario{name: c.name + ": open", method: "GET", path: "/s/" + exampleSlug, status: 200})
			if _, err := a.Store.SetSurveyStatus(context.Background(), exampleSlug, surveys.StatusClosed); err != nil {
				t.Fatal(err)
			}
			a.run(scenario{name: c.name + ": after closing", method: "GET", path: "/s/" + exampleSlug, status: c.want})
		})
	}
}
