package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"canvass/results"
	"canvass/store"
	"canvass/store/storetest"
	"canvass/surveys"
)

// resultsJSON is a view's results without the dates it covers (a view
// with dates says which weeks).
func resultsJSON(t *testing.T, def *surveys.Survey, view results.View, vt *results.ViewTallies) string {
	t.Helper()
	res := results.Compute(def, view, vt, results.Options{})
	res.From, res.To = "", ""
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Every view the counters answer equals the same view folded from the raw
// responses, also across a new version that dropped a neighborhood and an
// age option; on the shared test server (counters read from the
// database, as on MongoDB) and from the mirror in memory of a store that
// is its database's only writer, as canvass is of its embedded database
// (live submissions, batches and a rebuild must keep the mirror equal to
// the database: it is checked after each).
func TestViewsFromCountersEqualFoldsAcrossVersions(t *testing.T) {
	t.Parallel()
	for _, mirrored := range []bool{false, true} {
		t.Run(fmt.Sprintf("mirrored=%v", mirrored), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			o := storetest.Options(t)
			o.SoleWriter, o.Location = mirrored, time.UTC
			st := storetest.Open(t, o)
			rec := openExample(t, st)
			if mirrored {
				viewsAgree(t, st, rec) // loads the mirror before anything is counted
			}
			n, err := st.InsertResponseBatch(ctx, rec.Slug, synthResponses(rec, 21, 80))
			if err != nil || n != 80 {
				t.Fatalf("batch: %d %v", n, err)
			}
			// The same batch again is all duplicates: nothing more is counted.
			if n, err := st.InsertResponseBatch(ctx, rec.Slug, synthResponses(rec, 21, 80)); err != nil || n != 0 {
				t.Fatalf("duplicate batch: %d %v", n, err)
			}
			if mirrored {
				viewsAgree(t, st, rec)
			}
			v2 := rec.Survey
			v2.Neighborhoods = v2.Neighborhoods[1:] // north-of-main is gone
			age, _ := v2.Question("age")
			age.Options = age.Options[1:] // and the youngest age group
			rec2, err := st.UpdateSurvey(ctx, &v2, "")
			if err != nil || rec2.Version != 2 {
				t.Fatalf("update: %v %+v", err, rec2)
			}
			for _, r := range synthResponses(rec2, 22, 25) {
				if _, err := st.InsertResponse(ctx, r); err != nil {
					t.Fatal(err)
				}
			}
			rec2, _ = st.Survey(ctx, rec.Slug)
			if rec2.Responses != 105 {
				t.Fatalf("survey total %d", rec2.Responses)
			}
			if mirrored {
				viewsAgree(t, st, rec2)
			}
			all, _ := st.ViewTallies(ctx, rec2, results.View{MinN: 5})
			var total int64
			for _, g := range all.Groups {
				total += g.N
			}
			if total != 105 || all.Groups[results.Unassigned].N == 0 {
				t.Fatalf("total %d; responses of the removed neighborhood must count as unassigned: %+v", total, all.Groups[results.Unassigned])
			}
			if drift, _, err := st.CheckTallies(ctx, rec.Slug); err != nil || len(drift) != 0 {
				t.Fatalf("check: %d drifted, %v", len(drift), err)
			}
			if _, err := st.RebuildTallies(ctx, rec.Slug); err != nil {
				t.Fatal(err)
			}
			viewsAgree(t, st, rec2)
		})
	}
}

// viewsAgree checks every kind of view the counters answer against the
// fold of the raw responses.
func viewsAgree(t *testing.T, st *store.Store, rec *surveys.Record) {
	t.Helper()
	ctx := context.Background()
	// synthResponses spread over March 2026.
	from, to := time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 23, 0, 0, 0, 0, time.UTC)
	for _, view := range []results.View{{}, {Split: "age"}, {Channel: "sms"}, {Language: "so"},
		{Split: "age", Channel: "web"}, {Split: "tenure", Language: "es"}, {Channel: "sms", Language: "en"},
		{From: from, To: to}, {From: from}, {To: to, Split: "age"}, {From: from, Channel: "web"}, {From: from, To: to, Language: "vi"}} {
		view.MinN = 5
		if !view.FromCounters() {
			t.Fatalf("view %+v is not answered from counters", view)
		}
		counted, err := st.ViewTallies(ctx, rec, view)
		if err != nil {
			t.Fatal(err)
		}
		folded, err := st.FoldView(ctx, rec, view)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := resultsJSON(t, &rec.Survey, view, counted), resultsJSON(t, &rec.Survey, view, folded); a != b {
			t.Fatalf("view %+v: counters and fold differ:\n%s\n%s", view, a, b)
		}
	}
}

func TestSeriesTargetsAndBoundariesRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	rec := openExample(t, st)
	s, err := st.Series(ctx, "safety")
	if err != nil || len(s.Targets) != 0 {
		t.Fatalf("unset series: %+v %v", s, err)
	}
	set := &results.Series{Series: "safety", Targets: []results.Target{{Question: "safe_day", Top: []string{"4", "5"}, Change: 30, Unit: "percent", By: "Fall 2027"}}, UpdatedBy: "tester"}
	if _, err := st.SetSeries(ctx, set); err != nil {
		t.Fatal(err)
	}
	s, err = st.Series(ctx, "safety")
	if err != nil || len(s.Targets) != 1 || s.Targets[0].By != "Fall 2027" || s.UpdatedBy != "tester" || s.UpdatedAt.IsZero() {
		t.Fatalf("%+v %v", s, err)
	}
	rounds, err := st.SeriesRounds(ctx, "safety")
	if err != nil || len(rounds) != 1 || rounds[0].Slug != rec.Slug {
		t.Fatalf("rounds %v %v", rounds, err)
	}
	if _, err := st.Boundaries(ctx, rec.Slug); !surveys.IsNotFound(err) {
		t.Fatalf("no boundaries yet: %v", err)
	}
	if err := st.SetBoundaries(ctx, rec.Slug, []byte(`{"type":"FeatureCollection","features":[]}`), "tester"); err != nil {
		t.Fatal(err)
	}
	if b, err := st.Boundaries(ctx, rec.Slug); err != nil || string(b) != `{"type":"FeatureCollection","features":[]}` {
		t.Fatalf("%s %v", b, err)
	}
	if err := st.DeleteBoundaries(ctx, rec.Slug); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteBoundaries(ctx, rec.Slug); !surveys.IsNotFound(err) {
		t.Fatalf("second delete: %v", err)
	}
}
