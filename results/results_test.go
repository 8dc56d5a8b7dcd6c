package results_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"canvass/results"
	"canvass/surveys"
)

// refTally is the reference count of one group, computed in this test
// straight from the raw answers, without any of the package's tallies.
type refTally struct {
	n int64
	q map[string]*refQuestion
}

type refQuestion struct {
	n      int64
	counts map[string]int64
	sum    int64
}

type refKey struct{ nb, split string }

// reference counts every group of a view from raw responses.
func reference(def *surveys.Survey, view results.View, rs []*surveys.Response, all bool) map[refKey]*refTally {
	out := map[refKey]*refTally{}
	add := func(k refKey, r *surveys.Response) {
		t := out[k]
		if t == nil {
			t = &refTally{q: map[string]*refQuestion{}}
			out[k] = t
		}
		t.n++
		for _, q := range def.Questions {
			v, ok := r.Answers[q.ID]
			if !ok || q.Type == surveys.TypeNeighborhood {
				continue
			}
			rq := t.q[q.ID]
			if rq == nil {
				rq = &refQuestion{counts: map[string]int64{}}
				t.q[q.ID] = rq
			}
			rq.n++
			switch x := v.(type) {
			case string:
				if q.Type == surveys.TypeSingle {
					rq.counts[x]++
				}
			case []string:
				for _, o := range x {
					rq.counts[o]++
				}
			case int:
				rq.sum += int64(x)
				rq.counts[strconv.Itoa(x)]++ // household's range is small, so it is counted too
			}
		}
	}
	for _, r := range rs {
		if !all && !((view.Channel == "" || r.Channel == view.Channel) && (view.Language == "" || r.Language == view.Language) &&
			(view.From.IsZero() || !r.CreatedAt.Before(view.From)) && (view.To.IsZero() || r.CreatedAt.Before(view.To))) {
			continue
		}
		nb := results.Unassigned
		if _, ok := def.Neighborhood(r.Neighborhood); ok {
			nb = r.Neighborhood
		}
		add(refKey{nb: results.AllNeighborhoods}, r)
		add(refKey{nb: nb}, r)
		if view.Split != "" {
			split := results.Unanswered
			if v, ok := r.Answers[view.Split].(string); ok {
				split = v
			}
			add(refKey{nb, split}, r)
		}
	}
	return out
}

func TestResultsMatchReferenceOverManySeeds(t *testing.T) {
	def := exampleSurvey(t)
	for seed := uint64(1); seed <= 40; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		rs := synthResponses(def, seed, rng.IntN(700))
		// Responses the form cannot produce today but old data can: no
		// neighborhood, and one a later version removed.
		rs = append(rs, respond(fmt.Sprintf("x%d", seed), "", map[string]any{"safe_day": 2}),
			respond(fmt.Sprintf("y%d", seed), "old-town", map[string]any{"safe_day": 5, "age": "age_18_24"}))
		from := synthStart.AddDate(0, 0, rng.IntN(30))
		views := []results.View{
			{}, {Split: "age"}, {Split: "race"}, {Channel: "sms"}, {Language: def.Languages[rng.IntN(len(def.Languages))]},
			{Split: "tenure", Channel: "web"}, {Language: "es", Channel: "sms"}, {From: from, To: from.AddDate(0, 0, 1+rng.IntN(40))},
			{Split: "home_language", From: from},
		}
		for _, view := range views {
			view.MinN = 5 + rng.IntN(20)
			view = view.Aligned()
			name := fmt.Sprintf("seed %d view %+v", seed, view)
			folded := viaFold(def, view, rs, results.Options{})
			if view.FromCounters() {
				if c := viaCounters(def, view, rs, results.Options{}); jsonOf(t, c) != jsonOf(t, folded) {
					t.Fatalf("%s: counters and fold differ:\n%s\n%s", name, jsonOf(t, c), jsonOf(t, folded))
				}
			}
			checkAgainstReference(t, name, def, view, rs, folded)
		}
	}
}

