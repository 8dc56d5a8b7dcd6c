package handlers

import (
	"strconv"
	"strings"
	"unicode"

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

// count is a group's n as charts and tables print it ("n 123").
func (l labeler) count(n int64) string {
	return l.loc.T("results.n_count", map[string]any{"N": n})
}

// hidden says why a group's answers are hidden: it is too small itself,
// or it is hidden so that a smaller group's cannot be worked out. A
// question hidden in a group that shows says so of those who answered it,
// not of the group, whose n is printed beside it.
func (l labeler) hidden(reason string, minN int, question bool) string {
	switch {
	case reason == results.ReasonProtects:
		return l.loc.T("results.hidden_protects", nil)
	case reason == results.ReasonFewer && question:
		return l.loc.T("results.hidden_fewer_answered", map[string]any{"MinN": minN})
	case reason == results.ReasonFewer:
		return l.loc.T("export.suppressed", map[string]any{"MinN": minN})
	}
	return l.loc.T("results.hidden_short", nil)
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

// textWidth estimates how wide s is drawn at px CSS px. It errs wide: the
// widths are DejaVu Sans's, wider than the system fonts of phones and
// laptops (measured in Chromium, every label of the example survey in its
// six languages comes out at most this wide), and a bold text is taken as
// 15% wider, as bold Arabic is.
func textWidth(s string, px float64, bold bool) float64 {
	em := 0.0
	for _, r := range s {
		em += runeEm(r)
	}
	if bold {
		em *= 1.15
	}
	return em * px
}

// runeEm is a character's advance in ems, by kind.
func runeEm(r rune) float64 {
	switch {
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0 // accents, Arabic vowel marks, joiners
	case r == ' ' || r == '·':
		return 0.33
	case strings.ContainsRune("ijlIft.,:;'!|()[]r", r):
		return 0.42
	case strings.ContainsRune("mwMW%…—@", r):
		return 1.0
	case r >= '0' && r <= '9':
		return 0.64
	case unicode.Is(unicode.Arabic, r):
		return 0.62
	case unicode.IsUpper(r):
		return 0.76
	case unicode.IsLetter(r):
		return 0.63
	}
	return 0.84 // ±, –, symbols
}

// wrapText breaks s into lines no wider than widths[i] (the last width
// serves any further line), at most len(widths) lines; what does not fit
// is cut with an ellipsis, and cut says so.
func wrapText(s string, px float64, bold bool, widths ...float64) (lines []string, cut bool) {
	words := strings.Fields(s)
	for len(words) > 0 {
		w := widths[min(len(lines), len(widths)-1)]
		if len(lines) == len(widths)-1 {
			rest := strings.Join(words, " ")
			line, c := fitText(rest, px, bold, w)
			return append(lines, line), c
		}
		n := 1
		for n < len(words) && textWidth(strings.Join(words[:n+1], " "), px, bold) <= w {
			n++
		}
		line := strings.Join(words[:n], " ")
		if textWidth(line, px, bold) > w { // one word wider than the line
			line, _ = fitText(line, px, bold, w)
			cut = true
		}
		lines, words = append(lines, line), words[n:]
	}
	return lines, cut
}

// fitText cuts s to width w with an ellipsis.
func fitText(s string, px float64, bold bool, w float64) (string, bool) {
	if textWidth(s, px, bold) <= w {
		return s, false
	}
	r := []rune(s)
	for len(r) > 0 && textWidth(string(r)+"…", px, bold) > w {
		r = r[:len(r)-1]
	}
	return strings.TrimSpace(string(r)) + "…", true
}
