package results_test

import (
	"fmt"
	"testing"
	"time"

	"canvass/results"
	"canvass/surveys"
	"canvass/surveys/surveystest"
)

// publisher plays the store's part in publishing: it keeps the responses
// received so far, and takes a step whenever a group is due.
type publisher struct {
	def  *surveys.Survey
	rs   []*surveys.Response
	snap *results.Snapshot
	// upTo is, per group, how many of its responses (in arrival order)
	// its frame holds.
	upTo  map[string]int
	steps int
	clock time.Time
}

func newPublisher(def *surveys.Survey) *publisher {
	return &publisher{def: def, upTo: map[string]int{}, clock: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}
}

func (p *publisher) group(r *surveys.Response) string { return results.GroupOf(p.def, r) }

// receive stores responses, then publishes as a read of the results would.
func (p *publisher) receive(rs ...*surveys.Response) {
	p.rs = append(p.rs, rs...)
	p.publish()
}

func (p *publisher) publish() {
	live := map[string]int64{}
	for _, r := range p.rs {
		live[p.group(r)]++
	}
	due := p.snap.Due(live, p.def.MinN)
	if len(due) == 0 {
		return
	}
	f := results.NewStepFold(p.def, due)
	for _, r := range p.rs {
		f.Add(p.def, r)
	}
	p.clock = p.clock.Add(time.Hour)
	next, changed := p.snap.Publish(p.def, f, p.def.MinN, p.clock)
	if !changed {
		return
	}
	p.snap, p.steps = next, p.steps+1
	for _, g := range due {
		if next.Frames[g].N() == live[g] {
			p.upTo[g] = int(live[g])
		}
	}
}

// published returns the responses the snapshot holds.
func (p *publisher) published() []*surveys.Response {
	seen := map[string]int{}
	var out []*surveys.Response
	for _, r := range p.rs {
		g := p.group(r)
		if seen[g] < p.upTo[g] {
			out = append(out, r)
		}
		seen[g]++
	}
	return out
}

func (p *publisher) results(view results.View) *results.Results {
	return results.Compute(p.def, view, p.snap.ViewTallies(p.def, view), results.Options{})
}

func TestPublishedNumbersChangeOnlyInStepsOfMinN(t *testing.T) {
	def := surveystest.SmallGroups()
	p := newPublisher(def)
	p.receive(surveystest.Responses(7, 60)...)
	view := results.View{MinN: def.MinN}
	before := jsonOf(t, p.results(view))
	if p.steps != 1 {
		t.Fatalf("%d steps for the first responses", p.steps)
	}
	// One more resident in Riverside: nothing published changes.
	one := respond("one", "riverside", map[string]any{"safe_day": 1})
	p.receive(one)
	if after := jsonOf(t, p.results(view)); after != before {
		t.Fatalf("one response changed the published numbers:\n%s\n%s", before, after)
	}
	// min_n more there: Riverside is re-published.
	var more []*surveys.Response
	for i := range def.MinN - 1 {
		more = append(more, respond(fmt.Sprintf("more%d", i), "riverside", map[string]any{"safe_day": 5}))
	}
	p.receive(more[:len(more)-1]...)
	if jsonOf(t, p.results(view)) != before {
		t.Fatal("min_n-1 responses changed the published numbers")
	}
	p.receive(more[len(more)-1])
	res := p.results(view)
	if jsonOf(t, res) == before || res.PublishedAt == nil || res.Live {
		t.Fatalf("min_n responses did not change the published numbers: %s", jsonOf(t, res))
	}
	g := groupOf(t, res, "riverside", "")
	if want := countIn(p.rs, def, "riverside"); g.N != want {
		t.Fatalf("riverside n %d, want %d", g.N, want)
	}
}

func countIn(rs []*surveys.Response, def *surveys.Survey, nb string) int64 {
	var n int64
	for _, r := range rs {
		if results.GroupOf(def, r) == nb {
			n++
		}
	}
	return n
}

// TestWatchingPublishedNumbersRevealsNoOne is the suppression adversary
// over time: responses arrive one by one, each read of the results may
// take a step, and every view published numbers offer is read after each
// arrival. Across every read, no two shown cells where one holds the
// other (by who is in them, whatever the filters say) may differ by 1 to
// min_n-1 responses, in the group or in the answers to any question.
func TestWatchingPublishedNumbersRevealsNoOne(t *testing.T) {
	def := surveystest.SmallGroups()
	views := surveystest.PublishedViews(def)
	reads, pairs := 0, 0
	for seed := uint64(1); seed <= 4; seed++ {
		p := newPublisher(def)
		cells := surveystest.NewCells()
		for i, r := range surveystest.Responses(seed, 120) {
			p.receive(r)
			pub := p.published()
			for _, view := range views {
				res := p.results(view)
				if err := cells.Collect(def, view, res, pub, fmt.Sprintf("[after %d, step %d: %s]", i+1, p.steps, surveystest.Query(view))); err != nil {
					t.Fatal(err)
				}
				reads++
			}
		}
		if bad := cells.Violations(def.MinN, false); len(bad) > 0 {
			t.Fatalf("seed %d: %d pairs of shown cells differ by fewer than %d, such as\n%s", seed, len(bad), def.MinN, bad[0])
		}
		if p.steps < 3 {
			t.Fatalf("seed %d: only %d steps", seed, p.steps)
		}
		pairs += cells.Pairs()
	}
	t.Logf("%d reads; %d pairs of distinct shown cells compared", reads, pairs)
}

// Riverside's 6 Spanish speakers all rent, and 2 English speakers rent
// too: no filter says the Spanish speakers are within the renters, yet
// they are, and the renters (8) less them (6) would be the 2. Published
// numbers hide one of the two.
func TestGroupsContainedByChanceAreHidden(t *testing.T) {
	def := surveystest.SmallGroups()
	var rs []*surveys.Response
	add := func(n int, nb, lang, tenure string) {
		for i := range n {
			r := respond(fmt.Sprintf("%s-%s-%s-%d", nb, lang, tenure, i), nb, map[string]any{"safe_day": 1 + i%5, "tenure": tenure})
			r.Language = lang
			rs = append(rs, r)
		}
	}
	add(6, "riverside", "es", "rent")
	add(2, "riverside", "en", "rent")
	add(12, "riverside", "en", "own")
	add(30, "elm-park", "en", "rent")
	add(30, "elm-park", "es", "own")
	p := newPublisher(def)
	p.receive(rs...)
	es := groupOf(t, p.results(results.View{Language: "es", MinN: def.MinN}), "riverside", "")
	rent := groupOf(t, p.results(results.View{Split: "tenure", MinN: def.MinN}), "riverside", "rent")
	if es.N != 6 || rent.N != 8 {
		t.Fatalf("n %d and %d", es.N, rent.N)
	}
	if !es.Suppressed && !rent.Suppressed {
		t.Fatal("the Spanish speakers and the renters are both shown: the renters less them are 2 people")
	}
}
