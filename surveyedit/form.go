// Package surveyedit is the structured survey editor's model, without
// HTTP: it reads the editor's form fields onto a definition and performs
// its actions (add, remove and reorder questions, options, neighborhoods
// and languages). The editor's page renders the same field names, so a
// form posted back unchanged leaves the definition unchanged.
package surveyedit

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"canvass/surveys"
)

// Field names of the editor form. Texts are written in one language at a
// time, the editing language; the others ride along in the state.
func QuestionField(i int, name string) string { return fmt.Sprintf("q.%d.%s", i, name) }

// OptionField names a field of option j of question i.
func OptionField(i, j int, name string) string { return fmt.Sprintf("q.%d.o.%d.%s", i, j, name) }

// NeighborhoodField names a field of neighborhood i.
func NeighborhoodField(i int, name string) string { return fmt.Sprintf("n.%d.%s", i, name) }

// AliasField names the aliases of a language.
func AliasField(lang string) string { return "alias." + lang }

// Message IDs of problems Apply and Do report (locales/admin.*).
const (
	msgNotNumber       = "editor.not_a_number"      // Value
	msgUnknownLanguage = "editor.unknown_language"  // Value
	msgDefaultLanguage = "editor.remove_default"    // Language
	msgLanguageThere   = "editor.language_declared" // Language
	msgNoSuchItem      = "editor.no_such_item"      // -
)

// Apply reads the editor's fields onto def, texts in lang. A field the
// form lacks leaves its value alone; a number that does not read keeps
// the old value and is reported, so nothing typed elsewhere is lost.
func Apply(def *surveys.Survey, f url.Values, lang string) surveys.Problems {
	a := &applier{def: def, f: f, lang: lang}
	a.text("title", &def.Title)
	a.text("round_label", &def.RoundLabel)
	a.text("intro", &def.Intro)
	a.text("thanks", &def.Thanks)
	a.str("series", &def.Series)
	a.str("round", &def.Round)
	a.str("contact", &def.Contact)
	a.number("min_n", &def.MinN)
	a.check("public_results", &def.PublicResults)
	a.check("allow_repeats", &def.AllowRepeats)
	if l := f.Get("default_language"); def.HasLanguage(l) {
		def.DefaultLanguage = l
	}
	a.sms()
	for i := range def.Neighborhoods {
		a.neighborhood(i)
	}
	for i := range def.Questions {
		a.question(i)
	}
	return a.out
}

type applier struct {
	def  *surveys.Survey
	f    url.Values
	lang string
	out  surveys.Problems
}

// text sets the editing language's text; emptied, it is removed.
func (a *applier) text(name string, t *surveys.Text) {
	if !a.f.Has(name) {
		return
	}
	v := strings.TrimSpace(strings.ReplaceAll(a.f.Get(name), "\r\n", "\n"))
	if v == "" {
		delete(*t, a.lang)
		if len(*t) == 0 {
			*t = nil
		}
		return
	}
	if *t == nil {
		*t = surveys.Text{}
	}
	(*t)[a.lang] = v
}

func (a *applier) str(name string, s *string) {
	if a.f.Has(name) {
		*s = strings.TrimSpace(a.f.Get(name))
	}
}

// check reads a checkbox: the editor marks each with a hidden field
// ("name" = "0") before it, so an unchecked box still says so.
func (a *applier) check(name string, b *bool) {
	if vs, ok := a.f[name]; ok {
		*b = vs[len(vs)-1] == "1"
	}
}

// number reads a whole number; empty reads as 0.
func (a *applier) number(name string, n *int) {
	p := a.optional(name, intPtr(*n))
	if p == nil {
		*n = 0
	} else {
		*n = *p
	}
}

// optional reads a whole number that may be left empty (nil).
func (a *applier) optional(name string, old *int) *int {
	if !a.f.Has(name) {
		return old
	}
	v := strings.TrimSpace(a.f.Get(name))
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		a.out = append(a.out, surveys.Problem{Path: pathOf(name), MessageID: msgNotNumber, Data: map[string]any{"Value": v}})
		return old
	}
	return &n
}

