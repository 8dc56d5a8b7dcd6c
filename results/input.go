package results

import (
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

// CounterCells lists the counters that answer a view FromCounters:
// neighborhoods are every neighborhood any version of the survey had (so
// responses to a removed one still count, as Unassigned) plus Unassigned.
// A filtered view reads every value of its filter (both channels, every
// language), which the rules compare its groups with.
func CounterCells(cur *surveys.Survey, view View, neighborhoods []string) []Cell {
	var cells []Cell
	for _, nb := range neighborhoods {
		cells = append(cells, Cell{Neighborhood: nb})
		for _, v := range filterValues(cur, view) {
			cells = append(cells, Cell{Neighborhood: nb, Dim: view.dim(), Value: v})
		}
		if view.Split == "" {
			continue
		}
		if q, ok := cur.Question(view.Split); ok {
			for _, o := range q.Options {
				cells = append(cells, Cell{Neighborhood: nb, Dim: SplitDim(view.Split), Value: o.ID})
			}
		}
	}
	return cells
}

// dim is the counter dimension of the view's one filter.
func (v View) dim() string {
	d, _ := v.Dim()
	return d
}

// filterValues lists the values a view's one filter can take.
func filterValues(cur *surveys.Survey, view View) []string {
	switch {
	case view.Channel != "":
		return []string{surveys.ChannelWeb, surveys.ChannelSMS}
	case view.Language != "":
		return cur.Languages
	}
	return nil
}

// TalliesFromCounters assembles a view's tallies from the counters
// CounterCells listed. What a neighborhood holds beyond its listed values
// (a split's Unanswered group, a dropped language) is the neighborhood less
// them, which also catches answers no longer among them.
func TalliesFromCounters(cur *surveys.Survey, view View, neighborhoods []string, counters map[Cell]*Tally) *ViewTallies {
	dim, value := view.Dim()
	out := newViewTallies(cur, view)
	x := out.Reach
	for _, nb := range neighborhoods {
		g := currentGroup(cur, nb)
		whole := counters[Cell{Neighborhood: nb}]
		out.group(g).Add(counters[Cell{Neighborhood: nb, Dim: dim, Value: value}])
		for _, k := range []string{g, AllNeighborhoods} {
			x.add(ReachKey{Group: k}, 0, x.countsOf(whole), 1)
			if dim == DimAll {
				continue
			}
			rest := x.countsOf(whole)
			for _, v := range filterValues(cur, view) {
				c := x.countsOf(counters[Cell{Neighborhood: nb, Dim: dim, Value: v}])
				rest.add(c, -1)
				x.add(filterKey(k, view, v), 0, c, 1)
			}
			x.add(filterKey(k, view, restValue), 0, rest, 1)
		}
	}
	if view.Split == "" {
		return out
	}
	q, _ := cur.Question(view.Split)
	for _, nb := range neighborhoods {
		g := currentGroup(cur, nb)
		for _, o := range q.Options {
			out.split(g, o.ID).Add(counters[Cell{Neighborhood: nb, Dim: SplitDim(view.Split), Value: o.ID}])
		}
	}
	for g, t := range out.Groups {
		rest := t.Clone()
		for _, o := range q.Options {
			rest.Sub(out.split(g, o.ID))
		}
		out.split(g, Unanswered).Add(rest)
		for _, v := range append(q.AnswerKeys(), Unanswered) {
			x.add(ReachKey{Group: GroupKey(g, v)}, 0, x.countsOf(out.split(g, v)), 1)
		}
	}
	return out
}

// filterKey names group g with the view's one filter set to v.
func filterKey(g string, view View, v string) ReachKey {
	if view.Channel != "" {
		return ReachKey{Group: g, Channel: v}
	}
	return ReachKey{Group: g, Language: v}
}
