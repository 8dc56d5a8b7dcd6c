package results

import (
	"slices"
	"time"

	"canvass/surveys"
)

// ViewTallies are the counts one results view is computed from: the
// responses in view, per neighborhood (and split group), and the counts
// of every population the view's groups are compared with (Reach), so
// a group that differs from one of them by only a few people is hidden.
type ViewTallies struct {
	// Groups holds each current neighborhood and Unassigned.
	Groups map[string]*Tally
	// Splits holds, per neighborhood, each option of the split question
	// and Unanswered; nil when the view is not split.
	Splits map[string]map[string]*Tally
	// Reach holds the populations beside the view's groups.
	Reach *Reach
	// Held lists, by GroupKey, what published numbers hold back
	// (publish.go); nil for live numbers.
	Held map[string]Hold
	// PublishedAt is set for published numbers: when they last changed
	// (zero before anything is published).
	PublishedAt *time.Time
}

// Hold is what the published numbers hide of one group: all of it, or
// some of its questions, until it has changed by at least min_n.
type Hold struct {
	Group     bool
	Questions map[string]bool
}

func newViewTallies(cur *surveys.Survey, view View) *ViewTallies {
	t := &ViewTallies{Groups: map[string]*Tally{}, Reach: newReach(cur, view)}
	if view.Split != "" {
		t.Splits = map[string]map[string]*Tally{}
	}
	return t
}

func (t *ViewTallies) group(nb string) *Tally {
	g, ok := t.Groups[nb]
	if !ok {
		g = NewTally()
		t.Groups[nb] = g
	}
	return g
}

func (t *ViewTallies) split(nb, value string) *Tally {
	m, ok := t.Splits[nb]
	if !ok {
		m = map[string]*Tally{}
		t.Splits[nb] = m
	}
	g, ok := m[value]
	if !ok {
		g = NewTally()
		m[value] = g
	}
	return g
}

// ViewBuilder folds raw responses into the tallies of one view, for the
// views the live counters cannot answer (dates, or two dimensions at once).
// Every response of the survey is added, not only those in view: the
// populations beside the view's groups need them all.
type ViewBuilder struct {
	cur  *surveys.Survey
	view View
	out  *ViewTallies
}

// NewViewBuilder starts a fold of view against cur, the current
// definition. Dates count as the whole weeks that hold them.
func NewViewBuilder(cur *surveys.Survey, view View) *ViewBuilder {
	view = view.Aligned()
	return &ViewBuilder{cur: cur, view: view, out: newViewTallies(cur, view)}
}

// Add counts one response, read against def (its version's definition).
func (b *ViewBuilder) Add(def *surveys.Survey, r *surveys.Response) {
	nb := currentGroup(b.cur, GroupOf(def, r))
	t := ResponseTally(def, r)
	value := ""
	if b.view.Split != "" {
		value = splitValue(b.cur, def, r, b.view.Split)
	}
	b.out.Reach.addResponse(r, nb, value, t)
	if b.view.Includes(r) {
		b.out.group(nb).Add(t)
		if value != "" {
			b.out.split(nb, value).Add(t)
		}
	}
}

// Tallies returns what was folded.
func (b *ViewBuilder) Tallies() *ViewTallies { return b.out }

// currentGroup maps a neighborhood a response was counted under to a group
// of the current definition: one a later version removed is Unassigned.
func currentGroup(cur *surveys.Survey, nb string) string {
	if _, ok := cur.Neighborhood(nb); ok {
		return nb
	}
	return Unassigned
}

// splitValue is the split group of a response: its answer when the version
// it answered had the question as a demographic single choice (so a
// counter holds it) and the answer is still an option; else Unanswered.
// The live counters reach the same grouping by subtraction.
func splitValue(cur, def *surveys.Survey, r *surveys.Response, split string) string {
	q, ok := def.Question(split)
	if !ok || !q.Demographic || q.Type != surveys.TypeSingle {
		return Unanswered
	}
	v, ok := r.Answers[split].(string)
	if !ok || !hasOption(q, v) {
		return Unanswered
	}
	if cq, ok := cur.Question(split); !ok || !hasOption(cq, v) {
		return Unanswered
	}
	return v
}

// CounterCells lists the counters that answer a view FromCounters without
// dates: neighborhoods are every neighborhood any version of the survey
// had (so responses to a removed one still count, as Unassigned) plus
// Unassigned. A filtered view reads every value of its filters (both
// channels, every language), which the rules compare its groups with. A
// dated view reads the weekly counters of every week (its weeks and those
// beside them), which only a read of all the survey's counters lists: nil.
func CounterCells(cur *surveys.Survey, view View, neighborhoods []string) []Cell {
	if view.Dated() {
		return nil
	}
	a := newAxes(cur, view)
	var cells []Cell
	for _, nb := range neighborhoods {
		for _, sv := range a.splits {
			for _, cv := range a.channels {
				for _, lv := range a.languages {
					if c, ok := a.cell(nb, sv, cv, lv); ok {
						cells = append(cells, c)
					}
				}
			}
		}
	}
	return cells
}

// axes are the values a view's counters are read at: "" (any) first, then
// every value of each dimension the view has.
type axes struct {
	split               string
	splits              []string
	channels, languages []string
}

