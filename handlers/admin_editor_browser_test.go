package handlers_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"canvass/surveys"
)

// TestOrganizerBuildsSurveyInBrowser walks an organizer through a real,
// headless Chromium, never typing YAML: sign in, start from the blank
// survey, add a question of each type with a show-if, save; add Spanish
// and fill its texts in the translation grid, where a long message shows
// its segments; preview, open, answer on the resident form; then start
// the next round, which opens in place of this one. Screenshots are kept
// in testdata-artifacts/.
func TestOrganizerBuildsSurveyInBrowser(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a browser")
	}
	a := newStaffApp(t)
	shots := artifactDir(t)
	b := desktopTab(t, newBrowser(t))
	shot := func(name string) { t.Helper(); screenshot(t, b, shots, name) }
	click := func(css string) { t.Helper(); navigate(t, b, chromedp.Click(chromedp.CSS(css))) }
	set := func(id, value string) { t.Helper(); do(t, b, chromedp.SetValue(chromedp.ID(id), value)) }

	navigate(t, b, chromedp.Navigate(a.URL+"/admin/surveys/new"))
	do(t, b, chromedp.SendKeys(chromedp.ID("email"), "organizer@example.org"), chromedp.SendKeys(chromedp.ID("password"), staffPassword))
	click(`button[type="submit"]`)
	waitPath(t, b, "/admin/surveys/new")

	// Start from the blank survey and create it as it comes.
	click(`form:has(input[value="blank"]) button`)
	shot("1-blank-start.png")
	click(`button[value="save"]`)
	waitPath(t, b, "/admin/surveys/new-survey")
	click(`a[href$="/editor"]`)
	waitPath(t, b, "/admin/surveys/new-survey/editor")

	// A question of each type the blank survey lacks: q7 single, q8
	// multi, q9 scale, q10 number, q11 text.
	for _, typ := range []string{"single", "multi", "scale", "number", "text"} {
		set("add-question", typ)
		click(`button[value="add_question"]`)
	}
	texts := map[string]string{
		"f-q-6-text": "Do you feel welcome here?", "f-q-6-o-0-text": "Yes", "f-q-6-o-1-text": "No",
		"f-q-7-text": "What would you use?", "f-q-7-o-0-text": "A library", "f-q-7-o-1-text": "A clinic",
		"f-q-8-text": "How clean is your street?", "f-q-8-scale-low": "Very dirty", "f-q-8-scale-high": "Very clean",
		"f-q-9-text": "How many children live with you?", "f-q-9-number-min": "0", "f-q-9-number-max": "15",
		"f-q-10-text": "What would make it cleaner?", "f-sms-keyword": "BLOCK", "f-n-0-name": "North End", "f-n-1-name": "Riverside",
	}
	for id, v := range texts {
		set(id, v)
	}
	do(t, b, chromedp.Click(chromedp.ID("f-q-10-optional")))
	set("f-q-10-show-if", "q9")
	click(`button[value="refresh"]`)
	for _, v := range []string{"1", "2"} {
		do(t, b, chromedp.Click(chromedp.CSS(`input[name="q.10.show_if_in"][value="`+v+`"]`)))
	}
	shot("2-editor-questions.png")
	checkAxe(t, b)
	click(`button[value="save"]`)
	waitPath(t, b, "/admin/surveys/new-survey/editor")
	if n := eval[int](t, b, `document.querySelectorAll(".field-problem.error").length`); n != 0 {
		shot("2-editor-errors.png")
		t.Fatalf("%d errors after saving the editor", n)
	}
	rec, err := a.Store.Survey(context.Background(), "new-survey")
	if err != nil || len(rec.Questions) != 11 || rec.Questions[10].ShowIf == nil || rec.Questions[10].ShowIf.Question != "q9" {
		t.Fatalf("stored after the editor: %v", err)
	}

	// Spanish, filled in the grid; a long question shows its segments.
	set("add-language", "es")
	click(`button[value="add_language"]`)
	if missing := eval[int](t, b, `document.querySelectorAll("#missing li").length`); missing < 30 {
		t.Errorf("adding Spanish lists %d missing texts", missing)
	}
	shot("3-language-added.png")
	click(`button[value="grid"]`)
	eval[bool](t, b, `document.querySelectorAll("td.missing input, td.missing textarea").forEach((el, i) => el.value = "Texto " + (i + 1)), true`)
	eval[bool](t, b, `document.querySelector('[name="questions[1].text.es"]').value = "¿Qué tan seguro se siente al caminar por su vecindario durante el día, y también por la noche cuando regresa del trabajo o de la escuela?", true`)
	click(`button[value="check"]`)
	if eval[int](t, b, `document.querySelectorAll("td.missing").length`) != 0 || eval[int](t, b, `document.querySelectorAll("tr.sms-row td.many").length`) == 0 {
		t.Error("the grid shows missing cells after filling them, or no message of more than one segment")
	}
	shot("4-grid-segments.png")
	checkAxe(t, b)
	click(`button[value="save"]`)
	waitPath(t, b, "/admin/surveys/new-survey/translations")

	// Preview in Spanish, then open.
	navigate(t, b, chromedp.Navigate(a.URL+"/admin/surveys/new-survey"))
	click(`a[href$="/preview?lang=es"]`)
	shot("5-preview-es.png")
	navigate(t, b, chromedp.Navigate(a.URL+"/admin/surveys/new-survey"))
	click(`form[action$="/open"] button`)
	if status := eval[string](t, b, `document.querySelector(".heading-row .status").textContent`); status != "Open" {
		t.Fatalf("status after opening %q", status)
	}

	// A resident answers; the show-if question appears for a low score.
	navigate(t, b, chromedp.Navigate(a.URL+"/s/new-survey?lang=en"))
	for _, id := range []string{"f-neighborhood-neighborhood-1", "f-safe_day-4", "f-q7-option1", "f-q8-option2", "f-q9-1"} {
		do(t, b, chromedp.Click(chromedp.CSS(`label[for="`+id+`"]`)))
	}
	do(t, b, chromedp.SendKeys(chromedp.ID("f-q10"), "2"), chromedp.WaitVisible(chromedp.ID("f-q11")), chromedp.SendKeys(chromedp.ID("f-q11"), "Bins on every corner"))
	shot("6-resident-form.png")
	click(`form[data-survey] button[type="submit"]:not([name])`)
	waitPath(t, b, "/s/new-survey/thanks")
	if rec, _ := a.Store.Survey(context.Background(), "new-survey"); rec.Responses != 1 {
		t.Errorf("%d responses stored", rec.Responses)
	}

	// The next round keeps the keyword; opening it closes this round.
	navigate(t, b, chromedp.Navigate(a.URL+"/admin/surveys/new-survey"))
	click(`a[href*="start=next"]`)
	set("round", "Fall 2026")
	click(`#next-round button`)
	click(`button[value="save"]`)
	waitPath(t, b, "/admin/surveys/new-survey-fall-2026")
	shot("7-next-round.png")
	checkAxe(t, b)
	click(`#in-the-way button`)
	for slug, want := range map[string]surveys.Status{"new-survey": surveys.StatusClosed, "new-survey-fall-2026": surveys.StatusOpen} {
		if rec, err := a.Store.Survey(context.Background(), slug); err != nil || rec.Status != want {
			t.Errorf("%s: %v %v, want %s", slug, rec.Status, err, want)
		}
	}
	shot("8-next-round-open.png")

	// The pages for targets and boundaries pass the same checks.
	for _, path := range []string{"/admin/series/safety", "/admin/surveys/" + exampleSlug + "/boundaries", "/admin/surveys/new?start=next&from=new-survey"} {
		navigate(t, b, chromedp.Navigate(a.URL+path))
		checkAxe(t, b)
	}
}
