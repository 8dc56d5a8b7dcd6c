package handlers_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"canvass/surveys"
)

var definitionBox = regexp.MustCompile(`(?s)<textarea id="definition"[^>]*>(.*?)</textarea>`)

// definitionIn returns what a page's definition text box holds.
func definitionIn(t *testing.T, p page) string {
	t.Helper()
	m := definitionBox.FindStringSubmatch(p.Body)
	if m == nil {
		t.Fatalf("no definition box: %.400s", p.Body)
	}
	return html.UnescapeString(m[1])
}

// createFrom saves the definition a start filled in, unchanged.
func createFrom(t *testing.T, b *browser, start page) string {
	t.Helper()
	p := b.postFile("/admin/surveys", url.Values{"_csrf": {csrf(t, start)}, "definition": {definitionIn(t, start)}, "action": {"save"}}, "", "", "")
	if p.Status != http.StatusSeeOther {
		t.Fatalf("creating from a start: %d %.800s", p.Status, p.Body)
	}
	return p.Location
}

// A new survey starts from the example, a blank survey with the common
// questions in the organizer's language, or the next round of a survey;
// each saves as it comes, and the example is linked where YAML is written.
func TestNewSurveyStarts(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	b := a.browser()
	b.mustLogin("organizer@example.org")
	p := b.get("/admin/surveys/new")
	expect(t, "new survey", p, http.StatusOK, `name="start" value="blank"`, `name="start" value="example"`,
		`<option value="`+exampleSlug+`"`, `href="/admin/surveys/new/example.yaml"`)
	ex := b.get("/admin/surveys/new/example.yaml")
	expect(t, "the example survey", ex, http.StatusOK, "slug: safety-spring-2026", "# Example survey")

	blank := b.do("GET", "/admin/surveys/new?start=blank", nil, "", "Accept-Language", "es")
	expect(t, "blank, in Spanish", blank, http.StatusOK, "preguntas comunes")
	if src := definitionIn(t, blank); !strings.Contains(src, "es: Nueva encuesta") || !strings.Contains(src, "Vecindario 2") || strings.Contains(src, "en:") {
		t.Errorf("the blank survey in Spanish:\n%s", src)
	}
	loc := createFrom(t, b, blank)
	rec, err := a.Store.Survey(context.Background(), "new-survey")
	if err != nil || !slices.Equal(rec.Languages, []string{"es"}) || !strings.HasPrefix(loc, "/admin/surveys/new-survey") {
		t.Fatalf("the blank survey saved: %v %v → %s", rec, err, loc)
	}

	example := b.get("/admin/surveys/new?start=example")
	if src := definitionIn(t, example); !strings.Contains(src, "slug: my-safety-survey\n") || !strings.Contains(src, "# Example survey") {
		t.Errorf("from the example:\n%.400s", src)
	}
	createFrom(t, b, example)

	survey := b.get("/admin/surveys/" + exampleSlug)
	expect(t, "survey page", survey, http.StatusOK, `href="/admin/surveys/new?start=next&amp;from=`+exampleSlug+`#next-round"`)
	unnamed := b.get("/admin/surveys/new?start=next&from=" + exampleSlug + "&round=+")
	expect(t, "next round without a name", unnamed, http.StatusUnprocessableEntity, `aria-invalid="true"`, "Name the new round")
	next := b.get("/admin/surveys/new?start=next&from=" + exampleSlug + "&round=Fall+2026")
	src := definitionIn(t, next)
	for _, want := range []string{"slug: safety-fall-2026\n", "series: safety\n", "round: Fall 2026\n", "keyword: SAFE\n", "id: safe_night\n"} {
		if !strings.Contains(src, want) {
			t.Errorf("the next round lacks %q:\n%.600s", want, src)
		}
	}
	createFrom(t, b, next)
	fall, err := a.Store.Survey(context.Background(), "safety-fall-2026")
	if err != nil || fall.Status != surveys.StatusDraft || fall.Series != "safety" {
		t.Fatalf("the next round saved: %v %v", fall, err)
	}

	staff := a.browser()
	staff.mustLogin("staff@example.org")
	if p := staff.get("/admin/surveys/new?start=blank"); p.Status != http.StatusForbidden {
		t.Errorf("staff starting a survey: %d", p.Status)
	}
}
