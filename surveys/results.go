package surveys

import (
	"math"
	"slices"
	"strconv"
)

// Results is a survey's results by neighborhood, the shape of
// GET /api/v1/surveys/{slug}/results (design.md). Hidden groups keep their
// n and lose their answers; see results_suppress.go for the rules.
type Results struct {
	Survey string `json:"survey"`
	// Total is the number of responses in view in the groups listed.
	Total int64 `json:"total"`
	MinN  int   `json:"min_n"`
	// Split is the demographic question each neighborhood is split by.
	Split *string `json:"split"`
	// Overall is every neighborhood together; left out for a viewer
	// limited to some neighborhoods.
	Overall *Group `json:"overall,omitempty"`
	// Groups lists every neighborhood in the definition's order (zero
	// too), then Unassigned when it holds anyone. A split view follows
	// each neighborhood with its split groups: each option, then Unanswered.
	Groups []Group `json:"groups"`
}

// Group is the results of one neighborhood, or one split group of it.
type Group struct {
	Neighborhood string `json:"neighborhood"`
	// Split is the option ID of the split group, nil for a whole
	// neighborhood.
	Split      *string `json:"split"`
	N          int64   `json:"n"`
	Suppressed bool    `json:"suppressed"`
	// Questions by ID; absent when the group is suppressed.
	Questions map[string]*QuestionResult `json:"questions,omitempty"`
}

// QuestionResult is one question's answers within a group.
type QuestionResult struct {
	N          int64 `json:"n"`
	Suppressed bool  `json:"suppressed,omitempty"`
	// Counts per option ID (single, multi) or value (scale, number with a
	// small range), zero counts included; absent for text and when hidden.
	Counts map[string]int64 `json:"counts,omitempty"`
	// Mean of a scale or number question, to two decimals.
	Mean *float64 `json:"mean,omitempty"`
}

// ResultsOptions are who is looking.
type ResultsOptions struct {
	// Neighborhoods limits the groups shown (a partner's); nil shows all.
	// Suppression is decided on all groups first, so every viewer sees
	// the same numbers for the groups they see.
	Neighborhoods []string
}

// ComputeResults applies suppression to a view's tallies and shapes them.
func ComputeResults(def *Survey, view View, t *ViewTallies, opts ResultsOptions) *Results {
	// A view may raise the survey's threshold, never lower it, whoever
	// builds the view.
	view.MinN = max(view.MinN, def.MinN, 1)
	minN := int64(view.MinN)
	res := &Results{Survey: def.Slug, MinN: view.MinN, Groups: []Group{}}
	if view.Split != "" {
		res.Split = &view.Split
	}
	order := groupOrder(def, t)
	overall := sumGroups(t.Groups, order)
	var overallBase *Tally
	if t.Base != nil {
		overallBase = sumGroups(t.Base.Groups, order)
	}
	oh, ohq := suppressFamily(def, []familyTally{{view: overall, base: overallBase}}, nil, minN)

	fam := make([]familyTally, len(order))
	for i, nb := range order {
		fam[i] = familyTally{view: t.Groups[nb], base: baseGroup(t.Base, nb), forced: oh[0]}
		if fam[i].view == nil {
			fam[i].view = NewTally()
		}
	}
	hidden, hiddenQ := suppressFamily(def, fam, ohq[0], minN)

	allowed := func(nb string) bool { return opts.Neighborhoods == nil || slices.Contains(opts.Neighborhoods, nb) }
	if opts.Neighborhoods == nil {
		g := makeGroup(def, AllNeighborhoods, nil, overall, oh[0], ohq[0])
		res.Overall, res.Total = &g, overall.N
	}
	for i, nb := range order {
		if !allowed(nb) {
			continue
		}
		if opts.Neighborhoods != nil {
			res.Total += fam[i].view.N
		}
		res.Groups = append(res.Groups, makeGroup(def, nb, nil, fam[i].view, hidden[i], hiddenQ[i]))
		if view.Split != "" {
			res.Groups = append(res.Groups, splitGroups(def, view, t, nb, hidden[i], hiddenQ[i], minN)...)
		}
	}
	return res
}