// words reads a comma-separated list.
func (a *applier) words(name string, old []string) []string {
	if !a.f.Has(name) {
		return old
	}
	var out []string
	for _, w := range strings.Split(a.f.Get(name), ",") {
		if w = strings.TrimSpace(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}

func (a *applier) sms() {
	if !a.f.Has("sms_keyword") {
		return
	}
	s := a.def.SMS
	if s == nil {
		s = &surveys.SMSSettings{}
	}
	s.Keyword = strings.TrimSpace(a.f.Get("sms_keyword"))
	a.check("sms_results_back", &s.ResultsBack)
	for _, l := range a.def.Languages {
		words := a.words(AliasField(l), s.Aliases[l])
		if s.Aliases == nil {
			s.Aliases = map[string][]string{}
		}
		if len(words) == 0 {
			delete(s.Aliases, l)
		} else {
			s.Aliases[l] = words
		}
	}
	if len(s.Aliases) == 0 {
		s.Aliases = nil
	}
	// No keyword and no alias: the survey is not offered by SMS.
	if s.Keyword == "" && s.Aliases == nil {
		s = nil
	}
	a.def.SMS = s
}

func (a *applier) neighborhood(i int) {
	n := &a.def.Neighborhoods[i]
	a.str(NeighborhoodField(i, "id"), &n.ID)
	a.text(NeighborhoodField(i, "name"), &n.Name)
	n.Match = a.words(NeighborhoodField(i, "match"), n.Match)
}

func (a *applier) question(i int) {
	q := &a.def.Questions[i]
	if !a.f.Has(QuestionField(i, "id")) {
		return
	}
	a.str(QuestionField(i, "id"), &q.ID)
	a.str(QuestionField(i, "type"), &q.Type)
	a.text(QuestionField(i, "text"), &q.Text)
	a.text(QuestionField(i, "sms_text"), &q.SMSText)
	a.text(QuestionField(i, "help"), &q.Help)
	a.check(QuestionField(i, "optional"), &q.Optional)
	a.check(QuestionField(i, "demographic"), &q.Demographic)
	a.number(QuestionField(i, "max_choices"), &q.MaxChoices)
	for j := range q.Options {
		a.str(OptionField(i, j, "id"), &q.Options[j].ID)
		a.text(OptionField(i, j, "text"), &q.Options[j].Text)
	}
	if q.Scale != nil {
		a.number(QuestionField(i, "scale_min"), &q.Scale.Min)
		a.number(QuestionField(i, "scale_max"), &q.Scale.Max)
		a.text(QuestionField(i, "scale_low"), &q.Scale.Low)
		a.text(QuestionField(i, "scale_high"), &q.Scale.High)
	}
	if q.Number != nil {
		q.Number.Min = a.optional(QuestionField(i, "number_min"), q.Number.Min)
		q.Number.Max = a.optional(QuestionField(i, "number_max"), q.Number.Max)
	}
	a.showIf(i, q)
	FitType(q)
}

// showIf reads the condition: the earlier question, and the answers
// ticked (or, for a number question, typed) that show this one.
func (a *applier) showIf(i int, q *surveys.Question) {
	name := QuestionField(i, "show_if")
	if !a.f.Has(name) {
		return
	}
	ref := strings.TrimSpace(a.f.Get(name))
	if ref == "" {
		q.ShowIf = nil
		return
	}
	var in surveys.Values
	if q.ShowIf != nil && q.ShowIf.Question == ref {
		in = a.f[QuestionField(i, "show_if_in")]
		in = append(in, a.words(QuestionField(i, "show_if_values"), nil)...)
	}
	q.ShowIf = &surveys.Condition{Question: ref, In: in}
}

// FitType gives a question the fields its type needs and drops the ones
// it cannot have: a scale gets 1 to 5, a choice two options to rename.
func FitType(q *surveys.Question) {
	switch q.Type {
	case surveys.TypeScale:
		if q.Scale == nil {
			q.Scale = &surveys.Scale{Min: 1, Max: 5}
		}
	default:
		q.Scale = nil
	}
	if q.Type == surveys.TypeNumber {
		if q.Number == nil {
			q.Number = &surveys.Range{}
		}
	} else {
		q.Number = nil
	}
	switch q.Type {
	case surveys.TypeSingle, surveys.TypeMulti:
		for len(q.Options) < 2 {
			q.Options = append(q.Options, surveys.Option{ID: freeOptionID(q)})
		}
	default:
		q.Options = nil
	}
	if q.Type != surveys.TypeMulti {
		q.MaxChoices = 0
	}
}

// pathOf turns a field name into the definition's path, so a problem
// with a field shows beside it: "q.3.number_min" → "questions[3].number".
func pathOf(name string) string {
	parts := strings.Split(name, ".")
	if len(parts) >= 3 && parts[0] == "q" {
		field := strings.TrimSuffix(strings.TrimSuffix(parts[2], "_min"), "_max")
		return fmt.Sprintf("questions[%s].%s", parts[1], field)
	}
	return name
}

func intPtr(n int) *int { return &n }
