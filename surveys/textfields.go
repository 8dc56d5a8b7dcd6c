package surveys

import (
	"fmt"
	"strings"
)

// TextField is one translatable text of a survey: where it sits (the path
// Validate reports its problems at) and the text itself, to read or fill.
type TextField struct {
	Path string
	// Key names the text by IDs ("q:needs.o:jobs"), the same in every
	// version of the survey whatever the order: how a translator's sheet
	// is matched to the stored survey.
	Key  string
	Text *Text
	// Required texts must be given in every language; the others may be
	// left out, but once given must be complete too.
	Required bool
	// SMSOnly texts replace another text in SMS messages.
	SMSOnly bool
}

// TextFields lists every text of the survey in the order a definition
// holds them, absent optional ones included, so the editor, the
// translation grid and "what is still missing in this language" all walk
// the same list. Scale ends are listed only for scale questions.
func (s *Survey) TextFields() []TextField {
	out := []TextField{
		{Path: "title", Key: "title", Text: &s.Title, Required: true},
		{Path: "round_label", Key: "round_label", Text: &s.RoundLabel},
		{Path: "intro", Key: "intro", Text: &s.Intro},
		{Path: "thanks", Key: "thanks", Text: &s.Thanks},
		{Path: "invitation", Key: "invitation", Text: &s.Invitation, SMSOnly: true},
	}
	for i := range s.Neighborhoods {
		n := &s.Neighborhoods[i]
		out = append(out, TextField{Path: fmt.Sprintf("neighborhoods[%d].name", i), Key: "n:" + n.ID, Text: &n.Name, Required: true})
	}
	for i := range s.Questions {
		q := &s.Questions[i]
		path, key := fmt.Sprintf("questions[%d]", i), "q:"+q.ID
		out = append(out,
			TextField{Path: path + ".text", Key: key + ".text", Text: &q.Text, Required: true},
			TextField{Path: path + ".sms_text", Key: key + ".sms_text", Text: &q.SMSText, SMSOnly: true},
			TextField{Path: path + ".help", Key: key + ".help", Text: &q.Help})
		for j := range q.Options {
			o := &q.Options[j]
			out = append(out, TextField{Path: fmt.Sprintf("%s.options[%d].text", path, j), Key: key + ".o:" + o.ID, Text: &o.Text, Required: true})
		}
		if q.Scale != nil {
			out = append(out,
				TextField{Path: path + ".scale.low", Key: key + ".low", Text: &q.Scale.Low},
				TextField{Path: path + ".scale.high", Key: key + ".high", Text: &q.Scale.High})
		}
	}
	return out
}

// Given reports whether the text is in use: required, or written in some
// language.
func (f TextField) Given() bool {
	if f.Required {
		return true
	}
	for _, v := range *f.Text {
		if strings.TrimSpace(v) != "" {
			return true
		}
	}
	return false
}

// Missing returns the texts in use that lack lang: what an organizer must
// write before the survey is complete in that language.
func (s *Survey) Missing(lang string) []TextField {
	var out []TextField
	for _, f := range s.TextFields() {
		if f.Given() && strings.TrimSpace((*f.Text)[lang]) == "" {
			out = append(out, f)
		}
	}
	return out
}

// KeepLanguages drops every translation outside langs, as a survey
// narrowed to fewer languages (a start in the organizer's language) must.
func (s *Survey) KeepLanguages(langs []string) {
	keep := map[string]bool{}
	for _, l := range langs {
		keep[l] = true
	}
	for _, f := range s.TextFields() {
		for l := range *f.Text {
			if !keep[l] {
				delete(*f.Text, l)
			}
		}
	}
	if s.SMS != nil {
		for l := range s.SMS.Aliases {
			if !keep[l] {
				delete(s.SMS.Aliases, l)
			}
		}
		var plain []string
		for _, l := range s.SMS.PlainLetters {
			if keep[l] {
				plain = append(plain, l)
			}
		}
		s.SMS.PlainLetters = plain
	}
	var declared []string
	for _, l := range s.Languages {
		if keep[l] {
			declared = append(declared, l)
		}
	}
	s.Languages = declared
}