// groupOrder is the definition's neighborhoods, then Unassigned if anyone
// is in it (in view or, for a filtered view, at all).
func groupOrder(def *Survey, t *ViewTallies) []string {
	order := make([]string, 0, len(def.Neighborhoods)+1)
	for _, n := range def.Neighborhoods {
		order = append(order, n.ID)
	}
	if t.Groups[Unassigned].nonEmpty() || baseGroup(t.Base, Unassigned).nonEmpty() {
		order = append(order, Unassigned)
	}
	return order
}

func baseGroup(base *ViewTallies, nb string) *Tally {
	if base == nil {
		return nil
	}
	if g := base.Groups[nb]; g != nil {
		return g
	}
	return NewTally()
}

func sumGroups(groups map[string]*Tally, order []string) *Tally {
	sum := NewTally()
	for _, nb := range order {
		sum.Add(groups[nb])
	}
	return sum
}

// splitGroups shapes the split groups of one neighborhood: each option of
// the split question, then Unanswered, zero ones too.
func splitGroups(def *Survey, view View, t *ViewTallies, nb string, nbHidden bool, nbHiddenQ map[string]bool, minN int64) []Group {
	q, _ := def.Question(view.Split)
	values := make([]string, 0, len(q.Options)+1)
	for _, o := range q.Options {
		values = append(values, o.ID)
	}
	values = append(values, Unanswered)
	fam := make([]familyTally, len(values))
	for i, v := range values {
		fam[i] = familyTally{view: lookupSplit(t, nb, v), forced: nbHidden}
		if t.Base != nil {
			fam[i].base = lookupSplit(t.Base, nb, v)
		}
	}
	hidden, hiddenQ := suppressFamily(def, fam, nbHiddenQ, minN)
	out := make([]Group, len(values))
	for i := range values {
		out[i] = makeGroup(def, nb, &values[i], fam[i].view, hidden[i], hiddenQ[i])
	}
	return out
}

func lookupSplit(t *ViewTallies, nb, value string) *Tally {
	if g := t.Splits[nb][value]; g != nil {
		return g
	}
	return NewTally()
}

func makeGroup(def *Survey, nb string, split *string, t *Tally, hidden bool, hiddenQ map[string]bool) Group {
	g := Group{Neighborhood: nb, Split: split, N: t.N, Suppressed: hidden}
	if hidden {
		return g
	}
	g.Questions = map[string]*QuestionResult{}
	for _, q := range ResultQuestions(def) {
		qt := t.Question(q.ID)
		if hiddenQ[q.ID] {
			g.Questions[q.ID] = &QuestionResult{N: qt.N, Suppressed: true}
			continue
		}
		g.Questions[q.ID] = questionResult(q, qt)
	}
	return g
}

// AnswerKeys lists the answers results count for a question, in display
// order: its options, its scale values, or the values of a number question
// with a small range; nil for the others (text, wide numbers).
func (q *Question) AnswerKeys() []string {
	var keys []string
	switch q.Type {
	case TypeSingle, TypeMulti:
		for _, o := range q.Options {
			keys = append(keys, o.ID)
		}
	case TypeScale:
		if q.Scale != nil {
			for v := q.Scale.Min; v <= q.Scale.Max; v++ {
				keys = append(keys, strconv.Itoa(v))
			}
		}
	case TypeNumber:
		if countsValues(q) {
			for v := *q.Number.Min; v <= *q.Number.Max; v++ {
				keys = append(keys, strconv.Itoa(v))
			}
		}
	}
	return keys
}

// questionResult lists every answer key (zero too), then any other value
// the counters hold, such as an option a later version removed.
func questionResult(q *Question, qt *QuestionTally) *QuestionResult {
	r := &QuestionResult{N: qt.N}
	keys := q.AnswerKeys()
	if keys != nil || len(qt.Counts) > 0 {
		r.Counts = make(map[string]int64, len(keys))
		for _, k := range keys {
			r.Counts[k] = qt.Counts[k]
		}
		for k, v := range qt.Counts {
			if v != 0 {
				r.Counts[k] = v
			}
		}
	}
	if (q.Type == TypeScale || q.Type == TypeNumber) && qt.N > 0 {
		m := twoDecimals(float64(qt.Sum) / float64(qt.N))
		r.Mean = &m
	}
	return r
}

func twoDecimals(x float64) float64 { return math.Round(x*100) / 100 }
