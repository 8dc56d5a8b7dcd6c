package handlers_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"canvass/auth"
	"canvass/results"
)

func testResultsAPIMatchesAFold(t *testing.T, a *resultsApp) {
	day := func(s string) time.Time { d, _ := time.ParseInLocation(time.DateOnly, s, time.Local); return d }
	for _, tc := range []struct {
		query string
		view  results.View
	}{
		{"", results.View{}},
		{"?by=neighborhood&split=age", results.View{Split: "age"}},
		{"?channel=sms", results.View{Channel: "sms"}},
		{"?language=es&min_n=15", results.View{Language: "es", MinN: 15}},
		{"?split=tenure&channel=web", results.View{Split: "tenure", Channel: "web"}},
		{"?from=2026-03-10&to=2026-04-02", results.View{From: day("2026-03-09"), To: day("2026-04-06")}}, // whole weeks
	} {
		if tc.view.MinN == 0 {
			tc.view.MinN = a.rec.MinN
		}
		got := a.results(tc.query, auth.RoleStaff)
		if want := a.expected(tc.view, results.Options{}); mustJSON(t, got) != mustJSON(t, want) {
			t.Fatalf("results%s differ from a fold of the responses:\n got %s\nwant %s", tc.query, mustJSON(t, got), mustJSON(t, want))
		}
		if len(got.Groups) < len(a.rec.Neighborhoods) {
			t.Fatalf("results%s: %d groups; every neighborhood must be listed", tc.query, len(got.Groups))
		}
	}
	// A partner sees their neighborhood only, with the same (published)
	// numbers as an organizer, who may see them all.
	part := a.results("?split=age", auth.RolePartner)
	full := groupByKey(a.results("?split=age", auth.RoleOrganizer))
	for _, g := range part.Groups {
		k := g.Neighborhood + "/"
		if g.Split != nil {
			k += *g.Split
		}
		if g.Neighborhood != "north-of-main" || mustJSON(t, g) != mustJSON(t, full[k]) {
			t.Fatalf("partner sees %s", mustJSON(t, g))
		}
	}
	if part.Overall != nil || len(part.Groups) != 1+6+1 {
		t.Fatalf("partner view: overall %v, %d groups", part.Overall, len(part.Groups))
	}
}

func testResultsAPIShapeAndErrors(t *testing.T, a *resultsApp) {
	status, body, _ := a.fetch("/api/v1/surveys/"+exampleSlug+"/results", auth.RolePartner)
	if status != http.StatusOK {
		t.Fatalf("%d %s", status, body)
	}
	// design.md's shape: a suppressed group has n and no counts.
	var raw map[string]any
	if err := json.Unmarshal(body, &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"survey", "total", "min_n", "groups", "split"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("results JSON lacks %q: %s", k, body)
		}
	}
	for _, sc := range []struct {
		query, contains string
		status          int
	}{
		{"?min_n=5", `"path":"min_n"`, 422},
		{"?split=safe_day", `"path":"split"`, 422},
		{"?split=nope&channel=fax&language=fr&from=yesterday", `"path":"language"`, 422},
		{"?by=age", `"path":"by"`, 422},
		{"?to=2026-01-01&from=2026-02-01", `"path":"to"`, 422},
	} {
		status, body, _ := a.fetch("/api/v1/surveys/"+exampleSlug+"/results"+sc.query, auth.RoleStaff)
		if status != sc.status || !strings.Contains(string(body), sc.contains) {
			t.Errorf("%s: %d %s", sc.query, status, body)
		}
	}
	if status, _, _ := a.fetch("/api/v1/surveys/nope/results", auth.RoleStaff); status != http.StatusNotFound {
		t.Errorf("unknown survey: %d", status)
	}
	if status, _, _ := a.fetch("/api/v1/surveys/"+exampleSlug+"/results", ""); status != http.StatusUnauthorized {
		t.Errorf("anonymous: %d", status)
	}
	for _, f := range []string{"csv", "xlsx", "ndjson"} {
		if status, _, _ := a.fetch("/api/v1/surveys/"+exampleSlug+"/responses."+f, auth.RolePartner); status != http.StatusForbidden {
			t.Errorf("a partner may not read raw responses (%s): %d", f, status)
		}
	}
}

func testLiveResultsFollowNewResponsesAndRebuild(t *testing.T, a *resultsApp) {
	before := a.results("", auth.RoleStaff).Total
	a.addResponses(7, 9)
	if got := a.results("", auth.RoleStaff).Total; got != before+7 {
		t.Fatalf("total %d after 7 more, want %d", got, before+7)
	}
	status, body, _ := a.send("POST", "/api/v1/surveys/"+exampleSlug+"/results/rebuild", auth.RoleOrganizer, "")
	if status != http.StatusOK || !strings.Contains(string(body), fmt.Sprintf(`"responses":%d`, len(a.responses))) {
		t.Fatalf("rebuild: %d %s", status, body)
	}
	if got := a.results("", auth.RoleStaff); mustJSON(t, got) != mustJSON(t, a.expected(results.View{MinN: a.rec.MinN}, results.Options{})) {
		t.Fatal("results after a rebuild differ from a fold of the responses")
	}
}