func newAxes(cur *surveys.Survey, view View) axes {
	a := axes{split: view.Split, splits: []string{""}, channels: []string{""}, languages: []string{""}}
	if q, ok := cur.Question(view.Split); ok && view.Split != "" {
		for _, o := range q.Options {
			a.splits = append(a.splits, o.ID)
		}
	}
	if view.Channel != "" {
		a.channels = append(a.channels, surveys.ChannelWeb, surveys.ChannelSMS)
	}
	if view.Language != "" {
		a.languages = append(a.languages, cur.Languages...)
	}
	return a
}

// cell is the counter of neighborhood nb's responses with split answer sv,
// channel cv and language lv ("" for any): a counter holds at most two of
// them; ok is false for three.
func (a axes) cell(nb, sv, cv, lv string) (Cell, bool) {
	var dims []Cell
	if sv != "" {
		dims = append(dims, Cell{Dim: SplitDim(a.split), Value: sv})
	}
	if cv != "" {
		dims = append(dims, Cell{Dim: DimChannel, Value: cv})
	}
	if lv != "" {
		dims = append(dims, Cell{Dim: DimLanguage, Value: lv})
	}
	c := Cell{Neighborhood: nb}
	switch len(dims) {
	case 0:
	case 1:
		c.Dim, c.Value = dims[0].Dim, dims[0].Value
	case 2:
		c.Dim, c.Value, c.AlsoDim, c.AlsoValue = dims[0].Dim, dims[0].Value, dims[1].Dim, dims[1].Value
	default:
		return Cell{}, false
	}
	return c, true
}

// TalliesFromCounters assembles a view's tallies from the counters:
// CounterCells' for a view without dates, every counter of the survey for
// one with dates (weekly counters, week by week). What a neighborhood
// holds beyond its listed values (a split's Unanswered group, a channel or
// language a view cannot ask for) is the neighborhood less them, which
// also catches answers no longer among them.
func TalliesFromCounters(cur *surveys.Survey, view View, neighborhoods []string, counters map[Cell]*Tally) *ViewTallies {
	view = view.Aligned()
	out := newViewTallies(cur, view)
	a := newAxes(cur, view)
	weeks := []int{0}
	if view.Dated() {
		weeks = counterWeeks(counters)
	}
	for _, week := range weeks {
		inView := !view.Dated() || out.Reach.inRange(week)
		for _, nb := range neighborhoods {
			g := currentGroup(cur, nb)
			table := a.table(nb, func(c Cell) *Tally {
				c.Weekly, c.Week = view.Dated(), week
				return counters[c]
			})
			for k, t := range table {
				groups := []string{GroupKey(g, k.split)}
				if k.split == "" {
					groups = append(groups, AllNeighborhoods)
				}
				for _, gk := range groups {
					out.Reach.add(ReachKey{Group: gk, Channel: k.channel, Language: k.language}, week, out.Reach.countsOf(t), 1)
				}
				if !inView || k.channel != view.Channel || k.language != view.Language {
					continue
				}
				if k.split == "" {
					out.group(g).Add(t)
				} else {
					out.split(g, k.split).Add(t)
				}
			}
		}
	}
	return out
}

// tableKey names one population of a neighborhood: a split answer (or
// Unanswered), a channel and a language, "" for any, restValue for the
// channels and languages a view cannot ask for.
type tableKey struct{ split, channel, language string }

// table reads a neighborhood's counters at every mix of the axes' values
// and derives the rest: restValue and Unanswered are the whole less the
// values listed.
func (a axes) table(nb string, get func(Cell) *Tally) map[tableKey]*Tally {
	t := map[tableKey]*Tally{}
	for _, sv := range a.splits {
		for _, cv := range a.channels {
			for _, lv := range a.languages {
				if c, ok := a.cell(nb, sv, cv, lv); ok {
					t[tableKey{sv, cv, lv}] = get(c).Clone()
				}
			}
		}
	}
	vals := [3][]string{a.splits, a.channels, a.languages}
	rest := [3]string{Unanswered, restValue, restValue}
	for _, axis := range []int{1, 2, 0} { // the split's rest last, by channel and language too
		vals[axis] = restAlong(t, vals, axis, rest[axis])
	}
	return t
}

// restAlong adds to t, for one axis (0 split, 1 channel, 2 language) that
// lists values, the population with rest there: the one with any value
// ("") less each listed value, at every value of the other two axes. It
// returns the axis's values with rest.
func restAlong(t map[tableKey]*Tally, vals [3][]string, axis int, rest string) []string {
	if len(vals[axis]) < 2 {
		return vals[axis]
	}
	key := func(k [3]string) tableKey { return tableKey{k[0], k[1], k[2]} }
	o1, o2 := (axis+1)%3, (axis+2)%3
	for _, x := range vals[o1] {
		for _, y := range vals[o2] {
			var k [3]string
			k[o1], k[o2] = x, y
			r := t[key(k)].Clone()
			for _, v := range vals[axis][1:] {
				k[axis] = v
				r.Sub(t[key(k)])
			}
			k[axis] = rest
			t[key(k)] = r
		}
	}
	return append(slices.Clip(vals[axis]), rest)
}

// counterWeeks lists the weeks the weekly counters hold.
func counterWeeks(counters map[Cell]*Tally) []int {
	seen := map[int]bool{}
	var weeks []int
	for c := range counters {
		if c.Weekly && !seen[c.Week] {
			seen[c.Week] = true
			weeks = append(weeks, c.Week)
		}
	}
	slices.Sort(weeks)
	return weeks
}
