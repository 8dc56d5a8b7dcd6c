package store_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"canvass/results"
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

// A view the counters answer and the same view folded from the raw
// responses (a date range covering everything forces the fold) agree, also
// across a new version that dropped a neighborhood and an age option.
func TestViewsFromCountersEqualFoldsAcrossVersions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	rec := openExample(t, st)
	n, err := st.InsertResponseBatch(ctx, rec.Slug, synthResponses(rec, 21, 80))
	if err != nil || n != 80 {
		t.Fatalf("batch: %d %v", n, err)
	}
	// The same batch again is all duplicates: nothing more is counted.
	if n, err := st.InsertResponseBatch(ctx, rec.Slug, synthResponses(rec, 21, 80)); err != nil || n != 0 {
		t.Fatalf("duplicate batch: %d %v", n, err)
	}
	v2 := rec.Survey
	v2.Neighborhoods = v2.Neighborhoods[1:] // north-of-main is gone
	age, _ := v2.Question("age")
	age.Options = age.Options[1:] // and the youngest age group
	rec2, err := st.UpdateSurvey(ctx, &v2, "")
	if err != nil || rec2.Version != 2 {
		t.Fatalf("update: %v %+v", err, rec2)
	}
	if _, err := st.InsertResponseBatch(ctx, rec.Slug, synthResponses(rec2, 22, 25)); err != nil {
		t.Fatal(err)
	}
	rec2, _ = st.Survey(ctx, rec.Slug)
	if rec2.Responses != 105 {
		t.Fatalf("survey total %d", rec2.Responses)
	}
	everything := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, view := range []results.View{{}, {Split: "age"}, {Channel: "sms"}, {Language: "so"}} {
		view.MinN = 5
		counted, err := st.ViewTallies(ctx, rec2, view)
		if err != nil {
			t.Fatal(err)
		}
		dated := view
		dated.From = everything
		folded, err := st.ViewTallies(ctx, rec2, dated)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := resultsJSON(t, &rec2.Survey, view, counted), resultsJSON(t, &rec2.Survey, dated, folded); a != b {
			t.Fatalf("view %+v: counters and fold differ:\n%s\n%s", view, a, b)
		}
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
