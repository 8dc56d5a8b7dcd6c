package results_test

import (
	"fmt"
	"maps"
	"testing"

	"canvass/results"
	"canvass/surveys"
)

// crowd makes n responses in neighborhood nb, each with a copy of answers.
func crowd(nb string, n int, answers map[string]any) []*surveys.Response {
	out := make([]*surveys.Response, n)
	for i := range out {
		a := maps.Clone(answers)
		if a == nil {
			a = map[string]any{}
		}
		if _, ok := a["safe_day"]; !ok {
			a["safe_day"] = 1 + i%5
		}
		out[i] = respond(fmt.Sprintf("%s-%v-%d", nb, answers, i), nb, a)
	}
	return out
}

func join(groups ...[]*surveys.Response) []*surveys.Response {
	var out []*surveys.Response
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// hiddenNeighborhoods lists the suppressed neighborhood rows with anyone in them.
func hiddenNeighborhoods(res *results.Results) []string {
	var out []string
	for _, g := range res.Groups {
		if g.Split == nil && g.Suppressed && g.N > 0 {
			out = append(out, g.Neighborhood)
		}
	}
	return out
}

func TestSuppressionEdgeCases(t *testing.T) {
	def := exampleSurvey(t)
	for _, tc := range []struct {
		name          string
		rs            []*surveys.Response
		hidden        string // neighborhoods with responses that must be hidden
		overallHidden bool
	}{
		{"exactly min_n is shown", join(crowd("north-of-main", 10, nil), crowd("riverside", 10, nil)), "[]", false},
		{"one below: the next smallest goes too", join(crowd("north-of-main", 30, nil), crowd("riverside", 25, nil), crowd("mill-district", 12, nil), crowd("elm-park", 4, nil)),
			"[mill-district elm-park]", false},
		{"two below holding min_n together: nothing more", join(crowd("north-of-main", 30, nil), crowd("riverside", 25, nil), crowd("mill-district", 6, nil), crowd("elm-park", 5, nil)),
			"[mill-district elm-park]", false},
		{"two below still tiny together: the next smallest goes too", join(crowd("north-of-main", 30, nil), crowd("riverside", 25, nil), crowd("mill-district", 3, nil), crowd("elm-park", 2, nil)),
			"[riverside mill-district elm-park]", false},
		{"all below, total shown", join(crowd("north-of-main", 4, nil), crowd("riverside", 3, nil), crowd("mill-district", 5, nil)),
			"[north-of-main riverside mill-district]", false},
		{"all below and the total too", join(crowd("north-of-main", 4, nil), crowd("riverside", 3, nil)), "[north-of-main riverside]", true},
		{"empty neighborhoods do not hide others", join(crowd("north-of-main", 11, nil), crowd("riverside", 10, nil)), "[]", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, res := range []*results.Results{
				viaCounters(def, results.View{MinN: 10}, tc.rs, results.Options{}),
				viaFold(def, results.View{MinN: 10}, tc.rs, results.Options{}),
			} {
				if got := fmt.Sprint(hiddenNeighborhoods(res)); got != tc.hidden {
					t.Errorf("hidden %s, want %s", got, tc.hidden)
				}
				if res.Overall.Suppressed != tc.overallHidden {
					t.Errorf("overall suppressed=%v", res.Overall.Suppressed)
				}
				for _, g := range res.Groups {
					if g.N == 0 && !g.Suppressed {
						t.Errorf("%s: an empty group is below min_n and must be marked suppressed", g.Neighborhood)
					}
				}
				if len(res.Groups) != len(def.Neighborhoods) {
					t.Errorf("%d groups: every neighborhood must be listed, empty ones too", len(res.Groups))
				}
			}
		})
	}
}

func TestSuppressionOfASplitThatIsolatesOnePerson(t *testing.T) {
	def := exampleSurvey(t)
	rs := join(
		crowd("north-of-main", 15, map[string]any{"age": "age_18_24"}),
		crowd("north-of-main", 14, map[string]any{"age": "age_25_34"}),
		crowd("north-of-main", 1, map[string]any{"age": "age_65_plus", "safe_day": 1}),
		crowd("north-of-main", 10, nil), // did not say
	)
	res := viaCounters(def, results.View{Split: "age", MinN: 10}, rs, results.Options{})
	if g := groupOf(t, res, "north-of-main", ""); g.Suppressed || g.N != 40 {
		t.Fatalf("neighborhood row: %+v", g)
	}
	one := groupOf(t, res, "north-of-main", "age_65_plus")
	if !one.Suppressed || one.N != 1 || one.Questions != nil {
		t.Fatalf("the one person's group is shown: %s", jsonOf(t, one))
	}
	// The neighborhood row minus the shown groups must not give the person
	// away: the next smallest group (the 10 who did not say) is hidden.
	if g := groupOf(t, res, "north-of-main", results.Unanswered); !g.Suppressed {
		t.Fatalf("complementary group shown: %s", jsonOf(t, g))
	}
	var shown int64
	for _, v := range []string{"age_18_24", "age_25_34", "age_35_44", "age_45_54", "age_55_64"} {
		if g := groupOf(t, res, "north-of-main", v); !g.Suppressed {
			shown += g.Questions["safe_day"].Counts["1"]
		}
	}
	if total := groupOf(t, res, "north-of-main", "").Questions["safe_day"].Counts["1"]; total-shown < 2 {
		t.Fatalf("the hidden groups hold only %d answers of 1: the person's answer can be worked out", total-shown)
	}
	if jsonOf(t, res) != jsonOf(t, viaFold(def, results.View{Split: "age", MinN: 10}, rs, results.Options{})) {
		t.Fatal("counters and fold differ")
	}
}

