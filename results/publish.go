package results

import (
	"slices"
	"strings"
	"time"

	"canvass/surveys"
)

// Published numbers: what partners, organizers and the public see (all who
// may not read raw responses). Watching live numbers before and after one
// person submits would show that person's answers, so these viewers see a
// Snapshot that changes in steps:
//
//   - a neighborhood (or Unassigned) is re-published only once its
//     responses have changed by at least min_n since its last step, and
//     then as a whole, from one fold of its responses;
//   - time rule: within it, a group a view shows (the neighborhood under
//     one channel, language or split answer, and the same for all
//     neighborhoods) that changed by 1 to min_n-1 since the last step it
//     was allowed to change in is held back (hidden) until it has changed
//     by at least min_n; where held groups would add up to such a change
//     within a family (margin less the rest), one more is held, as rule 2
//     does for a single view; the same per question;
//   - containment: a group whose responses happen to lie all within
//     another group's (all the Spanish speakers are renters), though no
//     filter says so, is hidden where the two differ by 1 to min_n-1;
//     the fold of each step counts every pair of attributes to find them.
//
// Published views have one of split, channel and language at a time and
// no dates (CheckPublished): each of their groups is then one scope (scopeKey).

// scopeKey names a group published views can show: a neighborhood (or
// AllNeighborhoods) with one attribute value (scopeValue).
func scopeKey(group, value string) string { return group + "|" + value }

// scopeValue names an attribute value: "*" for the whole group,
// "channel=sms", "language=es", "q:<question>=<option>"; restValue and
// Unanswered stand for what no filter names.
func scopeValue(dim, value string) string {
	if dim == DimAll {
		return "*"
	}
	return dim + "=" + value
}

func scopeDim(value string) string {
	d, _, _ := strings.Cut(value, "=")
	return d
}

// scopeValues lists every attribute value of cur a step counts.
func scopeValues(cur *surveys.Survey) []string {
	out := []string{"*", scopeValue(DimChannel, surveys.ChannelWeb), scopeValue(DimChannel, surveys.ChannelSMS), scopeValue(DimChannel, restValue)}
	for _, l := range cur.Languages {
		out = append(out, scopeValue(DimLanguage, l))
	}
	out = append(out, scopeValue(DimLanguage, restValue))
	for _, q := range cur.SplitQuestions() {
		for _, v := range append(q.AnswerKeys(), Unanswered) {
			out = append(out, scopeValue(SplitDim(q.ID), v))
		}
	}
	return out
}

// shownValue reports whether some published view shows the value of a
// neighborhood (all values but the rest) or of all of them (no split).
func shownValue(group, value string) bool {
	_, v, _ := strings.Cut(value, "=")
	if v == restValue {
		return false
	}
	return group != AllNeighborhoods || !strings.HasPrefix(value, dimSplitPrefix)
}

// Snapshot is a survey's published numbers.
type Snapshot struct {
	Survey string
	// At is when any of its numbers last changed (zero: never).
	At time.Time
	// Frames holds each group's numbers as of its last step.
	Frames map[string]*Frame
	// Scopes holds what the time and containment rules decided, by scope
	// ("<group>|<value>").
	Scopes map[string]*ScopeState
}

// Frame is one group's numbers as of its last step: a tally per
// attribute value, and how many responses hold each pair of values
// (Meets, read only when publishing: the containment rule needs them).
type Frame struct {
	At    time.Time
	Cells map[string]*Tally
	Meets map[string]*Tally
}

// N is how many responses the frame holds.
func (f *Frame) N() int64 {
	if f == nil || f.Cells["*"] == nil {
		return 0
	}
	return f.Cells["*"].N
}

// ScopeState is what the rules remember and decided of one Scope.
type ScopeState struct {
	// Base is its counts (N, and answers per question) at the last step
	// each was allowed to change in.
	Base *Tally
	// Held is what the time rule holds back now; Hidden what the
	// containment rule hides.
	Held, Hidden Hold
}

// Due lists the groups whose live totals differ from their published
// ones by at least minN: the groups a step would re-publish.
func (s *Snapshot) Due(live map[string]int64, minN int) []string {
	var out []string
	for g, n := range live {
		if d := n - s.frame(g).N(); d >= int64(minN) || -d >= int64(minN) {
			out = append(out, g)
		}
	}
	slices.Sort(out)
	return out
}

