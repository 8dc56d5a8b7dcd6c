package surveys

import "strconv"

// What results count of a definition: which answers are keys of their own
// and which questions may split a neighborhood. They are facts about the
// definition, so every package that shows answers reads them here.

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
		if CountsValues(q) {
			for v := *q.Number.Min; v <= *q.Number.Max; v++ {
				keys = append(keys, strconv.Itoa(v))
			}
		}
	}
	return keys
}

// SplitQuestions returns the questions results may be split by: the
// demographic single-choice questions, whose groups do not overlap and so
// add up to their neighborhood.
func (s *Survey) SplitQuestions() []*Question {
	var out []*Question
	for i := range s.Questions {
		if q := &s.Questions[i]; q.Demographic && q.Type == TypeSingle {
			out = append(out, q)
		}
	}
	return out
}

// maxCountedNumber bounds the range of a number question whose values are
// counted one by one (household size, say); wider ranges get n and mean only,
// so counters stay a bounded set of keys.
const maxCountedNumber = 100

// countsValues reports whether the values of a number question are counted.
func CountsValues(q *Question) bool {
	return q.Number != nil && q.Number.Min != nil && q.Number.Max != nil && *q.Number.Max-*q.Number.Min <= maxCountedNumber
}
