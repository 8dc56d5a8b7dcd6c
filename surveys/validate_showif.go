package surveys

import (
	"fmt"
	"slices"
	"strconv"
)

// checkShowIf checks the condition of the question at index. A condition
// may only look back: the web form and the SMS conversation both decide
// whether to ask a question from the answers given so far.
func (v *validator) checkShowIf(path string, index int, q *Question) {
	c := q.ShowIf
	path += ".show_if"
	if q.Type == TypeNeighborhood {
		// Every response needs a neighborhood to be counted anywhere.
		v.fail(path, msgShowIfOnNeighborhood, nil)
	}
	ref, ok := v.earlierQuestion(path+".question", index, c.Question)
	if len(c.In) == 0 {
		v.fail(path+".in", msgShowIfEmpty, nil)
	}
	if !ok {
		return
	}
	for k, value := range c.In {
		v.checkShowIfValue(fmt.Sprintf("%s.in[%d]", path, k), ref, value)
	}
}

// earlierQuestion returns the question a condition refers to, when it is a
// question before index whose answers can be compared.
func (v *validator) earlierQuestion(path string, index int, id string) (*Question, bool) {
	if id == "" {
		v.required(path)
		return nil, false
	}
	j := slices.IndexFunc(v.s.Questions, func(q Question) bool { return q.ID == id })
	switch {
	case j < 0:
		v.fail(path, msgShowIfUnknown, map[string]any{"ID": id})
	case j >= index:
		v.fail(path, msgShowIfLater, map[string]any{"ID": id})
	case v.s.Questions[j].Type == TypeText:
		v.fail(path, msgShowIfText, map[string]any{"ID": id})
	default:
		return &v.s.Questions[j], true
	}
	return nil, false
}

// checkShowIfValue checks that value is an answer ref can have. Answers are
// compared as text, so a number must be written as its answer is ("1", not
// "01" or "1.0"), or the condition would never hold. A range already
// reported as wrong is not used to judge values.
func (v *validator) checkShowIfValue(path string, ref *Question, value string) {
	data := map[string]any{"Value": value, "ID": ref.ID}
	switch ref.Type {
	case TypeSingle, TypeMulti:
		if _, ok := ref.Option(value); !ok {
			v.fail(path, msgShowIfOption, data)
		}
	case TypeNeighborhood:
		if _, ok := v.s.Neighborhood(value); !ok {
			v.fail(path, msgShowIfNeighborhood, data)
		}
	case TypeScale:
		sc := ref.Scale
		if sc != nil && sc.Min < sc.Max && !wholeNumberIn(value, &sc.Min, &sc.Max) {
			data["Min"], data["Max"] = sc.Min, sc.Max
			v.fail(path, msgShowIfScale, data)
		}
	case TypeNumber:
		r := Range{}
		if ref.Number != nil {
			r = *ref.Number
		}
		if r.Min != nil && r.Max != nil && *r.Min > *r.Max {
			return
		}
		if !wholeNumberIn(value, r.Min, r.Max) {
			v.fail(path, msgShowIfNumber, data)
		}
	}
}

// wholeNumberIn reports whether s is a whole number in canonical decimal
// form within the bounds that are given.
func wholeNumberIn(s string, lo, hi *int) bool {
	n, err := strconv.Atoi(s)
	if err != nil || strconv.Itoa(n) != s {
		return false
	}
	return (lo == nil || n >= *lo) && (hi == nil || n <= *hi)
}