// Gap is the largest difference between a group's live total and its
// published one: while the survey's total has moved by less than minN
// less the gap since, no group can be due.
func (s *Snapshot) Gap(live map[string]int64) int64 {
	var gap int64
	seen := map[string]bool{}
	for g, n := range live {
		seen[g] = true
		gap = max(gap, n-s.frame(g).N(), s.frame(g).N()-n)
	}
	for g, f := range s.frames() {
		if !seen[g] {
			gap = max(gap, f.N())
		}
	}
	return gap
}

func (s *Snapshot) frames() map[string]*Frame {
	if s == nil {
		return nil
	}
	return s.Frames
}

func (s *Snapshot) frame(g string) *Frame {
	if s == nil {
		return nil
	}
	return s.Frames[g]
}

// StepFold folds the responses of the groups due for a step.
type StepFold struct {
	cur    *surveys.Survey
	due    map[string]bool
	frames map[string]*Frame
}

// NewStepFold starts the fold of a step re-publishing the due groups.
func NewStepFold(cur *surveys.Survey, due []string) *StepFold {
	f := &StepFold{cur: cur, due: map[string]bool{}, frames: map[string]*Frame{}}
	for _, g := range due {
		f.due[g] = true
		f.frames[g] = &Frame{Cells: map[string]*Tally{}, Meets: map[string]*Tally{}}
	}
	return f
}

// Add counts one response, read against def (its version's definition).
func (f *StepFold) Add(def *surveys.Survey, r *surveys.Response) {
	g := currentGroup(f.cur, GroupOf(def, r))
	if !f.due[g] {
		return
	}
	t := ResponseTally(def, r)
	values := []string{scopeValue(DimChannel, channelValue(r.Channel)), scopeValue(DimLanguage, languageValue(f.cur, r.Language))}
	for _, q := range f.cur.SplitQuestions() {
		values = append(values, scopeValue(SplitDim(q.ID), splitValue(f.cur, def, r, q.ID)))
	}
	fr := f.frames[g]
	for _, v := range append(values, "*") {
		addTo(fr.Cells, v, t)
	}
	// Meets need only who answered: counts of answers stay out.
	answered := NewTally()
	answered.N = t.N
	for id, q := range t.Questions {
		answered.Questions[id] = &QuestionTally{N: q.N}
	}
	for i, a := range values {
		for _, b := range values[i+1:] {
			addTo(fr.Meets, meetKey(a, b), answered)
		}
	}
}

func addTo(m map[string]*Tally, k string, t *Tally) {
	if m[k] == nil {
		m[k] = NewTally()
	}
	m[k].Add(t)
}

func languageValue(cur *surveys.Survey, l string) string {
	if slices.Contains(cur.Languages, l) {
		return l
	}
	return restValue
}

// meetKey names the responses holding two values of different
// attributes, in either order.
func meetKey(a, b string) string {
	if b < a {
		a, b = b, a
	}
	return a + "&" + b
}

// Publish takes a step: the due groups the fold counted get new frames
// where they changed by at least minN, and the time and containment rules
// are decided again. It returns the snapshot unchanged (and false) when no
// group is re-published.
func (s *Snapshot) Publish(cur *surveys.Survey, f *StepFold, minN int, now time.Time) (*Snapshot, bool) {
	next := &Snapshot{Survey: cur.Slug, Frames: map[string]*Frame{}, Scopes: map[string]*ScopeState{}}
	if s != nil {
		next.At = s.At
		for g, fr := range s.Frames {
			next.Frames[g] = fr
		}
	}
	changed := false
	for g, fr := range f.frames {
		if d := fr.N() - s.frame(g).N(); d < int64(minN) && -d < int64(minN) {
			continue
		}
		fr.At, next.Frames[g], changed = now, fr, true
	}
	if !changed {
		return s, false
	}
	next.At = now
	st := newStepState(cur, next, s, int64(minN))
	st.holdBack()
	st.hideContained()
	next.Scopes = st.states
	return next, true
}
