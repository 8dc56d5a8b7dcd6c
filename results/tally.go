package results

import (
	"maps"
	"strconv"

	"canvass/surveys"
)

// Reserved group IDs. Every survey ID matches idPattern, which cannot start
// with "_", so these never collide with a neighborhood or option ID.
const (
	// Unassigned groups responses without a neighborhood the current
	// definition knows (none given, or one a later version removed).
	Unassigned = "_unassigned"
	// Unanswered is the split group of responses that did not answer the
	// split question (it is optional, hidden, or newer than the response).
	Unanswered = "_unanswered"
	// AllNeighborhoods names the overall group in exports.
	AllNeighborhoods = "_all"
	// otherValue stands for a channel or language that cannot be a key.
	otherValue = "_other"
)

// Tally counts the responses of one group: how many, and for each question
// how many answered and how often each answer was given. Tallies add up:
// the tally of a union of disjoint groups is the sum of theirs, which is
// what lets live counters, rebuilds and folds of raw responses agree.
type Tally struct {
	N         int64
	Questions map[string]*QuestionTally
}

// QuestionTally counts the answers to one question within a group.
type QuestionTally struct {
	// N is how many responses answered the question.
	N int64
	// Counts is how many chose each option (single, multi) or gave each
	// value (scale, and number questions with a small range).
	Counts map[string]int64
	// Sum of the values of a scale or number question, for its mean.
	Sum int64
}

// NewTally returns an empty tally.
func NewTally() *Tally { return &Tally{Questions: map[string]*QuestionTally{}} }

func (t *Tally) nonEmpty() bool { return t != nil && t.N > 0 }

// Question returns the tally of one question, empty when nobody answered.
func (t *Tally) Question(id string) *QuestionTally {
	if t != nil {
		if q, ok := t.Questions[id]; ok {
			return q
		}
	}
	return &QuestionTally{}
}

func (t *Tally) question(id string) *QuestionTally {
	q, ok := t.Questions[id]
	if !ok {
		q = &QuestionTally{Counts: map[string]int64{}}
		t.Questions[id] = q
	}
	if q.Counts == nil {
		q.Counts = map[string]int64{}
	}
	return q
}

// Add adds o to t.
func (t *Tally) Add(o *Tally) { t.addScaled(o, 1) }

// Sub subtracts o from t; a group's remainder (those not in any listed
// subgroup) is its tally minus theirs.
func (t *Tally) Sub(o *Tally) { t.addScaled(o, -1) }

func (t *Tally) addScaled(o *Tally, sign int64) {
	if o == nil {
		return
	}
	if t.Questions == nil {
		t.Questions = map[string]*QuestionTally{}
	}
	t.N += sign * o.N
	for id, oq := range o.Questions {
		q := t.question(id)
		q.N += sign * oq.N
		q.Sum += sign * oq.Sum
		for k, v := range oq.Counts {
			q.Counts[k] += sign * v
		}
	}
}

// Clone returns a deep copy of t (an empty tally for nil).
func (t *Tally) Clone() *Tally {
	c := NewTally()
	c.Add(t)
	return c
}

// Equal reports whether two tallies hold the same numbers; zero counts and
// absent ones are the same.
func (t *Tally) Equal(o *Tally) bool {
	if t == nil {
		t = NewTally()
	}
	if o == nil {
		o = NewTally()
	}
	if t.N != o.N {
		return false
	}
	ids := map[string]bool{}
	for id := range t.Questions {
		ids[id] = true
	}
	for id := range o.Questions {
		ids[id] = true
	}
	for id := range ids {
		a, b := t.Question(id), o.Question(id)
		if a.N != b.N || a.Sum != b.Sum {
			return false
		}
		keys := maps.Clone(a.Counts)
		if keys == nil {
			keys = map[string]int64{}
		}
		maps.Copy(keys, b.Counts)
		for k := range keys {
			if a.Counts[k] != b.Counts[k] {
				return false
			}
		}
	}
	return true
}

// ResponseTally is what one response adds to each group it belongs to,
// read against def, the definition of the version the resident answered.
// Answers that do not fit their question (an unknown option, a wrong type)
// are left out rather than counted under a made-up key. Free text is only
// counted as answered; its words never reach the counters.
func ResponseTally(def *surveys.Survey, r *surveys.Response) *Tally {
	t := NewTally()
	t.N = 1
	for i := range def.Questions {
		q := &def.Questions[i]
		v, ok := r.Answers[q.ID]
		if !ok || v == nil {
			continue
		}
		switch q.Type {
		case surveys.TypeSingle:
			if s, ok := v.(string); ok && hasOption(q, s) {
				qt := t.question(q.ID)
				qt.N, qt.Counts[s] = 1, 1
			}
		case surveys.TypeMulti:
			var chosen []string
			for _, s := range surveys.AnswerValues(v) {
				if hasOption(q, s) && !hasString(chosen, s) {
					chosen = append(chosen, s)
				}
			}
			if len(chosen) > 0 {
				qt := t.question(q.ID)
				qt.N = 1
				for _, s := range chosen {
					qt.Counts[s] = 1
				}
			}
		case surveys.TypeScale, surveys.TypeNumber:
			n, ok := intAnswer(v)
			if !ok {
				continue
			}
			qt := t.question(q.ID)
			qt.N, qt.Sum = 1, int64(n)
			if q.Type == surveys.TypeScale || surveys.CountsValues(q) {
				qt.Counts[strconv.Itoa(n)] = 1
			}
		case surveys.TypeText:
			if s, ok := v.(string); ok && s != "" {
				t.question(q.ID).N = 1
			}
		}
	}
	return t
}

func hasOption(q *surveys.Question, id string) bool {
	_, ok := q.Option(id)
	return ok
}

func hasString(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// intAnswer reads a scale or number answer in any of the integer types a
// decoder may produce.
func intAnswer(v any) (int, bool) {
	switch x := v.(type) {
	case int:
		return x, true
	case int32:
		return int(x), true
	case int64:
		return int(x), true
	case float64:
		if x == float64(int(x)) {
			return int(x), true
		}
	}
	return 0, false
}
