package handlers_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"canvass/auth"
	"canvass/surveys/examples"
)

// An organizer sets a series' target in a page: the question's answers
// are offered once it is chosen, a target the API would refuse is refused
// with the problem beside it and nothing stored, and a good one is what
// the API then returns.
func TestSeriesTargetsPage(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	b := a.browser()
	b.mustLogin("organizer@example.org")
	survey := b.get("/admin/surveys/" + exampleSlug)
	expect(t, "survey page", survey, http.StatusOK, `href="/admin/series/safety"`, `href="/admin/surveys/`+exampleSlug+`/boundaries"`)
	p := b.get("/admin/series/safety")
	expect(t, "series page", p, http.StatusOK, "Spring 2026", "No targets yet.")
	p = b.post("/admin/series/safety", with(submitted(t, p, "/admin/series/safety"), "op", "add"))
	p = b.post("/admin/series/safety", with(submitted(t, p, "/admin/series/safety"), "op", "refresh", "t.0.question", "safe_day"))
	expect(t, "answers offered", p, http.StatusOK, `name="t.0.top" value="5"`)
	form := with(submitted(t, p, "/admin/series/safety"), "op", "save", "t.0.by", "Fall 2027", "t.0.label.en", "30% more feel safe by day")
	form["t.0.top"] = []string{"4", "5"}
	bad := b.post("/admin/series/safety", form)
	expect(t, "no change given", bad, http.StatusUnprocessableEntity, `id="target-0"`, `class="field-problem error"`)
	if set, _ := a.Store.Series(context.Background(), "safety"); len(set.Targets) != 0 {
		t.Fatal("a refused target was stored")
	}
	form.Set("t.0.change", "30")
	if done := b.post("/admin/series/safety", form); done.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %.800s", done.Status, done.Body)
	}
	req, _ := http.NewRequest("GET", a.URL+"/api/v1/series/safety", nil)
	req.Header.Set("Authorization", "Bearer "+a.Tokens[auth.RoleOrganizer])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	status, body := resp.StatusCode, string(raw)
	if status != http.StatusOK || !strings.Contains(body, `"question":"safe_day","top":["4","5"],"change":30,"unit":"percent","by":"Fall 2027"`) {
		t.Fatalf("the API after the page: %d %s", status, body)
	}
}

// Boundaries upload in a page: a file with problems is refused, each
// problem naming its feature as a person counts, nothing stored; a good
// one is stored and drawn, one outline per neighborhood.
func TestBoundariesPage(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	b := a.browser()
	b.mustLogin("organizer@example.org")
	p := b.get("/admin/surveys/" + exampleSlug + "/boundaries")
	expect(t, "boundaries page", p, http.StatusOK, `type="file"`)
	good, ok := examples.Boundaries(exampleSlug)
	if !ok {
		t.Fatal("the example has no boundaries")
	}
	broken := strings.Replace(string(good), `"id": "riverside"`, `"id": "downtown"`, 1)
	broken = strings.Replace(broken, `"id":"riverside"`, `"id":"downtown"`, 1)
	tok := url.Values{"_csrf": {csrf(t, p)}}
	bad := b.postFile("/admin/surveys/"+exampleSlug+"/boundaries", tok, "file", "areas.geojson", broken)
	expect(t, "broken file", bad, http.StatusUnprocessableEntity, "The file was not saved", "features, item 2 › properties › id", "downtown")
	if _, err := a.Store.Boundaries(context.Background(), exampleSlug); err == nil {
		t.Fatal("a refused file was stored")
	}
	saved := b.postFile("/admin/surveys/"+exampleSlug+"/boundaries", tok, "file", "areas.geojson", string(good))
	expect(t, "good file", saved, http.StatusOK, "Boundaries on file: 7 neighborhoods", `<svg class="boundary-map"`, "<title>Riverside</title>")
	if n := strings.Count(saved.Body, "<path d="); n != 7 {
		t.Errorf("%d outlines drawn", n)
	}
}

// with sets form fields in pairs, the form's other values kept.
func with(f url.Values, kv ...string) url.Values {
	for i := 0; i+1 < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return f
}
