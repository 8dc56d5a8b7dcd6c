package handlers

import (
	"strconv"
	"strings"

	"canvass/locales"
	"canvass/surveys"
)

// maxRadioNeighborhoods is how many neighborhoods are still shown as radio
// buttons; a longer list becomes a select, which is shorter to scroll past.
const maxRadioNeighborhoods = 12

// questionOf turns a survey question into its view in lang, with raw (the
// values posted, if any) filled in.
func questionOf(sv *surveys.Survey, q *surveys.Question, lang string, loc *locales.Localizer, raw []string) questionView {
	in := func(t surveys.Text) string { return t.In(lang, sv.DefaultLanguage) }
	qv := questionView{
		ID:          q.ID,
		Text:        in(q.Text),
		Help:        in(q.Help),
		InputID:     "f-" + q.ID,
		ErrorPrefix: loc.T("form.error_prefix", nil),
	}
	if q.Optional {
		qv.Optional = loc.T("form.optional", nil)
	}
	if q.ShowIf != nil {
		qv.ShowIf, qv.ShowIn = q.ShowIf.Question, strings.Join(q.ShowIf.In, " ")
	}
	picked := map[string]bool{}
	for _, r := range raw {
		picked[strings.TrimSpace(r)] = true
	}
	option := func(value, label, caption string) optionView {
		return optionView{InputID: "f-" + q.ID + "-" + value, Value: value, Label: label, Caption: caption, Checked: picked[value]}
	}
	switch q.Type {
	case surveys.TypeSingle, surveys.TypeMulti:
		qv.Kind = "radio"
		if q.Type == surveys.TypeMulti {
			qv.Kind, qv.Hint = "checkbox", choicesHint(q, loc)
		}
		for _, o := range q.Options {
			qv.Options = append(qv.Options, option(o.ID, in(o.Text), ""))
		}
	case surveys.TypeNeighborhood:
		qv.Kind = "radio"
		if len(sv.Neighborhoods) > maxRadioNeighborhoods {
			qv.Kind, qv.Placeholder = "select", loc.T("form.choose", nil)
		}
		for _, n := range sv.Neighborhoods {
			qv.Options = append(qv.Options, option(n.ID, in(n.Name), ""))
		}
	case surveys.TypeScale:
		qv.Kind = "radio"
		lo, hi := 1, 5
		var low, high string
		if q.Scale != nil {
			lo, hi, low, high = q.Scale.Min, q.Scale.Max, in(q.Scale.Low), in(q.Scale.High)
		}
		for n := lo; n <= hi; n++ {
			caption := ""
			switch n {
			case lo:
				caption = low
			case hi:
				caption = high
			}
			qv.Options = append(qv.Options, option(strconv.Itoa(n), strconv.Itoa(n), caption))
		}
	case surveys.TypeNumber:
		qv.Kind, qv.Hint, qv.InputMode = "number", numberHint(q, loc), "numeric"
		if q.Number != nil && q.Number.Min != nil && *q.Number.Min < 0 {
			qv.InputMode = "" // numeric keypads have no minus sign
		}
	default:
		qv.Kind, qv.MaxLength = "text", surveys.MaxTextAnswer
	}
	if qv.Kind == "number" || qv.Kind == "text" {
		if len(raw) > 0 {
			qv.Value = raw[0]
		}
	} else if len(qv.Options) > 0 && qv.Kind != "select" {
		// Error links and revealed-question links land on the first choice.
		qv.InputID = qv.Options[0].InputID
	}
	return qv
}

func choicesHint(q *surveys.Question, loc *locales.Localizer) string {
	if q.MaxChoices > 0 && q.MaxChoices < len(q.Options) {
		return loc.T("form.choose_up_to", map[string]any{"Count": q.MaxChoices})
	}
	return loc.T("form.choose_any", nil)
}

func numberHint(q *surveys.Question, loc *locales.Localizer) string {
	if q.Number == nil {
		return loc.T("form.number_any", nil)
	}
	lo, hi := q.Number.Min, q.Number.Max
	switch {
	case lo != nil && hi != nil:
		return loc.T("form.number_between", map[string]any{"Min": *lo, "Max": *hi})
	case lo != nil:
		return loc.T("form.number_min", map[string]any{"Min": *lo})
	case hi != nil:
		return loc.T("form.number_max", map[string]any{"Max": *hi})
	}
	return loc.T("form.number_any", nil)
}
