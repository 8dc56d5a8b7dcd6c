package handlers

import (
	"strconv"

	"github.com/labstack/echo/v5"

	"canvass/locales"
	"canvass/results"
	"canvass/surveys"
)

// labeler names a survey's neighborhoods, questions and answers in one
// reader's language, for pages and exports. Results JSON carries IDs only.
type labeler struct {
	def  *surveys.Survey
	lang string
	loc  *locales.Localizer
}

func (s *Server) labelerFor(c *echo.Context, def *surveys.Survey) labeler {
	lang := contentLanguage(c, def)
	return labeler{def: def, lang: lang, loc: s.Catalog.Localizer(lang)}
}

func (l labeler) text(t surveys.Text) string { return t.In(l.lang, l.def.DefaultLanguage) }

// neighborhood names a group's neighborhood, the reserved groups included.
func (l labeler) neighborhood(id string) string {
	switch id {
	case results.AllNeighborhoods:
		return l.loc.T("results.all_neighborhoods", nil)
	case results.Unassigned:
		return l.loc.T("results.unassigned", nil)
	}
	name, _ := l.def.NeighborhoodName(id, l.lang)
	return name
}

func (l labeler) question(q *surveys.Question) string { return l.text(q.Text) }

// answer names one answer key of a question: an option's text, or a scale
// value with its end label where it has one ("5 – Very safe").
func (l labeler) answer(q *surveys.Question, key string) string {
	if o, ok := q.Option(key); ok {
		return l.text(o.Text)
	}
	if q.Type == surveys.TypeScale && q.Scale != nil {
		switch key {
		case strconv.Itoa(q.Scale.Min):
			if s := l.text(q.Scale.Low); s != "" {
				return key + " – " + s
			}
		case strconv.Itoa(q.Scale.Max):
			if s := l.text(q.Scale.High); s != "" {
				return key + " – " + s
			}
		}
	}
	return key
}

// split names a split group.
func (l labeler) split(q *surveys.Question, value string) string {
	if value == results.Unanswered {
		return l.loc.T("results.unanswered", nil)
	}
	return l.answer(q, value)
}

// answerKeys lists a question's answer keys in display order: its options
// or scale values, then any other key a group's counts hold.
func answerKeys(q *surveys.Question, counts map[string]int64) []string {
	keys := q.AnswerKeys()
	seen := map[string]bool{}
	for _, k := range keys {
		seen[k] = true
	}
	var extra []string
	for k := range counts {
		if !seen[k] {
			extra = append(extra, k)
		}
	}
	sortAnswerKeys(extra)
	return append(keys, extra...)
}

// sortAnswerKeys sorts numbers numerically and before other keys.
func sortAnswerKeys(keys []string) {
	less := func(a, b string) bool {
		na, ea := strconv.Atoi(a)
		nb, eb := strconv.Atoi(b)
		switch {
		case ea == nil && eb == nil:
			return na < nb
		case ea == nil:
			return true
		case eb == nil:
			return false
		}
		return a < b
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && less(keys[j], keys[j-1]); j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
}
