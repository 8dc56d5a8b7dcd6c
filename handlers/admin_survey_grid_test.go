package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// The grid shows every text of the example in its six languages, none
// missing, and under each SMS message its segments and encoding per
// language; posted back unchanged it leaves the definition as it was.
func TestTranslationGridShowsEveryText(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	b := a.browser()
	b.mustLogin("organizer@example.org")
	stored, _ := a.Store.Survey(context.Background(), exampleSlug)
	p := b.get("/admin/surveys/" + exampleSlug + "/translations")
	expect(t, "grid", p, http.StatusOK, `name="questions[1].text.ar"`, "question 2 (safe_day) › text", "question 2 (safe_day) — SMS message",
		"SMS: language menu", "GSM-7", "UCS-2", `lang="vi" dir="ltr"`, `lang="ar" dir="rtl"`)
	if strings.Contains(p.Body, `class="missing"`) {
		t.Error("the complete example shows missing cells")
	}
	fields := 0
	for _, f := range stored.TextFields() {
		if f.Given() {
			fields++
		}
	}
	if cells := strings.Count(p.Body, `aria-label="`) - strings.Count(p.Body, `aria-label="Staff"`); cells < fields*6 {
		t.Errorf("%d cells for %d texts in 6 languages", cells, fields)
	}
	again := b.post("/admin/surveys/"+exampleSlug+"/translations", submitted(t, p, "/admin/surveys/"+exampleSlug+"/translations"))
	expect(t, "posted back", again, http.StatusOK, "not saved yet")
	if !sameDefinition(t, editorState(t, again), &stored.Survey) {
		t.Error("the grid posted back unchanged changes the definition")
	}
}

var missingCell = regexp.MustCompile(`(?s)<td class="missing">.*?<(?:input|textarea)[^>]* name="([^"]+)"`)

// A language added in the editor is filled in the grid: its cells are
// marked missing, a long message shows its segments, and once every cell
// is written the survey saves with the new language.
func TestTranslationGridFillsANewLanguage(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	b := a.browser()
	b.mustLogin("organizer@example.org")
	createFrom(t, b, b.get("/admin/surveys/new?start=blank"))
	const slug = "new-survey"
	p := b.get("/admin/surveys/" + slug + "/editor")
	p = editorOp(t, b, p, slug, "add_language", url.Values{"add_language_value": {"ht"}, "sms_keyword": {"KATYE"}})
	grid := editorOp(t, b, p, slug, "grid", nil)
	expect(t, "grid of the new language", grid, http.StatusOK, "Kreyòl ayisyen", "missing)", `class="missing"`)
	cells := missingCell.FindAllStringSubmatch(grid.Body, -1)
	if len(cells) < 20 {
		t.Fatalf("%d missing cells", len(cells))
	}
	form := submitted(t, grid, "/admin/surveys/"+slug+"/translations")
	for _, c := range cells {
		form.Set(c[1], "Tèks an kreyòl")
	}
	long := strings.Repeat("Èske ou santi w an sekirite nan katye w la? ", 5)
	form.Set("questions[1].text.ht", long)
	form.Set("op", "check")
	checked := b.post("/admin/surveys/"+slug+"/translations", form)
	expect(t, "counted", checked, http.StatusOK, `<td class="many">`)
	if strings.Contains(checked.Body, `class="missing"`) {
		t.Error("cells still missing after filling them")
	}
	form.Set("op", "save")
	saved := b.post("/admin/surveys/"+slug+"/translations", form)
	if saved.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %.1500s", saved.Status, saved.Body)
	}
	rec, _ := a.Store.Survey(context.Background(), slug)
	if !rec.HasLanguage("ht") || rec.Questions[1].Text["ht"] != strings.TrimSpace(long) || len(rec.Missing("ht")) != 0 {
		t.Fatalf("stored: %v %q", rec.Languages, rec.Questions[1].Text["ht"])
	}
}