// checkAgainstReference checks every number shown against the reference,
// and that what is hidden obeys the suppression rules.
func checkAgainstReference(t *testing.T, name string, def *surveys.Survey, view results.View, rs []*surveys.Response, res *results.Results) {
	t.Helper()
	ref := reference(def, view, rs, false)
	base := reference(def, view, rs, true)
	minN := int64(max(view.MinN, def.MinN))
	if int64(res.MinN) != minN {
		t.Fatalf("%s: min_n %d, want %d: a view may raise the survey's, never lower it", name, res.MinN, minN)
	}
	groups := append([]results.Group{*res.Overall}, res.Groups...)
	if res.Total != refN(ref, refKey{nb: results.AllNeighborhoods}) {
		t.Fatalf("%s: total %d, reference %d", name, res.Total, refN(ref, refKey{nb: results.AllNeighborhoods}))
	}
	shownNeighborhoods := 0
	for _, g := range groups {
		k := refKey{nb: g.Neighborhood}
		if g.Split != nil {
			k.split = *g.Split
		}
		r := ref[k]
		if g.N != refN(ref, k) {
			t.Fatalf("%s: %v n=%d, reference %d", name, k, g.N, refN(ref, k))
		}
		if g.Neighborhood != results.AllNeighborhoods && g.Split == nil {
			shownNeighborhoods++
		}
		if g.Suppressed {
			if g.Questions != nil {
				t.Fatalf("%s: %v suppressed but shows answers", name, k)
			}
			continue
		}
		if g.N < minN {
			t.Fatalf("%s: %v shown with n=%d < min_n %d", name, k, g.N, minN)
		}
		if rest := refN(base, k) - g.N; view.Filtered() && rest > 0 && rest < minN {
			t.Fatalf("%s: %v shown though it differs from the unfiltered group by %d", name, k, rest)
		}
		for _, q := range results.Questions(def) {
			checkQuestion(t, name+fmt.Sprintf(" %v", k), q, g.Questions[q.ID], r, minN)
		}
	}
	if shownNeighborhoods != len(def.Neighborhoods)+1 { // + Unassigned, which these responses always have
		t.Fatalf("%s: %d neighborhoods listed, want every one", name, shownNeighborhoods)
	}
	checkFamilies(t, name, res, minN)
}

func refN(ref map[refKey]*refTally, k refKey) int64 {
	if r := ref[k]; r != nil {
		return r.n
	}
	return 0
}

func checkQuestion(t *testing.T, name string, q *surveys.Question, got *results.QuestionResult, r *refTally, minN int64) {
	t.Helper()
	want := &refQuestion{counts: map[string]int64{}}
	if r != nil && r.q[q.ID] != nil {
		want = r.q[q.ID]
	}
	if got == nil || got.N != want.n {
		t.Fatalf("%s %s: got %+v, reference n=%d", name, q.ID, got, want.n)
	}
	if got.Suppressed {
		return
	}
	if got.N < minN {
		t.Fatalf("%s %s: shown with n=%d", name, q.ID, got.N)
	}
	for k, v := range want.counts {
		if got.Counts[k] != v {
			t.Fatalf("%s %s: count[%s]=%d, reference %d", name, q.ID, k, got.Counts[k], v)
		}
	}
	for k, v := range got.Counts {
		if v != want.counts[k] {
			t.Fatalf("%s %s: count[%s]=%d, reference %d", name, q.ID, k, v, want.counts[k])
		}
	}
	if q.Type == surveys.TypeScale || q.Type == surveys.TypeNumber {
		m := math.Round(float64(want.sum)/float64(want.n)*100) / 100
		if got.Mean == nil || *got.Mean != m {
			t.Fatalf("%s %s: mean %v, reference %v", name, q.ID, got.Mean, m)
		}
	}
}

