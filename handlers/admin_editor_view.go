package handlers

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"canvass/locales"
	"canvass/surveyedit"
	"canvass/surveys"
	"canvass/web"
)

// field is one input of the survey editor: its form name, its HTML id,
// its value in the editing language, and the problems found at it.
type field struct {
	Name, ID, Value string
	Checked         bool
	Problems        []problemView
}

// editorQuestion is one question as the editor shows it.
type editorQuestion struct {
	I, N                                    int // index, and as a person counts
	Path                                    string
	Type                                    string
	ID, TypeField, Text, SMSText, Help      field
	Optional, Demographic, MaxChoices       field
	ScaleMin, ScaleMax, ScaleLow, ScaleHigh field
	NumberMin, NumberMax                    field
	Options                                 []editorOption
	// ShowIf picks an earlier question; its answers are offered as
	// Answers (checkboxes), or typed in ShowIfValues for a number.
	ShowIf       field
	Earlier      []surveyChoice
	Answers      []answerChoice
	ShowIfValues field
	ShowIfNumber bool
	Problems     []problemView // at the question itself
	Last         bool
}

// editorOption is one option of a choice question.
type editorOption struct {
	J, N     int
	ID, Text field
	Problems []problemView
	Last     bool
}

// answerChoice is an answer of an earlier question a show-if may pick.
type answerChoice struct {
	Value, Label string
	Checked      bool
}

// editorNeighborhood is one neighborhood as the editor shows it.
type editorNeighborhood struct {
	I, N            int
	ID, Name, Match field
	Problems        []problemView
}

// editorLanguage is a declared language, with what it still lacks.
type editorLanguage struct {
	Code, Name, Dir string
	Missing         int
	Default         bool
	Editing         bool
	Alias           field
}

// editorBuilder turns a definition and its problems into the editor's
// fields. Each problem goes to the field it names, or the nearest field
// or block above it; what has no place on the page is listed at the top.
type editorBuilder struct {
	def  *surveys.Survey
	lang string
	loc  *locales.Localizer
	// at holds problems by path until a field claims them.
	at map[string][]problemView
}

func newEditorBuilder(def *surveys.Survey, lang string, loc *locales.Localizer, problems []problemView) *editorBuilder {
	b := &editorBuilder{def: def, lang: lang, loc: loc, at: map[string][]problemView{}}
	anchors := b.anchors()
	for _, p := range problems {
		path := p.Path
		for path != "" && !anchors[path] {
			path = parentPath(path)
		}
		b.at[path] = append(b.at[path], p)
	}
	return b
}

// parentPath drops a path's last step: "questions[2].text" → "questions[2]".
func parentPath(path string) string {
	if i := strings.LastIndexAny(path, ".["); i >= 0 {
		return path[:i]
	}
	return ""
}

// anchors are the paths the editor shows problems at.
func (b *editorBuilder) anchors() map[string]bool {
	out := map[string]bool{}
	for _, p := range []string{"title", "round_label", "intro", "thanks", "series", "round", "contact", "min_n",
		"public_results", "default_language", "languages", "sms", "sms.keyword", "sms.aliases", "neighborhoods", "questions"} {
		out[p] = true
	}
	for _, l := range b.def.Languages {
		out["sms.aliases."+l] = true
	}
	for i := range b.def.Neighborhoods {
		for _, f := range []string{"", ".id", ".name", ".match"} {
			out[neighborhoodPath(i)+f] = true
		}
	}
	for i, q := range b.def.Questions {
		for _, f := range []string{"", ".id", ".type", ".text", ".sms_text", ".help", ".max_choices", ".scale", ".number", ".show_if", ".options"} {
			out[questionPath(i)+f] = true
		}
		for j := range q.Options {
			out[optionPath(i, j)] = true
		}
	}
	return out
}

func questionPath(i int) string     { return "questions[" + strconv.Itoa(i) + "]" }
func neighborhoodPath(i int) string { return "neighborhoods[" + strconv.Itoa(i) + "]" }
func optionPath(i, j int) string    { return questionPath(i) + ".options[" + strconv.Itoa(j) + "]" }

// fieldID makes an HTML id of a form name: "q.2.text" → "f-q-2-text".
func fieldID(name string) string { return "f-" + strings.NewReplacer(".", "-", "_", "-").Replace(name) }

// field builds an input at path (whose problems it shows) named name.
func (b *editorBuilder) field(name, path, value string) field {
	f := field{Name: name, ID: fieldID(name), Value: value, Problems: b.at[path]}
	delete(b.at, path)
	return f
}

func (b *editorBuilder) check(name, path string, on bool) field {
	f := b.field(name, path, "1")
	f.Checked = on
	return f
}

func (b *editorBuilder) text(name, path string, t surveys.Text) field {
	return b.field(name, path, t[b.lang])
}

// take claims the problems at a block's path.
func (b *editorBuilder) take(path string) []problemView {
	ps := b.at[path]
	delete(b.at, path)
	return ps
}

func (b *editorBuilder) questions() []editorQuestion {
	out := make([]editorQuestion, 0, len(b.def.Questions))
	for i := range b.def.Questions {
		out = append(out, b.question(i))
	}
	return out
}

