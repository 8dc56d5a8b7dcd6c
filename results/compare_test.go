package results_test

import (
	"math"
	"testing"
	"time"

	"canvass/results"
	"canvass/surveys"
)

func TestShareMarginOfErrorAndWilsonInterval(t *testing.T) {
	s := results.NewShare(50, 100)
	// Textbook figures: p = .5, n = 100 → ±9.8 points; Wilson 40.4–59.6.
	if s.Share != 50 || s.MOE != 9.8 || s.Low != 40.4 || s.High != 59.6 {
		t.Fatalf("%+v", s)
	}
	all := results.NewShare(20, 20)
	if all.Share != 100 || all.MOE != 0 || all.High != 100 || all.Low > 85 || all.Low < 80 {
		t.Fatalf("a 100%% share must keep an honest interval: %+v", all)
	}
	if m := results.MarginOfError(0.3, 400); math.Abs(m-0.0449) > 0.0001 {
		t.Fatalf("moe %v", m)
	}
}

func TestChangeBetweenRounds(t *testing.T) {
	a, b := results.NewShare(40, 100), results.NewShare(60, 100)
	c := results.ChangeBetween("r1", "r2", a, b)
	if c.Points != 20 || c.Percent == nil || *c.Percent != 50 || !c.Significant || c.MOE != 13.6 {
		t.Fatalf("%+v", c)
	}
	small := results.ChangeBetween("r1", "r2", results.NewShare(5, 10), results.NewShare(6, 10))
	if small.Significant {
		t.Fatalf("10 points on 10 people each is noise: %+v", small)
	}
	if z := results.ChangeBetween("r1", "r2", results.NewShare(0, 30), results.NewShare(3, 30)); z.Percent != nil {
		t.Fatalf("a relative change from 0%% is undefined: %+v", z)
	}
}

func TestTargetGoalAndProgress(t *testing.T) {
	rel := &results.Target{Change: 30, Unit: results.UnitPercent}
	if g := rel.Goal(50); g != 65 {
		t.Fatalf("+30%% of 50: %v", g)
	}
	if g := rel.Goal(90); g != 100 {
		t.Fatalf("capped at 100: %v", g)
	}
	pts := &results.Target{Change: 10, Unit: results.UnitPoints}
	if g := pts.Goal(50); g != 60 {
		t.Fatalf("+10 points: %v", g)
	}
	if p := results.Progress(50, 65, 56); p == nil || *p != 40 {
		t.Fatalf("progress %v", p)
	}
	if p := results.Progress(50, 65, 45); p == nil || *p >= 0 {
		t.Fatalf("moving away must be negative: %v", p)
	}
	if results.Progress(50, 50, 60) != nil {
		t.Fatal("no way to cover")
	}
}

// round builds a round whose neighborhoods hold the given top-box answers
// out of n (safe_day 5 is a top answer, 1 is not).
func round(t *testing.T, def *surveys.Survey, slug string, day int, counts map[string][2]int) results.Round {
	d := *def
	d.Slug, d.Round = slug, "Round "+slug
	var rs []*surveys.Response
	for nb, c := range counts {
		rs = append(rs, crowd(nb, c[0], map[string]any{"safe_day": 5})...)
		rs = append(rs, crowd(nb, c[1]-c[0], map[string]any{"safe_day": 1})...)
	}
	return results.Round{Def: &d, Date: time.Date(2025, 1, day, 0, 0, 0, 0, time.UTC), Results: viaCounters(&d, results.View{MinN: 10}, rs, results.Options{})}
}

func TestCompareRoundsWithTarget(t *testing.T) {
	def := exampleSurvey(t)
	rounds := []results.Round{
		round(t, def, "fall-2025", 1, map[string][2]int{"north-of-main": {40, 100}, "riverside": {3, 6}, "mill-district": {10, 40}}),
		round(t, def, "spring-2026", 2, map[string][2]int{"north-of-main": {55, 100}, "riverside": {20, 40}, "mill-district": {12, 40}}),
	}
	target := &results.Target{Question: "safe_day", Top: []string{"4", "5"}, Change: 30, Unit: results.UnitPercent, By: "Fall 2027"}
	c := results.Compare("safety", "safe_day", []string{"4", "5"}, rounds, target)
	if len(c.Rounds) != 2 || c.Rounds[0].Survey != "fall-2025" || c.Overall == nil {
		t.Fatalf("%s", jsonOf(t, c))
	}
	row := func(nb string) results.CompareRow {
		for _, r := range c.Neighborhoods {
			if r.Neighborhood == nb {
				return r
			}
		}
		t.Fatalf("no row %s", nb)
		return results.CompareRow{}
	}
	north := row("north-of-main")
	if *north.Rounds[0].Share != 40 || *north.Rounds[1].Share != 55 || north.Rounds[1].N != 100 {
		t.Fatalf("north: %s", jsonOf(t, north))
	}
	if len(north.Changes) != 1 || north.Changes[0].Points != 15 || *north.Changes[0].Percent != 37.5 {
		t.Fatalf("north change: %s", jsonOf(t, north.Changes))
	}
	// Goal: 40% × 1.3 = 52%; 55% is past it.
	if tp := north.Target; tp == nil || *tp.Goal != 52 || !tp.Met || *tp.Progress != 125 || tp.CurrentRound != "spring-2026" {
		t.Fatalf("north target: %s", jsonOf(t, north.Target))
	}
	// Riverside had 6 in the first round: suppressed there, so no change
	// and no baseline, while its second round shows.
	river := row("riverside")
	if !river.Rounds[0].Suppressed || river.Rounds[0].Share != nil || river.Rounds[1].Suppressed || len(river.Changes) != 0 {
		t.Fatalf("riverside: %s", jsonOf(t, river))
	}
	if river.Target == nil || river.Target.Baseline != nil || river.Target.Progress != nil {
		t.Fatalf("riverside target without baseline: %s", jsonOf(t, river.Target))
	}
	// Empty neighborhoods are listed and suppressed in every round.
	if e := row("elm-park"); !e.Rounds[0].Suppressed || !e.Rounds[1].Suppressed {
		t.Fatalf("elm-park: %s", jsonOf(t, e))
	}
}

func TestValidateSeriesTargets(t *testing.T) {
	def := exampleSurvey(t)
	ok := &results.Series{Series: "safety", Targets: []results.Target{{Question: "safe_day", Top: []string{"4", "5"}, Change: 30}}}
	if p := results.ValidateSeries(ok, []*surveys.Survey{def}); len(p) != 0 || ok.Targets[0].Unit != results.UnitPercent {
		t.Fatalf("%v %+v", p, ok.Targets[0])
	}
	bad := &results.Series{Targets: []results.Target{
		{Question: "nope", Top: []string{"1"}, Change: 5},
		{Question: "safe_day", Top: []string{"6"}, Change: 5, Unit: "furlongs"},
		{Question: "needs", Top: []string{"housing", "jobs"}, Change: 5},
		{Question: "comment", Top: []string{"x"}, Change: 0, Baseline: "other", Due: "soon", Neighborhoods: []string{"atlantis"}},
	}}
	p := results.ValidateSeries(bad, []*surveys.Survey{def})
	want := map[string]bool{"targets[0].question": true, "targets[1].top": true, "targets[1].unit": true, "targets[2].top": true,
		"targets[3].top": true, "targets[3].change": true, "targets[3].baseline": true, "targets[3].due": true, "targets[3].neighborhoods[0]": true}
	for _, x := range p {
		delete(want, x.Path)
	}
	if len(want) > 0 {
		t.Fatalf("not reported: %v (got %v)", want, p)
	}
}
