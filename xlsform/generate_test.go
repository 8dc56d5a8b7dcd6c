package xlsform

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"canvass/surveys"
)

// generator makes random survey definitions that surveys.Validate
// accepts: every question type, languages in any order, texts in several
// scripts with the characters spreadsheets and XPath quote (' " , ; newlines),
// show-if on every kind of earlier question, ranges open at either end.
type generator struct {
	r     *rand.Rand
	langs []string
	seq   int
}

func newGenerator(seed uint64) *generator {
	return &generator{r: rand.New(rand.NewPCG(seed, 16))}
}

// pieces are what texts are made of.
var pieces = []string{"Safe", "seguridad", "¿Cuánto?", "Ammaan", "an toàn", "الأمان", "sekirite",
	"it's", `"quoted"`, "a, b; c", "=", "${x}", "line\nbreak", "50%", "🏠", "  two  spaces", "Ñandú", "x"}

func (g *generator) word() string { return pieces[g.r.IntN(len(pieces))] }

func (g *generator) id(prefix string) string {
	g.seq++
	return fmt.Sprintf("%s%d", prefix, g.seq)
}

// text is a text in every language; sometimes a leading or trailing space.
func (g *generator) text() surveys.Text {
	t := surveys.Text{}
	for _, l := range g.langs {
		t[l] = g.word() + " " + g.word() + strconv.Itoa(g.r.IntN(100))
	}
	return t
}

// maybeText is a text or nothing.
func (g *generator) maybeText() surveys.Text {
	if g.r.IntN(2) == 0 {
		return nil
	}
	return g.text()
}

func (g *generator) survey() *surveys.Survey {
	all := []string{"en", "es", "so", "vi", "ar", "ht", "fr", "zh"}
	g.r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	g.langs = all[:1+g.r.IntN(4)]
	s := &surveys.Survey{
		Slug:            g.id("survey-"),
		DefaultLanguage: g.langs[g.r.IntN(len(g.langs))],
		Languages:       g.langs,
		Title:           g.text(),
		Intro:           g.maybeText(),
		Thanks:          g.maybeText(),
		Invitation:      g.maybeText(),
		MinN:            5 + g.r.IntN(100),
		PublicResults:   g.r.IntN(2) == 0,
		AllowRepeats:    g.r.IntN(2) == 0,
	}
	if g.r.IntN(2) == 0 {
		s.Series, s.Round, s.RoundLabel = "series-x", "Spring "+strconv.Itoa(2020+g.r.IntN(10)), g.maybeText()
	}
	if g.r.IntN(3) == 0 {
		s.Contact = []string{"+16175550100", "hello@example.org", "https://example.org/contact"}[g.r.IntN(3)]
	}
	s.SMS = g.sms()
	if g.r.IntN(3) > 0 {
		g.neighborhoods(s)
	}
	for n := 1 + g.r.IntN(8); n > 0; n-- {
		s.Questions = append(s.Questions, g.question(s))
	}
	return s
}

func (g *generator) sms() *surveys.SMSSettings {
	if g.r.IntN(3) == 0 {
		return nil
	}
	sms := &surveys.SMSSettings{Keyword: "KW" + strconv.Itoa(g.r.IntN(1000)), ResultsBack: g.r.IntN(2) == 0}
	for _, l := range g.langs {
		if g.r.IntN(2) == 0 {
			if sms.Aliases == nil {
				sms.Aliases = map[string][]string{}
			}
			sms.Aliases[l] = []string{"AL" + l + strconv.Itoa(g.r.IntN(1000))}
			if g.r.IntN(2) == 0 {
				sms.Aliases[l] = append(sms.Aliases[l], "ZZ"+l)
			}
		}
		if surveys.ReadsInPlainLetters(l) && g.r.IntN(2) == 0 {
			sms.PlainLetters = append(sms.PlainLetters, l)
		}
	}
	return sms
}

