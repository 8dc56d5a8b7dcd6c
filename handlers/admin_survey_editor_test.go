package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"canvass/surveys"
)

// The editor's form, posted back unchanged, is the definition it shows:
// every field, every language (texts shown in one), nothing lost; saving
// it stores the same definition.
func TestEditorRoundTripsTheDefinition(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	b := a.browser()
	b.mustLogin("organizer@example.org")
	stored, err := a.Store.Survey(context.Background(), exampleSlug)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "ar"} {
		p := b.get("/admin/surveys/" + exampleSlug + "/editor?lang=" + lang)
		expect(t, "editor", p, http.StatusOK, `name="q.0.id" value="neighborhood"`, `name="op" value="save"`)
		again := editorOp(t, b, p, exampleSlug, "refresh", nil)
		expect(t, "refresh", again, http.StatusOK)
		if !sameDefinition(t, editorState(t, again), &stored.Survey) {
			t.Fatalf("editing in %s, the form posted back unchanged changes the definition", lang)
		}
	}
	p := b.get("/admin/surveys/" + exampleSlug + "/editor")
	saved := editorOp(t, b, p, exampleSlug, "save", nil)
	if saved.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %.600s", saved.Status, saved.Body)
	}
	after, _ := a.Store.Survey(context.Background(), exampleSlug)
	if !sameDefinition(t, &after.Survey, &stored.Survey) {
		t.Error("saving the unchanged editor changed the stored definition")
	}
}