func (b *editorBuilder) question(i int) editorQuestion {
	q := &b.def.Questions[i]
	p := questionPath(i)
	name := func(f string) string { return surveyedit.QuestionField(i, f) }
	v := editorQuestion{I: i, N: i + 1, Path: p, Type: q.Type, Last: i == len(b.def.Questions)-1,
		ID:          b.field(name("id"), p+".id", q.ID),
		TypeField:   b.field(name("type"), p+".type", q.Type),
		Text:        b.text(name("text"), p+".text", q.Text),
		SMSText:     b.text(name("sms_text"), p+".sms_text", q.SMSText),
		Help:        b.text(name("help"), p+".help", q.Help),
		Optional:    b.check(name("optional"), p+".optional", q.Optional),
		Demographic: b.check(name("demographic"), p+".demographic", q.Demographic),
		MaxChoices:  b.field(name("max_choices"), p+".max_choices", numberText(q.MaxChoices)),
	}
	if sc := q.Scale; sc != nil {
		v.ScaleMin = b.field(name("scale_min"), p+".scale", strconv.Itoa(sc.Min))
		v.ScaleMax = b.field(name("scale_max"), p+".scale", strconv.Itoa(sc.Max))
		v.ScaleLow = b.text(name("scale_low"), p+".scale.low", sc.Low)
		v.ScaleHigh = b.text(name("scale_high"), p+".scale.high", sc.High)
	}
	if r := q.Number; r != nil {
		v.NumberMin = b.field(name("number_min"), p+".number", optionalText(r.Min))
		v.NumberMax = b.field(name("number_max"), p+".number", optionalText(r.Max))
	}
	for j, o := range q.Options {
		v.Options = append(v.Options, editorOption{J: j, N: j + 1, Last: j == len(q.Options)-1,
			ID:       b.field(surveyedit.OptionField(i, j, "id"), optionPath(i, j)+".id", o.ID),
			Text:     b.text(surveyedit.OptionField(i, j, "text"), optionPath(i, j)+".text", o.Text),
			Problems: b.take(optionPath(i, j)),
		})
	}
	b.showIf(&v, i, q)
	v.Problems = append(b.take(p+".options"), b.take(p)...)
	return v
}

// showIf offers the earlier questions a condition may look at, and the
// answers of the one chosen.
func (b *editorBuilder) showIf(v *editorQuestion, i int, q *surveys.Question) {
	p := questionPath(i) + ".show_if"
	ref := ""
	if q.ShowIf != nil {
		ref = q.ShowIf.Question
	}
	v.ShowIf = b.field(surveyedit.QuestionField(i, "show_if"), p, ref)
	for _, e := range b.def.Questions[:i] {
		if e.Type != surveys.TypeText && e.ID != "" {
			v.Earlier = append(v.Earlier, surveyChoice{Slug: e.ID, Title: e.ID + " — " + e.Text.In(b.lang, b.def.DefaultLanguage)})
		}
	}
	r, ok := b.def.Question(ref)
	if !ok {
		return
	}
	chosen := map[string]bool{}
	for _, x := range q.ShowIf.In {
		chosen[x] = true
	}
	label := func(t surveys.Text) string { return t.In(b.lang, b.def.DefaultLanguage) }
	switch r.Type {
	case surveys.TypeSingle, surveys.TypeMulti:
		for _, o := range r.Options {
			v.Answers = append(v.Answers, answerChoice{Value: o.ID, Label: label(o.Text), Checked: chosen[o.ID]})
		}
	case surveys.TypeNeighborhood:
		for _, n := range b.def.Neighborhoods {
			v.Answers = append(v.Answers, answerChoice{Value: n.ID, Label: label(n.Name), Checked: chosen[n.ID]})
		}
	case surveys.TypeScale:
		if r.Scale != nil && r.Scale.Max-r.Scale.Min <= 10 {
			for n := r.Scale.Min; n <= r.Scale.Max; n++ {
				s := strconv.Itoa(n)
				v.Answers = append(v.Answers, answerChoice{Value: s, Label: s, Checked: chosen[s]})
			}
		}
	case surveys.TypeNumber:
		v.ShowIfNumber = true
		v.ShowIfValues = b.field(surveyedit.QuestionField(i, "show_if_values"), p+".in", strings.Join(q.ShowIf.In, ", "))
	}
}

func (b *editorBuilder) neighborhoods() []editorNeighborhood {
	var out []editorNeighborhood
	for i, n := range b.def.Neighborhoods {
		p := neighborhoodPath(i)
		out = append(out, editorNeighborhood{I: i, N: i + 1,
			ID:       b.field(surveyedit.NeighborhoodField(i, "id"), p+".id", n.ID),
			Name:     b.text(surveyedit.NeighborhoodField(i, "name"), p+".name", n.Name),
			Match:    b.field(surveyedit.NeighborhoodField(i, "match"), p+".match", strings.Join(n.Match, ", ")),
			Problems: b.take(p),
		})
	}
	return out
}

func (b *editorBuilder) languages() []editorLanguage {
	var out []editorLanguage
	for _, l := range b.def.Languages {
		var aliases []string
		if b.def.SMS != nil {
			aliases = b.def.SMS.Aliases[l]
		}
		out = append(out, editorLanguage{Code: l, Name: surveys.LanguageName(l), Dir: web.Dir(l),
			Missing: len(b.def.Missing(l)), Default: l == b.def.DefaultLanguage, Editing: l == b.lang,
			Alias: b.field(surveyedit.AliasField(l), "sms.aliases."+l, strings.Join(aliases, ", "))})
	}
	return out
}

func numberText(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func optionalText(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

// rest returns the problems no field claimed, in path order, so none is
// lost from the page.
func (b *editorBuilder) rest() []problemView {
	var out []problemView
	for _, path := range slices.Sorted(maps.Keys(b.at)) {
		out = append(out, b.take(path)...)
	}
	return out
}
