package results_test

import (
	"testing"

	"canvass/results"
	"canvass/surveys"
	"canvass/surveys/surveystest"
)

// TestNoTwoViewsDifferByFewerThanMinN is the suppression adversary on
// live numbers: on data with small groups in every dimension, it computes
// every view the API offers (counters where they answer, folds
// otherwise), and fails on any two shown cells whose filters say one
// holds the other and that differ by 1 to min_n-1 responses, in the group
// or in the answers to any question. (Live numbers are for those who may
// read every response; published numbers are checked by who is in a cell,
// whatever the filters say: TestWatchingPublishedNumbersRevealsNoOne.)
func TestNoTwoViewsDifferByFewerThanMinN(t *testing.T) {
	def := surveystest.SmallGroups()
	views := surveystest.AllViews(def)
	pairs := 0
	for seed := uint64(1); seed <= 2; seed++ {
		rs := surveystest.Responses(seed, 50+int(seed)*60)
		cells := surveystest.NewCells()
		folds := map[results.View]*results.ViewTallies{} // one fold serves every min_n
		for _, view := range views {
			key := view
			key.MinN = 0
			if folds[key] == nil {
				b := results.NewViewBuilder(def, view)
				for _, r := range rs {
					b.Add(def, r)
				}
				folds[key] = b.Tallies()
			}
			res := results.Compute(def, view, folds[key], results.Options{})
			if view.FromCounters() {
				if c := viaCounters(def, view, rs, results.Options{}); jsonOf(t, c) != jsonOf(t, res) {
					t.Fatalf("seed %d %+v: counters and fold differ", seed, view)
				}
			}
			if err := cells.Collect(def, view, res, rs, "["+surveystest.Query(view)+"]"); err != nil {
				t.Fatal(err)
			}
		}
		if bad := cells.Violations(def.MinN, true); len(bad) > 0 {
			t.Fatalf("seed %d: %d pairs of shown cells differ by fewer than %d, such as\n%s", seed, len(bad), def.MinN, bad[0])
		}
		pairs += cells.Pairs()
	}
	t.Logf("%d views per seed; %d pairs of distinct shown cells compared", len(views), pairs)
}

// The differencing case found in review: Elm Park had 15 English web, 10 Spanish web and 1
// English SMS response; language=en showed 16 and channel=web&language=en
// 15, and the difference was the SMS respondent's answers.
func TestElmParkDifferencing(t *testing.T) {
	def := exampleSurvey(t)
	with := func(rs []*surveys.Response, channel, language string) []*surveys.Response {
		for _, r := range rs {
			r.Channel, r.Language = channel, language
		}
		return rs
	}
	rs := join(with(crowd("elm-park", 15, nil), "web", "en"), with(crowd("elm-park", 10, nil), "web", "es"),
		with(crowd("elm-park", 1, map[string]any{"safe_day": 1, "safe_night": 1, "household": 9}), "sms", "en"),
		crowd("riverside", 40, nil))
	en := viaCounters(def, results.View{Language: "en"}, rs, results.Options{})
	webEN := viaFold(def, results.View{Channel: "web", Language: "en"}, rs, results.Options{})
	a, b := groupOf(t, en, "elm-park", ""), groupOf(t, webEN, "elm-park", "")
	if a.N != 16 || b.N != 15 {
		t.Fatalf("n %d and %d", a.N, b.N)
	}
	if !a.Suppressed && !b.Suppressed {
		t.Fatal("both views show Elm Park: the difference is the SMS respondent's answers")
	}
}
