package handlers_test

import (
	"net/url"
	"strings"
	"testing"
)

// TestFormValidation posts one wrong answer of each kind: every problem
// is shown beside its question and linked from the summary at the top, the
// other answers stay filled in, and nothing is stored.
func TestFormValidation(t *testing.T) {
	t.Parallel()
	a := newApp(t, withExample())
	path := "/s/" + exampleSlug
	keepsAnswers := []string{
		`id="f-neighborhood-riverside" name="neighborhood" value="riverside" checked`,
		`id="f-unsafe_why-lighting" name="unsafe_why" value="lighting" checked`,
	}
	for _, sc := range []struct {
		name     string
		path     string
		more     url.Values
		contains []string
		excludes []string
	}{
		{name: "required single missing", more: values("safe_night", ""), contains: []string{
			`<p class="err" id="e-safe_night"><span class="vh">Error: </span>Please answer this question.</p>`,
			`<li><a href="#f-safe_night-1">How safe do you feel walking in your neighborhood at night? — Please answer this question.</a></li>`,
			`<fieldset class="q invalid" id="q-safe_night" aria-describedby="e-safe_night">`,
			"<title>Error: Neighborhood Safety and Services Survey</title>", "1 answer needs your attention",
			`class="summary" role="alert" tabindex="-1" autofocus`}},
		{name: "required neighborhood missing", more: values("neighborhood", ""), contains: []string{
			`href="#f-neighborhood-north-of-main"`, `id="e-neighborhood"`, `id="f-safe_day-4" name="safe_day" value="4" checked`}},
		{name: "unknown neighborhood", more: values("neighborhood", "atlantis"), contains: []string{"Please choose one of the options.", `id="e-neighborhood"`}},
		{name: "two neighborhoods", more: values("neighborhood", "riverside", "neighborhood", "eastgate"), contains: []string{"Please choose one of the options."}},
		{name: "scale out of range", more: values("safe_day", "7"), contains: []string{"Please answer with a number from 1 to 5.", `id="e-safe_day"`}},
		{name: "scale not a number", more: values("safe_day", "very"), contains: []string{"Please answer with a number from 1 to 5."}},
		{name: "too many choices", more: values("unsafe_why", "lighting", "unsafe_why", "speeding", "unsafe_why", "drugs", "unsafe_why", "guns"),
			contains: []string{"Please choose at most 3 options.", `id="e-unsafe_why"`, `value="guns" checked`}},
		{name: "unknown option", more: values("needs", "jetpacks"), contains: []string{"Please choose from the options listed.", `id="e-needs"`}},
		{name: "single with two answers", more: values("age", "age_18_24", "age", "age_25_34"), contains: []string{"Please choose one of the options.", `id="e-age"`}},
		{name: "number not a number", more: values("household", "three"), contains: []string{
			"Please answer with a whole number, using digits.", `name="household" value="three"`, `aria-describedby="h-household n-household e-household" aria-invalid="true"`}},
		{name: "number out of range", more: values("household", "25"), contains: []string{"Please give a number from 1 up to 20.", `value="25"`}},
		{name: "text too long", more: values("safe_night", "1", "comment", strings.Repeat("é", 2001)),
			contains: []string{"Please shorten your answer to 2000 characters or fewer.", `id="e-comment"`, `<fieldset class="q invalid" id="q-comment" data-show-if="safe_night" data-show-in="1 2" aria-describedby`}},
		{name: "text not UTF-8", more: values("safe_night", "2", "comment", "caf\xe9"), contains: []string{"This answer contains characters that could not be read."}},
		{name: "several problems", more: values("neighborhood", "", "safe_day", "9", "household", "0"), contains: []string{
			"3 answers need your attention", `href="#f-neighborhood-north-of-main"`, `href="#f-safe_day-1"`, `href="#f-household"`}},
		{name: "Spanish", path: path + "?lang=es", more: values("safe_night", "", "household", "x"), contains: []string{
			`<html lang="es"`, "2 respuestas necesitan su atención", "Por favor, responda esta pregunta.",
			"Por favor, responda con un número entero, en cifras.", "Error: Encuesta sobre seguridad"}},
		{name: "Arabic dual", path: path + "?lang=ar", more: values("safe_night", "", "household", "x"), contains: []string{
			`dir="rtl"`, "إجابتان تحتاجان إلى مراجعتك", "يُرجى الإجابة عن هذا السؤال."}},
		{name: "Vietnamese", path: path + "?lang=vi", more: values("safe_day", ""), contains: []string{"Có 1 câu trả lời cần bạn xem lại", "Lỗi:"}},
	} {
		p := sc.path
		if p == "" {
			p = path
		}
		a.run(scenario{name: sc.name, method: "POST", path: p, body: complete(testKey(7), sc.more), headers: sameOrigin(), status: 422,
			contains: append(append([]string{`name="_key" value="` + testKey(7) + `"`}, sc.contains...), keepsAnswersUnless(sc.more, keepsAnswers)...),
			excludes: append([]string{"Thank you", "Gracias"}, sc.excludes...)})
	}
	if n := countResponses(t, a.Store); n != 0 {
		t.Errorf("%d responses stored after invalid posts, want 0", n)
	}
}

// keepsAnswersUnless returns the kept-answer checks whose field the
// scenario does not change.
func keepsAnswersUnless(more url.Values, checks []string) []string {
	var out []string
	for _, c := range checks {
		field := strings.SplitN(strings.SplitN(c, `name="`, 2)[1], `"`, 2)[0]
		if _, changed := more[field]; !changed {
			out = append(out, c)
		}
	}
	return out
}
