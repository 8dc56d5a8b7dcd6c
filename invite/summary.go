package invite

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"canvass/locales"
	"canvass/results"
	"canvass/sms"
	"canvass/surveys"
)

// summarizable: a results text sums up a question residents see the
// results of on the public page (results.PublicQuestion), never a
// demographic one.
func summarizable(q *surveys.Question) bool { return results.PublicQuestion(q) }

// HeadlineQuestion returns the question a results text sums up: the one
// asked for, or the survey's first scale question, else its first
// summarizable one. ok is false when id names no summarizable question.
func HeadlineQuestion(def *surveys.Survey, id string) (*surveys.Question, bool) {
	if id != "" {
		q, ok := def.Question(id)
		return q, ok && summarizable(q)
	}
	var first *surveys.Question
	for i := range def.Questions {
		q := &def.Questions[i]
		if q.Type == surveys.TypeScale {
			return q, true
		}
		if first == nil && summarizable(q) {
			first = q
		}
	}
	return first, first != nil
}

// ResultsText is what one neighborhood's respondents get back in lang: how
// many answered and the headline figure of question q, from group g, a
// group of the survey's suppressed results (results.Compute), so
// the text can show nothing that any other view hides. It picks the
// richest wording that fits one SMS segment, dropping the title, then the
// link, then the count; when even the shortest does not fit (UCS-2
// languages hold only 70 characters) the shortest is used and the
// estimate shows its cost. link is the public results page, "" if none.
func ResultsText(loc *locales.Localizer, def *surveys.Survey, g *results.Group, q *surveys.Question, lang, link string) string {
	neighborhood, _ := def.NeighborhoodName(g.Neighborhood, lang)
	data := map[string]any{
		"Neighborhood": neighborhood,
		"Title":        def.Title.In(lang, def.DefaultLanguage),
		"N":            g.N,
		"Link":         link,
	}
	var candidates []string
	if g.Suppressed {
		if link != "" {
			candidates = append(candidates, loc.T("results.sms.suppressed_link", data))
		}
		candidates = append(candidates, loc.T("results.sms.suppressed", data), loc.T("results.sms.suppressed_short", data))
	} else {
		data["Headline"] = capitalize(headline(loc, g, q, lang, def.DefaultLanguage))
		ids := []string{"results.sms.full", "results.sms.medium", "results.sms.short", "results.sms.tiny"}
		if link == "" {
			ids = []string{"results.sms.short", "results.sms.tiny"}
		}
		for _, id := range ids {
			candidates = append(candidates, loc.T(id, data))
		}
	}
	for _, c := range candidates {
		if _, _, segs := sms.Count(c); segs <= 1 {
			return c
		}
	}
	return shortest(candidates)
}

// shortest returns the text of fewest segments, then fewest characters.
func shortest(texts []string) string {
	best, bestSegs, bestUnits := "", math.MaxInt, math.MaxInt
	for _, t := range texts {
		_, u, segs := sms.Count(t)
		if segs < bestSegs || (segs == bestSegs && u < bestUnits) {
			best, bestSegs, bestUnits = t, segs, u
		}
	}
	return best
}

// headline is the question's figure for the group: the share in the top
// two points of a scale, the most chosen option, or a number's mean. A
// question hidden in this group (too few answered it) gives only thanks.
func headline(loc *locales.Localizer, g *results.Group, q *surveys.Question, lang, fallback string) string {
	r := g.Questions[q.ID]
	if r == nil || r.Suppressed || r.N == 0 {
		return loc.T("results.sms.thanks", nil)
	}
	switch q.Type {
	case surveys.TypeScale:
		lo := max(q.Scale.Max-1, q.Scale.Min)
		var top int64
		for v := lo; v <= q.Scale.Max; v++ {
			top += r.Counts[strconv.Itoa(v)]
		}
		data := map[string]any{"Pct": percent(top, r.N), "From": lo, "To": q.Scale.Max, "High": q.Scale.High.In(lang, fallback)}
		if data["High"] == "" {
			return loc.T("results.sms.scale_plain", data)
		}
		return loc.T("results.sms.scale", data)
	case surveys.TypeSingle, surveys.TypeMulti:
		best, bestN := "", int64(-1)
		for _, o := range q.Options {
			if n := r.Counts[o.ID]; n > bestN {
				best, bestN = o.Text.In(lang, fallback), n
			}
		}
		return loc.T("results.sms.option", map[string]any{"Option": strings.TrimSpace(best), "Pct": percent(bestN, r.N)})
	case surveys.TypeNumber:
		if r.Mean != nil {
			return loc.T("results.sms.mean", map[string]any{"Mean": strconv.FormatFloat(*r.Mean, 'f', -1, 64)})
		}
	}
	return loc.T("results.sms.thanks", nil)
}

// capitalize upper-cases the first letter, in scripts that have case.
func capitalize(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// percent rounds part/whole to a whole percentage.
func percent(part, whole int64) int {
	if whole <= 0 {
		return 0
	}
	return int(math.Round(100 * float64(part) / float64(whole)))
}
