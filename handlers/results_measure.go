package handlers

import (
	"slices"
	"strconv"
	"strings"

	"canvass/results"
	"canvass/surveys"
)

// measure is what the map shades and the round comparison compares: the
// share of a group giving one of the top answers to a question.
type measure struct {
	Question *surveys.Question
	Top      []string
}

// Key is the measure as a form value: "safe_day:4,5".
func (m measure) Key() string {
	if m.Question == nil {
		return ""
	}
	return m.Question.ID + ":" + strings.Join(m.Top, ",")
}

// share is a shown group's share giving a top answer, in percent.
func (m measure) share(g *results.Group) (float64, bool) {
	if g == nil || g.Suppressed {
		return 0, false
	}
	qr := g.Questions[m.Question.ID]
	if qr == nil || qr.Suppressed || qr.N == 0 {
		return 0, false
	}
	var n int64
	for _, t := range m.Top {
		n += qr.Counts[t]
	}
	return percent(n, qr.N), true
}

// label names the measure: the question, then the answers counted.
func (m measure) label(lab labeler) string {
	parts := make([]string, len(m.Top))
	for i, t := range m.Top {
		parts[i] = lab.answer(m.Question, t)
	}
	return lab.question(m.Question) + " — " + strings.Join(parts, ", ")
}

// measures lists the measures a survey offers: each scale question's top
// two values, each option of a single or multi question (demographics
// left out). Series targets come first, so the partnership's own measure
// is the default.
func measures(def *surveys.Survey, targets []results.Target) []measure {
	var out []measure
	add := func(m measure) {
		if !slices.ContainsFunc(out, func(x measure) bool { return x.Key() == m.Key() }) {
			out = append(out, m)
		}
	}
	for _, t := range targets {
		if q, ok := def.Question(t.Question); ok && len(results.CheckTop(q, t.Top, "")) == 0 {
			add(measure{Question: q, Top: t.Top})
		}
	}
	for _, q := range results.Questions(def) {
		switch {
		case q.Type == surveys.TypeScale && q.Scale != nil && q.Scale.Max > q.Scale.Min:
			add(measure{Question: q, Top: []string{strconv.Itoa(q.Scale.Max - 1), strconv.Itoa(q.Scale.Max)}})
		case (q.Type == surveys.TypeSingle || q.Type == surveys.TypeMulti) && !q.Demographic:
			for _, o := range q.Options {
				add(measure{Question: q, Top: []string{o.ID}})
			}
		}
	}
	return out
}

// pickMeasure returns the measure named by key, or the first one.
func pickMeasure(ms []measure, key string) (measure, bool) {
	for _, m := range ms {
		if m.Key() == key {
			return m, true
		}
	}
	if len(ms) == 0 {
		return measure{}, false
	}
	return ms[0], true
}