// neighborhoods adds neighborhoods and the question that asks for one,
// anywhere among the first questions.
func (g *generator) neighborhoods(s *surveys.Survey) {
	for i := range 2 + g.r.IntN(4) {
		n := surveys.Neighborhood{ID: g.id("nb-"), Name: g.text()}
		if g.r.IntN(2) == 0 {
			n.Match = []string{fmt.Sprintf("0%04d", 1000+i), "place " + strconv.Itoa(100+i)}
		}
		s.Neighborhoods = append(s.Neighborhoods, n)
	}
	for range g.r.IntN(2) {
		s.Questions = append(s.Questions, g.question(s))
	}
	q := g.base(surveys.TypeNeighborhood)
	q.Demographic = false
	s.Questions = append(s.Questions, q)
}

func (g *generator) base(typ string) surveys.Question {
	q := surveys.Question{ID: g.id("q"), Type: typ, Text: g.text(), SMSText: g.maybeText(), Help: g.maybeText(),
		Optional: g.r.IntN(2) == 0, Demographic: g.r.IntN(4) == 0}
	return q
}

func (g *generator) question(s *surveys.Survey) surveys.Question {
	types := []string{surveys.TypeSingle, surveys.TypeMulti, surveys.TypeScale, surveys.TypeNumber, surveys.TypeText}
	q := g.base(types[g.r.IntN(len(types))])
	switch q.Type {
	case surveys.TypeSingle, surveys.TypeMulti:
		for range 2 + g.r.IntN(4) {
			q.Options = append(q.Options, surveys.Option{ID: g.id("o"), Text: g.text()})
		}
		if q.Type == surveys.TypeMulti && g.r.IntN(2) == 0 {
			q.MaxChoices = 1 + g.r.IntN(len(q.Options))
		}
	case surveys.TypeScale:
		lo := g.r.IntN(3)
		q.Scale = &surveys.Scale{Min: lo, Max: lo + 1 + g.r.IntN(10), Low: g.maybeText(), High: g.maybeText()}
	case surveys.TypeNumber:
		if g.r.IntN(3) > 0 {
			q.Number = &surveys.Range{}
			if g.r.IntN(2) == 0 {
				lo := g.r.IntN(50) - 10
				q.Number.Min = &lo
			}
			if g.r.IntN(2) == 0 || q.Number.Min == nil {
				hi := 50 + g.r.IntN(100)
				q.Number.Max = &hi
			}
		}
	}
	q.ShowIf = g.showIf(s)
	return q
}

// showIf is a condition on a random earlier question, or nil.
func (g *generator) showIf(s *surveys.Survey) *surveys.Condition {
	var refs []*surveys.Question
	for i := range s.Questions {
		if s.Questions[i].Type != surveys.TypeText {
			refs = append(refs, &s.Questions[i])
		}
	}
	if len(refs) == 0 || g.r.IntN(2) == 0 {
		return nil
	}
	ref := refs[g.r.IntN(len(refs))]
	var values []string
	switch ref.Type {
	case surveys.TypeSingle, surveys.TypeMulti:
		for _, o := range ref.Options {
			values = append(values, o.ID)
		}
	case surveys.TypeNeighborhood:
		for _, n := range s.Neighborhoods {
			values = append(values, n.ID)
		}
	case surveys.TypeScale:
		for v := ref.Scale.Min; v <= ref.Scale.Max; v++ {
			values = append(values, strconv.Itoa(v))
		}
	case surveys.TypeNumber:
		lo := -5
		if ref.Number != nil && ref.Number.Min != nil {
			lo = *ref.Number.Min
		}
		values = []string{strconv.Itoa(lo), strconv.Itoa(lo + 1)}
	}
	g.r.Shuffle(len(values), func(i, j int) { values[i], values[j] = values[j], values[i] })
	return &surveys.Condition{Question: ref.ID, In: slices.Clip(values[:1+g.r.IntN(len(values))])}
}

// describe says what a generated survey holds, for a failure message.
func describe(s *surveys.Survey) string {
	var types []string
	for _, q := range s.Questions {
		types = append(types, q.Type)
	}
	return fmt.Sprintf("languages %v, default %s, questions %s", s.Languages, s.DefaultLanguage, strings.Join(types, " "))
}