func TestResultsForALimitedViewerMatchTheFullView(t *testing.T) {
	def := exampleSurvey(t)
	rs := synthResponses(def, 99, 400)
	view := results.View{Split: "age", MinN: 10}
	full := viaCounters(def, view, rs, results.Options{})
	some := []string{"riverside", "elm-park"}
	part := viaCounters(def, view, rs, results.Options{Neighborhoods: some})
	if part.Overall != nil {
		t.Fatal("a limited viewer gets the overall row, which with the total would give away the other neighborhoods")
	}
	var total int64
	for _, g := range part.Groups {
		if g.Neighborhood != "riverside" && g.Neighborhood != "elm-park" {
			t.Fatalf("group %s outside the viewer's neighborhoods", g.Neighborhood)
		}
		split := ""
		if g.Split != nil {
			split = *g.Split
		} else {
			total += g.N
		}
		if jsonOf(t, g) != jsonOf(t, *groupOf(t, full, g.Neighborhood, split)) {
			t.Fatalf("%s/%s differs from the full view", g.Neighborhood, split)
		}
	}
	if part.Total != total || len(part.Groups) != 2*(1+6+1) {
		t.Fatalf("total %d (want %d), %d groups", part.Total, total, len(part.Groups))
	}
}

func TestSplitMeansEveryOptionAndUnansweredInOrder(t *testing.T) {
	def := exampleSurvey(t)
	res := viaCounters(def, results.View{Split: "tenure", MinN: 10}, synthResponses(def, 3, 50), results.Options{})
	if res.Split == nil || *res.Split != "tenure" {
		t.Fatalf("split %v", res.Split)
	}
	var got []string
	for _, g := range res.Groups[:5] {
		s := "-"
		if g.Split != nil {
			s = *g.Split
		}
		got = append(got, g.Neighborhood+"/"+s)
	}
	want := "[north-of-main/- north-of-main/rent north-of-main/own north-of-main/other north-of-main/_unanswered]"
	if fmt.Sprint(got) != want {
		t.Fatalf("order %v, want %s", got, want)
	}
}

func TestViewFiltersByWholeWeeks(t *testing.T) {
	def := exampleSurvey(t)
	get := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	// 2026-03-04 is a Wednesday: its week runs from Monday 2 to Sunday 8
	// March, and "to" the Tuesday after takes in that whole week too.
	v, err := results.ParseView(def, get(map[string]string{"from": "2026-03-04", "to": "2026-03-10", "min_n": "12"}), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if !v.From.Equal(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)) || !v.To.Equal(time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)) || v.MinN != 12 || !v.FromCounters() {
		t.Fatalf("view %+v", v)
	}
	in := &surveys.Response{CreatedAt: time.Date(2026, 3, 15, 23, 59, 0, 0, time.UTC)}
	out := &surveys.Response{CreatedAt: time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)}
	if !v.Includes(in) || v.Includes(out) {
		t.Fatal("to must include its whole week and nothing after")
	}
	// Weeks are counted on the calendar, whatever daylight saving does.
	ny, err := time.LoadLocation("America/New_York")
	if err == nil {
		before, after := time.Date(2026, 3, 2, 0, 0, 0, 0, ny), time.Date(2026, 3, 9, 0, 0, 0, 0, ny) // DST starts on 8 March
		if results.Week(after, ny)-results.Week(before, ny) != 1 || results.Week(after.Add(-time.Second), ny) != results.Week(before, ny) {
			t.Fatal("weeks across a change of daylight saving")
		}
	}
	for _, bad := range []map[string]string{
		{"min_n": "9"}, {"min_n": "x"}, {"split": "nope"}, {"split": "safe_day"}, {"split": "needs"}, {"channel": "fax"},
		{"language": "fr"}, {"from": "2026-13-01"}, {"from": "2026-03-05", "to": "2026-03-01"}, {"to": "2026-03-01T10:00:00Z"},
	} {
		if _, err := results.ParseView(def, get(bad), time.UTC); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
	// One day is a week, so from and to on the same day is allowed.
	if _, err := results.ParseView(def, get(map[string]string{"from": "2026-03-05", "to": "2026-03-05"}), time.UTC); err != nil {
		t.Fatal(err)
	}
}