// An organizer builds a survey in the editor from the blank start: a
// question of each type, options, a scale, a number range, a show-if
// chosen among an earlier question's answers, a neighborhood, a keyword;
// a problem shows beside its field and stops the save with nothing lost;
// adding a language lists every text it lacks; the YAML downloads.
func TestEditorBuildsASurvey(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	b := a.browser()
	b.mustLogin("organizer@example.org")
	start := b.get("/admin/surveys/new?start=blank")
	createFrom(t, b, start)
	const slug = "new-survey"
	p := b.get("/admin/surveys/" + slug + "/editor")
	expect(t, "editor", p, http.StatusOK, `name="q.5.id" value="tenure"`)

	p = editorOp(t, b, p, slug, "add_question", url.Values{"add_question_value": {"multi"}})
	p = editorOp(t, b, p, slug, "add_question", url.Values{"add_question_value": {"number"}, "q.6.text": {"Which services do you need?"},
		"q.6.o.0.text": {"Housing"}, "q.6.o.1.text": {"Jobs"}, "q.6.max_choices": {"2"}})
	p = editorOp(t, b, p, slug, "add_option:6", url.Values{"q.7.text": {"How many people live with you?"}, "q.7.number_min": {"1"}, "q.7.number_max": {"20"}})
	p = editorOp(t, b, p, slug, "add_question", url.Values{"q.6.o.2.text": {"Food"}, "add_question_value": {"text"}})
	p = editorOp(t, b, p, slug, "refresh", url.Values{"q.8.text": {"What would help?"}, "q.8.optional": {"0", "1"}, "q.8.show_if": {"safe_day"}})
	expect(t, "show-if answers offered", p, http.StatusOK, `name="q.8.show_if_in" value="1"`, `name="q.8.show_if_in" value="5"`)
	p = editorOp(t, b, p, slug, "refresh", url.Values{"q.8.show_if_in": {"1", "2"}, "sms_keyword": {"NEWS"},
		"n.0.name": {"North End"}, "n.0.match": {"02113, north"}, "q.1.scale_max": {"4"}})
	def := editorState(t, p)
	if got := def.Questions[8].ShowIf; got == nil || got.Question != "safe_day" || !slices.Equal(got.In, surveys.Values{"1", "2"}) {
		t.Fatalf("show-if: %+v", got)
	}
	if q := def.Questions[6]; q.Type != surveys.TypeMulti || len(q.Options) != 3 || q.MaxChoices != 2 || def.Questions[7].Number == nil || *def.Questions[7].Number.Max != 20 {
		t.Fatalf("questions: %+v %+v", q, def.Questions[7])
	}

	// A number that does not read, and a show-if on a later question:
	// each problem beside its field, the save refused, nothing lost.
	bad := editorOp(t, b, p, slug, "save", url.Values{"min_n": {"ten"}, "q.2.show_if": {"q9"}})
	expect(t, "bad save", bad, http.StatusUnprocessableEntity, `id="f-min-n-p"`, "“ten” is not a whole number.", `aria-invalid="true"`)
	if !strings.Contains(bad.Body, `What would help?</textarea>`) {
		t.Error("the refused save lost what was typed")
	}
	if rec, _ := a.Store.Survey(context.Background(), slug); len(rec.Questions) != 6 {
		t.Fatalf("a refused save stored %d questions", len(rec.Questions))
	}

	// Reorder: the text question moves above the number question.
	p = editorOp(t, b, p, slug, "up_question:8", nil)
	if def := editorState(t, p); def.Questions[7].Type != surveys.TypeText {
		t.Fatalf("after moving up: %v", def.Questions[7].Type)
	}
	p = editorOp(t, b, p, slug, "add_language", url.Values{"add_language_value": {"es"}})
	expect(t, "language added", p, http.StatusOK, `id="missing"`, "Español added", "question 8 (q9) › text", "neighborhood 1 (neighborhood-1) › name")
	p = editorOp(t, b, p, slug, "remove_language:es", nil)

	saved := editorOp(t, b, p, slug, "save", nil)
	if saved.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %.2000s", saved.Status, saved.Body)
	}
	rec, _ := a.Store.Survey(context.Background(), slug)
	if len(rec.Questions) != 9 || rec.SMS == nil || rec.SMS.Keyword != "NEWS" || rec.Neighborhoods[0].Match[1] != "north" || rec.Questions[1].Scale.Max != 4 {
		t.Fatalf("stored: %d questions, sms %+v", len(rec.Questions), rec.SMS)
	}
	yaml := b.get("/admin/surveys/" + slug + "/definition.yaml")
	expect(t, "download", yaml, http.StatusOK, "keyword: NEWS", "show_if:", "question: safe_day")
	if got := yaml.Header.Get("Content-Disposition"); !strings.Contains(got, slug+".yaml") {
		t.Errorf("download disposition %q", got)
	}
}

// Upload YAML in the editor: the editor shows it, unsaved; a file of
// another survey is refused with nothing changed.
func TestEditorUploadShowsTheYAML(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	b := a.browser()
	b.mustLogin("organizer@example.org")
	p := b.get("/admin/surveys/" + exampleSlug + "/editor")
	dl := editorOp(t, b, p, exampleSlug, "download", url.Values{"title": {"A new title"}})
	expect(t, "download unsaved", dl, http.StatusOK, "en: A new title")
	changed := strings.Replace(dl.Body, "min_n: 10", "min_n: 25", 1)
	form := submitted(t, p, "/admin/surveys/"+exampleSlug+"/editor")
	form.Set("op", "upload")
	up := b.postFile("/admin/surveys/"+exampleSlug+"/editor", form, "file", "s.yaml", changed)
	expect(t, "upload", up, http.StatusOK, `name="min_n" value="25"`, `value="A new title"`, "not saved yet")
	if rec, _ := a.Store.Survey(context.Background(), exampleSlug); rec.MinN != 10 {
		t.Fatal("the upload was saved before the organizer saved it")
	}
	other := b.postFile("/admin/surveys/"+exampleSlug+"/editor", form, "file", "s.yaml", strings.Replace(changed, "slug: "+exampleSlug, "slug: other", 1))
	expect(t, "another survey's file", other, http.StatusOK, `name="min_n" value="10"`, "other")
}
