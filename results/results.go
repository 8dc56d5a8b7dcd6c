package results

import (
	"math"
	"slices"
	"time"

	"canvass/surveys"
)

// Results is a survey's results by neighborhood, the shape of
// GET /api/v1/surveys/{slug}/results (design.md). Hidden groups keep their
// n and lose their answers; see suppress.go for the rules.
type Results struct {
	Survey string `json:"survey"`
	// Total is the number of responses in view in the groups listed.
	Total int64 `json:"total"`
	MinN  int   `json:"min_n"`
	// Split is the demographic question each neighborhood is split by.
	Split *string `json:"split"`
	// From and To are the first and last day of a view with dates: the
	// whole weeks holding the days asked for.
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	// Live is true for numbers read as they stand (for staff who may read
	// the raw responses); false for published numbers, which change only
	// in steps of at least min_n responses (publish.go).
	Live bool `json:"live"`
	// PublishedAt is when published numbers last changed; null for live
	// numbers and before anything is published.
	PublishedAt *time.Time `json:"published_at"`
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
	// Reason says why a suppressed group is hidden (see hiddenReason).
	Reason string `json:"reason,omitempty"`
	// Questions by ID; absent when the group is suppressed.
	Questions map[string]*QuestionResult `json:"questions,omitempty"`
}

// QuestionResult is one question's answers within a group.
type QuestionResult struct {
	N          int64 `json:"n"`
	Suppressed bool  `json:"suppressed,omitempty"`
	// Reason says why suppressed answers are hidden (see hiddenReason).
	Reason string `json:"reason,omitempty"`
	// Counts per option ID (single, multi) or value (scale, number with a
	// small range), zero counts included; absent for text and when hidden.
	Counts map[string]int64 `json:"counts,omitempty"`
	// Mean of a scale or number question, to two decimals.
	Mean *float64 `json:"mean,omitempty"`
}

// Options are who is looking.
type Options struct {
	// Neighborhoods limits the groups shown (a partner's); nil shows all.
	// Suppression is decided on all groups first, so every viewer sees
	// the same numbers for the groups they see.
	Neighborhoods []string
}

// Compute applies suppression to a view's tallies and shapes them.
func Compute(def *surveys.Survey, view View, t *ViewTallies, opts Options) *Results {
	// A view may raise the survey's threshold, never lower it, whoever
	// builds the view; raised, it hides what the survey's hides and more.
	own := max(def.MinN, 1)
	view.MinN = max(view.MinN, own)
	res := &Results{Survey: def.Slug, MinN: view.MinN, Groups: []Group{}, Live: t.PublishedAt == nil}
	if view.Split != "" {
		res.Split = &view.Split
	}
	if t.PublishedAt != nil && !t.PublishedAt.IsZero() {
		at := t.PublishedAt.UTC()
		res.PublishedAt = &at
	}
	if a := view.Aligned(); a.Dated() {
		if !a.From.IsZero() {
			res.From = a.From.Format(time.DateOnly)
		}
		if !a.To.IsZero() {
			res.To = a.To.AddDate(0, 0, -1).Format(time.DateOnly)
		}
	}
	order := groupOrder(def, t)
	d := decide(def, view, t, order, int64(own), nil)
	if view.MinN > own {
		d = decide(def, view, t, order, int64(view.MinN), d)
	}

	allowed := func(nb string) bool { return opts.Neighborhoods == nil || slices.Contains(opts.Neighborhoods, nb) }
	if opts.Neighborhoods == nil {
		overall := sumGroups(t.Groups, order)
		g := makeGroup(def, AllNeighborhoods, nil, overall, d[AllNeighborhoods], view.MinN)
		res.Overall, res.Total = &g, overall.N
	}
	for _, nb := range order {
		if !allowed(nb) {
			continue
		}
		tally := groupTally(t, nb)
		// A limited viewer's total is the sum of its groups' n, which
		// every group shows, suppressed or not (design.md).
		if opts.Neighborhoods != nil {
			res.Total += tally.N
		}
		res.Groups = append(res.Groups, makeGroup(def, nb, nil, tally, d[nb], view.MinN))
		for _, v := range splitValues(def, view) {
			res.Groups = append(res.Groups, makeGroup(def, nb, &v, lookupSplit(t, nb, v), d[GroupKey(nb, v)], view.MinN))
		}
	}
	return res
}

// decision is what a view hides, by GroupKey.
type decision map[string]hidden