func TestQuestionSuppressionWithinShownGroups(t *testing.T) {
	def := exampleSurvey(t)
	needs := map[string]any{"needs": []string{"housing"}}
	rs := join(
		crowd("north-of-main", 3, needs), crowd("north-of-main", 27, nil),
		crowd("riverside", 20, needs), crowd("riverside", 10, nil),
		crowd("mill-district", 12, needs), crowd("mill-district", 3, nil),
	)
	res := viaCounters(def, results.View{MinN: 10}, rs, results.Options{})
	want := map[string]bool{"north-of-main": true, "mill-district": true, "riverside": false}
	for nb, hidden := range want {
		g := groupOf(t, res, nb, "")
		if g.Suppressed {
			t.Fatalf("%s: the group itself is large enough", nb)
		}
		if q := g.Questions["needs"]; q.Suppressed != hidden || (hidden && q.Counts != nil) {
			t.Errorf("%s needs: %s, want suppressed=%v", nb, jsonOf(t, q), hidden)
		}
		if g.Questions["safe_day"].Suppressed {
			t.Errorf("%s safe_day: answered by everyone, must show", nb)
		}
	}
}

func TestFilteredGroupsCloseToTheWholeAreHidden(t *testing.T) {
	def := exampleSurvey(t)
	es := func(rs []*surveys.Response) []*surveys.Response {
		for _, r := range rs {
			r.Language = "es"
		}
		return rs
	}
	rs := join(es(crowd("north-of-main", 28, nil)), crowd("north-of-main", 2, nil),
		es(crowd("riverside", 15, nil)), crowd("riverside", 15, nil), es(crowd("mill-district", 20, nil)), crowd("eastgate", 10, nil))
	view := results.View{Language: "es", MinN: 10}
	for _, res := range []*results.Results{viaCounters(def, view, rs, results.Options{}), viaFold(def, view, rs, results.Options{})} {
		// Comparing north-of-main in Spanish (28) with all of it (30)
		// would show what the other 2 answered.
		if g := groupOf(t, res, "north-of-main", ""); !g.Suppressed || g.N != 28 {
			t.Errorf("north-of-main: %s", jsonOf(t, g))
		}
		if g := groupOf(t, res, "riverside", ""); g.Suppressed {
			t.Errorf("riverside differs by 15 and must show: %s", jsonOf(t, g))
		}
		// Differs from the whole by nobody: nothing to give away.
		if g := groupOf(t, res, "mill-district", ""); g.Suppressed {
			t.Errorf("mill-district: %s", jsonOf(t, g))
		}
	}
	// Without eastgate's 10, the English speakers outside riverside are
	// north-of-main's 2: all, less all in Spanish, less (riverside less
	// riverside in Spanish) would be their answers. Four views, each
	// differing from the others by 15 or more; the regions they cut
	// riverside's population into are what the rule checks.
	rs = rs[:len(rs)-10]
	for _, res := range []*results.Results{viaCounters(def, view, rs, results.Options{}), viaFold(def, view, rs, results.Options{})} {
		if g := groupOf(t, res, "riverside", ""); !g.Suppressed {
			t.Errorf("riverside in Spanish with the whole survey shown gives away 2 people: %s", jsonOf(t, g))
		}
	}
}

func TestRaisedMinNHidesMore(t *testing.T) {
	def := exampleSurvey(t)
	rs := join(crowd("north-of-main", 40, nil), crowd("riverside", 25, nil), crowd("mill-district", 30, nil))
	if h := hiddenNeighborhoods(viaCounters(def, results.View{MinN: 10}, rs, results.Options{})); len(h) != 0 {
		t.Fatalf("min_n 10 hides %v", h)
	}
	if h := fmt.Sprint(hiddenNeighborhoods(viaCounters(def, results.View{MinN: 30}, rs, results.Options{}))); h != "[riverside mill-district]" {
		t.Fatalf("min_n 30 hides %s", h)
	}
}
