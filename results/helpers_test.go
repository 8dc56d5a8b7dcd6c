package results_test

import (
	"encoding/json"
	"testing"
	"time"

	"canvass/results"
	"canvass/surveys"
	"canvass/surveys/surveystest"
	"canvass/synth"
)

// exampleSurvey parses the shipped example survey: it has every question
// type, demographic questions, show_if and seven neighborhoods.
func exampleSurvey(t testing.TB) *surveys.Survey { return surveystest.Example(t) }

var (
	synthStart = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	synthEnd   = time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
)

// synthResponses makes n synthetic responses.
func synthResponses(def *surveys.Survey, seed uint64, n int) []*surveys.Response {
	return synth.New(def, seed, synthStart, synthEnd).Take(n)
}

// neighborhoodIDs lists the counter neighborhoods of def: its own and
// Unassigned.
func neighborhoodIDs(def *surveys.Survey) []string {
	var ids []string
	for _, n := range def.Neighborhoods {
		ids = append(ids, n.ID)
	}
	return append(ids, results.Unassigned)
}

// viaCounters computes a view the way the API does from live counters.
func viaCounters(def *surveys.Survey, view results.View, rs []*surveys.Response, opts results.Options) *results.Results {
	fold := results.Fold{}
	for _, r := range rs {
		fold.Add(def, r, time.UTC)
	}
	t := results.TalliesFromCounters(def, view, neighborhoodIDs(def), fold)
	return results.Compute(def, view, t, opts)
}

// viaFold computes a view the way the API does from raw responses.
func viaFold(def *surveys.Survey, view results.View, rs []*surveys.Response, opts results.Options) *results.Results {
	b := results.NewViewBuilder(def, view)
	for _, r := range rs {
		b.Add(def, r)
	}
	return results.Compute(def, view, b.Tallies(), opts)
}

func jsonOf(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// respond makes a response of neighborhood nb with answers.
func respond(id, nb string, answers map[string]any) *surveys.Response {
	if nb != "" {
		answers["neighborhood"] = nb
	}
	return &surveys.Response{ID: id, Survey: "safety-spring-2026", Channel: "web", Language: "en", Neighborhood: nb, Answers: answers, CreatedAt: synthStart}
}

// groupOf finds a group of results (split "" for a whole neighborhood).
func groupOf(t testing.TB, res *results.Results, nb, split string) *results.Group {
	t.Helper()
	for i := range res.Groups {
		g := &res.Groups[i]
		if g.Neighborhood == nb && ((split == "" && g.Split == nil) || (g.Split != nil && *g.Split == split)) {
			return g
		}
	}
	t.Fatalf("no group %s/%s in %s", nb, split, jsonOf(t, res))
	return nil
}

// checkFamilies checks the complementary rule: within each family (the
// neighborhoods; a neighborhood's split groups) the hidden groups hold
// nobody or at least min_n together, unless the margin is hidden too.
func checkFamilies(t *testing.T, name string, res *results.Results, minN int64) {
	t.Helper()
	check := func(label string, margin *results.Group, members []results.Group) {
		var hidden int64
		for _, m := range members {
			if m.Suppressed {
				hidden += m.N
			}
			if margin.Suppressed && !m.Suppressed {
				t.Fatalf("%s: %s: %s shown under a suppressed margin", name, label, m.Neighborhood)
			}
		}
		if !margin.Suppressed && hidden > 0 && hidden < minN {
			t.Fatalf("%s: %s: hidden groups hold only %d together", name, label, hidden)
		}
	}
	var nbs []results.Group
	for i, g := range res.Groups {
		if g.Split != nil {
			continue
		}
		nbs = append(nbs, g)
		var split []results.Group
		for _, s := range res.Groups[i+1:] {
			if s.Split == nil {
				break
			}
			split = append(split, s)
		}
		if len(split) > 0 {
			check("split of "+g.Neighborhood, &res.Groups[i], split)
		}
	}
	check("neighborhoods", res.Overall, nbs)
}
