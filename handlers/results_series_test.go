package handlers_test

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"canvass/auth"
	"canvass/results"
	"canvass/surveys"
	"canvass/synth"
)

// addRound opens a second round of the example's series, an hour later,
// with n synthetic responses.
func (a *resultsApp) addRound(slug, round string, n int, seed uint64) *surveys.Record {
	a.t.Helper()
	ctx := context.Background()
	def := a.rec.Survey
	// A new round names itself: the first round's translated names would
	// outrank round on every page (RoundIn).
	def.Slug, def.Round, def.RoundLabel, def.SMS = slug, round, nil, nil
	if _, err := a.Store.CreateSurvey(ctx, &def, ""); err != nil {
		a.t.Fatal(err)
	}
	later := time.Now().Add(time.Hour)
	a.Store.SetClock(func() time.Time { return later })
	defer a.Store.SetClock(func() time.Time { return time.Now().UTC() })
	rec, err := a.Store.SetSurveyStatus(ctx, slug, surveys.StatusOpen)
	if err != nil {
		a.t.Fatal(err)
	}
	g := synth.New(&rec.Survey, seed, later, later.Add(24*time.Hour))
	batch := make([]*surveys.Response, n)
	for i := range batch {
		batch[i] = g.Next()
		batch[i].Version = rec.Version
	}
	if _, err := a.Store.InsertResponseBatch(ctx, slug, batch); err != nil {
		a.t.Fatal(err)
	}
	return rec
}

// fallTarget is a target of the example's series, for its second round.
const fallTarget = `{"targets":[{"question":"safe_day","top":["4","5"],"change":30,"unit":"percent","by":"Fall 2027","label":{"en":"30% more residents feel safe by day"}}]}`

// addFallRound opens the example series' second round, Fall 2026, with
// 200 responses, and sets the series' target.
func (a *resultsApp) addFallRound() {
	a.t.Helper()
	a.addRound("safety-fall-2026", "Fall 2026", 200, 62)
	if status, body, _ := a.send("PUT", "/api/v1/series/safety", auth.RoleOrganizer, fallTarget); status != http.StatusOK {
		a.t.Fatalf("series target: %d %s", status, body)
	}
}

func testSeriesTargetsAndComparison(t *testing.T, a *resultsApp) {
	a.addRound("safety-fall-2026", "Fall 2026", 200, 62)
	target := fallTarget
	for _, sc := range []struct {
		role   auth.Role
		body   string
		status int
		want   string
	}{
		{auth.RoleStaff, target, 403, ""},
		{auth.RoleOrganizer, `{"targets":[{"question":"nope","top":["1"],"change":0,"unit":"miles"}]}`, 422, `"path":"targets[0].question"`},
		{auth.RoleOrganizer, `{"targetz":[]}`, 422, "JSON"},
		{auth.RoleOrganizer, target, 200, `"by":"Fall 2027"`},
	} {
		status, body, _ := a.send("PUT", "/api/v1/series/safety", sc.role, sc.body)
		if status != sc.status || !strings.Contains(string(body), sc.want) {
			t.Errorf("PUT as %s: %d %s", sc.role, status, body)
		}
	}
	status, body, _ := a.fetch("/api/v1/series/safety", auth.RolePartner)
	if status != 200 || !strings.Contains(string(body), `"survey":"safety-spring-2026"`) || !strings.Contains(string(body), `"round":"Fall 2026"`) {
		t.Fatalf("series: %d %s", status, body)
	}

	status, body, _ = a.fetch("/api/v1/series/safety/compare?question=safe_day", auth.RoleStaff)
	if status != 200 {
		t.Fatalf("compare: %d %s", status, body)
	}
	var cmp results.Comparison
	if err := json.Unmarshal(body, &cmp); err != nil {
		t.Fatal(err)
	}
	if len(cmp.Rounds) != 2 || cmp.Rounds[0].Survey != exampleSlug || cmp.Target == nil || strings.Join(cmp.Top, ",") != "4,5" {
		t.Fatalf("compare: %s", body)
	}
	// Every share shown equals the round's results JSON, counted again here.
	byRound := map[string]map[string]*results.Group{}
	for _, r := range cmp.Rounds {
		byRound[r.Survey] = groupByKey(a.resultsOf(r.Survey, ""))
	}
	rows := append([]results.CompareRow{*cmp.Overall}, cmp.Neighborhoods...)
	for _, row := range rows {
		for i, rs := range row.Rounds {
			g := byRound[rs.Survey][row.Neighborhood+"/"]
			if g.Suppressed || g.Questions["safe_day"].Suppressed {
				if !rs.Suppressed || rs.Share != nil {
					t.Fatalf("%s %s: shown though suppressed in the results", row.Neighborhood, rs.Survey)
				}
				continue
			}
			q := g.Questions["safe_day"]
			want := math.Round(float64(q.Counts["4"]+q.Counts["5"])*1000/float64(q.N)) / 10
			if rs.Share == nil || math.Abs(*rs.Share-want) > 0.05 || rs.N != q.N {
				t.Fatalf("%s %s: share %v n %d, results give %.1f of %d", row.Neighborhood, rs.Survey, rs.Share, rs.N, want, q.N)
			}
			if i == 1 && row.Rounds[0].Share != nil && (len(row.Changes) != 1 || math.Abs(row.Changes[0].Points-(*rs.Share-*row.Rounds[0].Share)) > 0.11) {
				t.Fatalf("%s: change %+v", row.Neighborhood, row.Changes)
			}
		}
		if row.Target == nil || row.Target.BaselineRound != exampleSlug {
			t.Fatalf("%s: target progress %+v", row.Neighborhood, row.Target)
		}
	}
	status, body, _ = a.fetch("/api/v1/series/safety/compare?question=safe_day&top=4,5", auth.RolePartner)
	var part results.Comparison
	if err := json.Unmarshal(body, &part); err != nil || status != 200 || part.Overall != nil || len(part.Neighborhoods) != 1 {
		t.Fatalf("partner compare: %d %s", status, body)
	}
	for _, sc := range []struct {
		path   string
		status int
	}{
		{"/api/v1/series/safety/compare", 422},
		{"/api/v1/series/safety/compare?question=safe_day&top=9", 422},
		{"/api/v1/series/safety/compare?question=comment&top=x", 422},
		{"/api/v1/series/safety/compare?question=needs&top=housing,jobs", 422},
		{"/api/v1/series/nope/compare?question=safe_day&top=5", 404},
		{"/api/v1/series/safety/compare?question=needs&top=housing", 200},
	} {
		if status, body, _ := a.fetch(sc.path, auth.RoleStaff); status != sc.status {
			t.Errorf("%s: %d %s", sc.path, status, body)
		}
	}
}

// resultsOf GETs another survey's results JSON as staff.
func (a *resultsApp) resultsOf(slug, query string) *results.Results {
	a.t.Helper()
	status, body, _ := a.fetch("/api/v1/surveys/"+slug+"/results"+query, auth.RoleStaff)
	if status != http.StatusOK {
		a.t.Fatalf("%s results: %d %s", slug, status, body)
	}
	var res results.Results
	if err := json.Unmarshal(body, &res); err != nil {
		a.t.Fatal(err)
	}
	return &res
}
