package handlers_test

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"canvass/auth"
)

var svgPattern = regexp.MustCompile(`(?s)<svg .*?</svg>`)

// checkSVGs checks every chart of a page is well-formed XML with a title.
func checkSVGs(t *testing.T, page string) int {
	t.Helper()
	svgs := svgPattern.FindAllString(page, -1)
	for _, s := range svgs {
		d := xml.NewDecoder(strings.NewReader(s))
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("chart is not well-formed: %v\n%.300s", err, s)
			}
		}
		if !strings.Contains(s, "<title") || !strings.Contains(s, `role="img"`) {
			t.Fatalf("chart without an accessible title: %.200s", s)
		}
	}
	return len(svgs)
}

// testStaffResultsPage reads the page of a series with two rounds and a
// target.
func testStaffResultsPage(t *testing.T, a *resultsApp) {
	a.addFallRound()
	path := "/admin/results/" + exampleSlug
	status, body, h := a.fetch(path+"?split=age", auth.RoleStaff, "Accept", "text/html")
	page := string(body)
	if status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		t.Fatalf("%d %.500s", status, page)
	}
	if n := checkSVGs(t, page); n < 10 {
		t.Fatalf("%d charts", n)
	}
	for _, want := range []string{
		`id="map"`, `<path d="M`, `id="compare"`, "Fall 2026", "30% more residents feel safe by day", // map, rounds, target
		`name="split"`, `<option value="age" selected>`, `name="measure"`, // the view form
		"results.csv?", "results.xlsx?", "results.geojson", "responses.csv", // downloads
		`id="nb-riverside"`, "25-34", "Hidden (fewer than 10)", // a table per neighborhood, split, suppression
		"/static/results.",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("staff page lacks %q", want)
		}
	}
	// The overall row's numbers are the JSON's.
	res := a.results("?split=age", auth.RoleStaff)
	q := res.Overall.Questions["safe_day"]
	if cell := fmt.Sprintf("%d (%.1f%%)", q.Counts["5"], float64(int64(float64(q.Counts["5"])*1000/float64(q.N)+0.5))/10); !strings.Contains(page, cell) {
		t.Errorf("page lacks the overall count %q", cell)
	}

	// A partner sees their neighborhood, and no raw downloads.
	_, body, _ = a.fetch(path, auth.RolePartner, "Accept", "text/html")
	page = string(body)
	if !strings.Contains(page, `id="nb-north-of-main"`) || strings.Contains(page, `id="nb-riverside"`) || strings.Contains(page, "responses.csv") {
		t.Fatal("partner page shows other neighborhoods or raw downloads")
	}
	// A bad parameter is shown, and the page still renders the whole survey.
	status, body, _ = a.fetch(path+"?min_n=2", auth.RoleStaff, "Accept", "text/html")
	if status != 200 || !strings.Contains(string(body), "min_n can be raised") {
		t.Fatalf("bad min_n: %d", status)
	}
	// A browser without a session is sent to sign in.
	req, _ := http.NewRequest("GET", a.URL+path, nil)
	req.Header.Set("Accept", "text/html")
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusFound {
		t.Fatalf("anonymous browser: %d", resp.StatusCode)
	}
	_, body, _ = a.fetch("/admin/results", auth.RolePartner, "Accept", "text/html")
	if !strings.Contains(string(body), "/admin/results/"+exampleSlug) || !strings.Contains(string(body), "/admin/results/safety-fall-2026") {
		t.Fatal("results index lacks the surveys")
	}
	// A partner's only page is results: the navigation must lead there.
	if !strings.Contains(string(body), `<li><a href="/admin/results"`) {
		t.Fatal("navigation lacks the results link for a partner")
	}
}

func testPublicResultsPage(t *testing.T, a *resultsApp) {
	path := "/s/" + exampleSlug + "/results"
	status, body, h := a.fetch(path+"?lang=es", "")
	page := string(body)
	if status != 200 || !strings.Contains(h.Get("Cache-Control"), "max-age=60") {
		t.Fatalf("%d %v", status, h)
	}
	checkSVGs(t, page)
	for _, want := range []string{`lang="es"`, "Lo que dijeron los residentes", "¿Cuánta seguridad siente", `id="map"`, "Responder la encuesta", "Oculto"} {
		if !strings.Contains(page, want) {
			t.Errorf("public page lacks %q", want)
		}
	}
	for _, leak := range []string{"¿Qué edad tiene?", "responses.csv", "results.csv", "admin-bar"} {
		if strings.Contains(page, leak) {
			t.Errorf("public page shows %q", leak)
		}
	}
	_, body, _ = a.fetch(path+"?lang=ar", "")
	if !strings.Contains(string(body), `dir="rtl"`) || !strings.Contains(string(body), "ماذا قال السكان") {
		t.Fatal("Arabic public page is not right to left")
	}
}

// testPublicResultsOff changes the survey: it needs a server of its own.
func testPublicResultsOff(t *testing.T, a *resultsApp) {
	path := "/s/" + exampleSlug + "/results"
	def := a.rec.Survey
	def.PublicResults = false
	if _, err := a.Store.UpdateSurvey(t.Context(), &def, ""); err != nil {
		t.Fatal(err)
	}
	if status, _, _ := a.fetch(path, ""); status != http.StatusNotFound {
		t.Fatalf("public results of a survey that does not allow them: %d", status)
	}
}