// decide applies the rules of suppress.go at threshold minN, on
// top of what prior hid (a raised min_n starts from the survey's).
func decide(def *surveys.Survey, view View, t *ViewTallies, order []string, minN int64, prior decision) decision {
	d := decision{}
	forced := func(key string, chain ...string) hidden {
		h := hidden{q: map[string]bool{}}
		if p, ok := prior[key]; ok {
			h.merge(p.group, p.q)
		}
		if held, ok := t.Held[key]; ok {
			h.merge(held.Group, held.Questions)
		}
		local := t.Reach.nestingHides(chain, minN)
		h.group = h.group || local[0]
		for i, id := range t.Reach.questions {
			h.q[id] = h.q[id] || local[i+1]
		}
		return h
	}
	overall := forced(AllNeighborhoods, AllNeighborhoods)
	d[AllNeighborhoods] = suppressFamily(def, []familyTally{{view: sumGroups(t.Groups, order), forced: overall}}, nil, minN)[0]

	fam := make([]familyTally, len(order))
	for i, nb := range order {
		fam[i] = familyTally{view: groupTally(t, nb), forced: forced(nb, nb, AllNeighborhoods)}
		fam[i].forced.group = fam[i].forced.group || d[AllNeighborhoods].group
	}
	for i, h := range suppressFamily(def, fam, d[AllNeighborhoods].q, minN) {
		d[order[i]] = h
	}
	values := splitValues(def, view)
	for _, nb := range order {
		fam := make([]familyTally, len(values))
		for i, v := range values {
			fam[i] = familyTally{view: lookupSplit(t, nb, v), forced: forced(GroupKey(nb, v), GroupKey(nb, v), nb, AllNeighborhoods)}
			fam[i].forced.group = fam[i].forced.group || d[nb].group
		}
		for i, h := range suppressFamily(def, fam, d[nb].q, minN) {
			d[GroupKey(nb, values[i])] = h
		}
	}
	return d
}

// groupOrder is the definition's neighborhoods, then Unassigned if anyone
// is in it (in view or, for a filtered view, at all).
func groupOrder(def *surveys.Survey, t *ViewTallies) []string {
	order := make([]string, 0, len(def.Neighborhoods)+1)
	for _, n := range def.Neighborhoods {
		order = append(order, n.ID)
	}
	if t.Groups[Unassigned].nonEmpty() || t.Reach.sum(ReachKey{Group: Unassigned}, true).N > 0 {
		order = append(order, Unassigned)
	}
	return order
}

func groupTally(t *ViewTallies, nb string) *Tally {
	if g := t.Groups[nb]; g != nil {
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

// splitValues lists a split view's groups within a neighborhood: each
// option of the split question, then Unanswered; none without a split.
func splitValues(def *surveys.Survey, view View) []string {
	if view.Split == "" {
		return nil
	}
	q, _ := def.Question(view.Split)
	return append(q.AnswerKeys(), Unanswered)
}

func lookupSplit(t *ViewTallies, nb, value string) *Tally {
	if g := t.Splits[nb][value]; g != nil {
		return g
	}
	return NewTally()
}

// Why a group, or one question's answers in it, is hidden (Reason).
const (
	// ReasonFewer: it holds fewer than min_n (rule 1).
	ReasonFewer = "fewer_than_min_n"
	// ReasonProtects: it holds min_n or more, and is hidden so that a
	// smaller group's answers cannot be worked out from it: the
	// complementary, margin, nesting and date rules and published numbers
	// held back (rules 2 to 6).
	ReasonProtects = "protects_others"
)

// hiddenReason is the reason a hidden field of n responses gives. Rule 1
// is the only one that looks at n alone, so n says which kind it is.
func hiddenReason(n int64, minN int) string {
	if n < int64(minN) {
		return ReasonFewer
	}
	return ReasonProtects
}

func makeGroup(def *surveys.Survey, nb string, split *string, t *Tally, h hidden, minN int) Group {
	g := Group{Neighborhood: nb, Split: split, N: t.N, Suppressed: h.group}
	if h.group {
		g.Reason = hiddenReason(t.N, minN)
		return g
	}
	g.Questions = map[string]*QuestionResult{}
	for _, q := range Questions(def) {
		qt := t.Question(q.ID)
		if h.q[q.ID] {
			g.Questions[q.ID] = &QuestionResult{N: qt.N, Suppressed: true, Reason: hiddenReason(qt.N, minN)}
			continue
		}
		g.Questions[q.ID] = questionResult(q, qt)
	}
	return g
}

// questionResult lists every answer key (zero too), then any other value
// the counters hold, such as an option a later version removed.
func questionResult(q *surveys.Question, qt *QuestionTally) *QuestionResult {
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
	if (q.Type == surveys.TypeScale || q.Type == surveys.TypeNumber) && qt.N > 0 {
		m := twoDecimals(float64(qt.Sum) / float64(qt.N))
		r.Mean = &m
	}
	return r
}

func twoDecimals(x float64) float64 { return math.Round(x*100) / 100 }
