package surveys

import (
	"strings"
	"unicode/utf8"
)

// MaxTextAnswer bounds a free-text answer, in characters.
const MaxTextAnswer = 2000

// Visible reports whether q is shown given the answers so far: a question
// without show_if always is; one with show_if only when the earlier answer
// is one of its values (for a multi answer, when any chosen option is).
func (s *Survey) Visible(q *Question, answers map[string]any) bool {
	if q.ShowIf == nil {
		return true
	}
	if dep, ok := s.Question(q.ShowIf.Question); ok && !s.Visible(dep, answers) {
		return false
	}
	v, ok := answers[q.ShowIf.Question]
	if !ok {
		return false
	}
	for _, given := range AnswerValues(v) {
		for _, want := range q.ShowIf.In {
			if given == want {
				return true
			}
		}
	}
	return false
}

func AnswerValues(v any) []string {
	if xs, ok := v.([]string); ok {
		return xs
	}
	return []string{AnswerString(v)}
}

// ParseAnswer turns the raw values a channel received for q (form fields,
// or the words an SMS parser picked out) into the answer's stored type, or
// a problem. No values means "not answered": (nil, nil).
func ParseAnswer(s *Survey, q *Question, raw []string) (any, *Problem) {
	vals := raw[:0:0]
	for _, r := range raw {
		if r = strings.TrimSpace(r); r != "" {
			vals = append(vals, r)
		}
	}
	if len(vals) == 0 {
		return nil, nil
	}
	bad := func(id string, data map[string]any) (any, *Problem) {
		return nil, &Problem{Path: q.ID, MessageID: id, Data: data}
	}
	switch q.Type {
	case TypeSingle:
		if _, ok := q.Option(vals[0]); !ok || len(vals) > 1 {
			return bad("answer.choose_one", nil)
		}
		return vals[0], nil
	case TypeNeighborhood:
		if _, ok := s.Neighborhood(vals[0]); !ok || len(vals) > 1 {
			return bad("answer.choose_one", nil)
		}
		return vals[0], nil
	case TypeMulti:
		return parseMulti(q, vals, bad)
	case TypeScale:
		n, ok := ParseWhole(vals[0])
		if !ok || len(vals) > 1 || q.Scale == nil || n < q.Scale.Min || n > q.Scale.Max {
			min, max := 1, 5
			if q.Scale != nil {
				min, max = q.Scale.Min, q.Scale.Max
			}
			return bad("answer.scale", map[string]any{"Min": min, "Max": max})
		}
		return n, nil
	case TypeNumber:
		return parseNumber(q, vals, bad)
	case TypeText:
		t := strings.Join(vals, "\n")
		if !utf8.ValidString(t) {
			return bad("answer.text_invalid", nil)
		}
		// The same rule as an SMS body's, so no channel stores what the
		// other drops.
		if t = strings.TrimSpace(CleanText(t)); t == "" {
			return nil, nil
		}
		if n := utf8.RuneCountInString(t); n > MaxTextAnswer {
			return bad("answer.text_long", map[string]any{"Max": MaxTextAnswer, "Length": n})
		}
		return t, nil
	}
	return bad("answer.invalid", nil)
}

func parseMulti(q *Question, vals []string, bad func(string, map[string]any) (any, *Problem)) (any, *Problem) {
	seen := map[string]bool{}
	out := make([]string, 0, len(vals))
	// Keep the survey's option order, so the same choices always store
	// the same value whatever order they were ticked or texted in.
	for _, v := range vals {
		if _, ok := q.Option(v); !ok {
			return bad("answer.unknown_option", nil)
		}
		seen[v] = true
	}
	for _, o := range q.Options {
		if seen[o.ID] {
			out = append(out, o.ID)
		}
	}
	if q.MaxChoices > 0 && len(out) > q.MaxChoices {
		return bad("answer.too_many_choices", map[string]any{"Max": q.MaxChoices, "Count": q.MaxChoices})
	}
	return out, nil
}

func parseNumber(q *Question, vals []string, bad func(string, map[string]any) (any, *Problem)) (any, *Problem) {
	n, ok := ParseWhole(vals[0])
	if !ok || len(vals) > 1 {
		return bad("answer.number", nil)
	}
	if q.Number != nil {
		if (q.Number.Min != nil && n < *q.Number.Min) || (q.Number.Max != nil && n > *q.Number.Max) {
			data := map[string]any{}
			if q.Number.Min != nil {
				data["Min"] = *q.Number.Min
			}
			if q.Number.Max != nil {
				data["Max"] = *q.Number.Max
			}
			return bad("answer.number_range", data)
		}
	}
	return n, nil
}

// Complete checks a finished set of answers against the survey: it drops
// answers to questions that ended up hidden (they are never stored), and
// reports each visible required question left unanswered. The answers map
// is changed in place.
func (s *Survey) Complete(answers map[string]any) Problems {
	var problems Problems
	for i := range s.Questions {
		q := &s.Questions[i]
		if !s.Visible(q, answers) {
			delete(answers, q.ID)
			continue
		}
		if _, ok := answers[q.ID]; !ok && !q.Optional {
			problems = append(problems, Problem{Path: q.ID, MessageID: "answer.required"})
		}
	}
	for id := range answers {
		if _, ok := s.Question(id); !ok {
			delete(answers, id)
		}
	}
	return problems
}

// NeighborhoodOf returns the neighborhood ID answered, if any.
func (s *Survey) NeighborhoodOf(answers map[string]any) string {
	for i := range s.Questions {
		if s.Questions[i].Type == TypeNeighborhood {
			id, _ := answers[s.Questions[i].ID].(string)
			return id
		}
	}
	return ""
}
