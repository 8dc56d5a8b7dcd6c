package surveys

// ViewTallies are the counts one results view is computed from: the
// responses in view, per neighborhood (and split group), and when the view
// is filtered the same for all responses, so a filtered group that differs
// from the whole by only a few people can be hidden too.
type ViewTallies struct {
	// Groups holds each current neighborhood and Unassigned.
	Groups map[string]*Tally
	// Splits holds, per neighborhood, each option of the split question
	// and Unanswered; nil when the view is not split.
	Splits map[string]map[string]*Tally
	// Base is the unfiltered counterpart of a filtered view, else nil.
	Base *ViewTallies
}

func newViewTallies(split bool) *ViewTallies {
	t := &ViewTallies{Groups: map[string]*Tally{}}
	if split {
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
type ViewBuilder struct {
	cur  *Survey
	view View
	out  *ViewTallies
}

// NewViewBuilder starts a fold of view against cur, the current definition.
func NewViewBuilder(cur *Survey, view View) *ViewBuilder {
	b := &ViewBuilder{cur: cur, view: view, out: newViewTallies(view.Split != "")}
	if view.Filtered() {
		b.out.Base = newViewTallies(view.Split != "")
	}
	return b
}

// Add counts one response, read against def (its version's definition).
func (b *ViewBuilder) Add(def *Survey, r *Response) {
	nb := currentGroup(b.cur, GroupOf(def, r))
	t := ResponseTally(def, r)
	value := ""
	if b.view.Split != "" {
		value = splitValue(b.cur, def, r, b.view.Split)
	}
	targets := []*ViewTallies{}
	if b.out.Base != nil {
		targets = append(targets, b.out.Base)
	}
	if b.view.Includes(r) {
		targets = append(targets, b.out)
	}
	for _, vt := range targets {
		vt.group(nb).Add(t)
		if value != "" {
			vt.split(nb, value).Add(t)
		}
	}
}

// Tallies returns what was folded.
func (b *ViewBuilder) Tallies() *ViewTallies { return b.out }

// currentGroup maps a neighborhood a response was counted under to a group
// of the current definition: one a later version removed is Unassigned.
func currentGroup(cur *Survey, nb string) string {
	if _, ok := cur.Neighborhood(nb); ok {
		return nb
	}
	return Unassigned
}

// splitValue is the split group of a response: its answer when the version
// it answered had the question as a demographic single choice (so a
// counter holds it) and the answer is still an option; else Unanswered.
// The live counters reach the same grouping by subtraction.
func splitValue(cur, def *Survey, r *Response, split string) string {
	q, ok := def.Question(split)
	if !ok || !q.Demographic || q.Type != TypeSingle {
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
func CounterCells(cur *Survey, view View, neighborhoods []string) []Cell {
	dim, value := view.Dim()
	var cells []Cell
	for _, nb := range neighborhoods {
		cells = append(cells, Cell{Neighborhood: nb, Dim: dim, Value: value})
		if dim != DimAll {
			cells = append(cells, Cell{Neighborhood: nb})
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

// TalliesFromCounters assembles a view's tallies from the counters
// CounterCells listed. A split's Unanswered group is the neighborhood less
// its listed options, which also catches answers no longer among them.
func TalliesFromCounters(cur *Survey, view View, neighborhoods []string, counters map[Cell]*Tally) *ViewTallies {
	dim, value := view.Dim()
	out := newViewTallies(view.Split != "")
	if dim != DimAll {
		out.Base = newViewTallies(false)
	}
	for _, nb := range neighborhoods {
		g := currentGroup(cur, nb)
		out.group(g).Add(counters[Cell{Neighborhood: nb, Dim: dim, Value: value}])
		if out.Base != nil {
			out.Base.group(g).Add(counters[Cell{Neighborhood: nb}])
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
	}
	return out
}
