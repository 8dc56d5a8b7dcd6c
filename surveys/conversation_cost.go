package surveys

import "fmt"

// msgSMSSegments warns that an SMS message takes more than one segment.
// Data: Language, Segments, Encoding, Characters. Its text is in
// locales/sms.<lang>.yaml.
const msgSMSSegments = "survey.sms_segments"

// SMSCostReport is what a survey's SMS conversation costs, per language.
type SMSCostReport struct {
	Languages []SMSLanguageCost `json:"languages"`
}

// SMSLanguageCost is the cost of the conversation in one language.
type SMSLanguageCost struct {
	Language string           `json:"language"`
	Messages []SMSMessageCost `json:"messages"`
	// Segments estimates the segments sent to one resident who completes
	// the survey: every message below once, so every question shown and,
	// with results_back, the consent question and the longer thanks.
	// Replies to unreadable answers and the resident's own texts (billed
	// too) are not counted.
	Segments int `json:"segments"`
}

// SMSMessageCost is one message a resident may receive.
type SMSMessageCost struct {
	// Path names what the message is built from ("questions[2]",
	// "intro", "languages" for the language menu).
	Path       string `json:"path"`
	Encoding   string `json:"encoding"`
	Characters int    `json:"characters"`
	Segments   int    `json:"segments"`
	// warnAt is where an organizer shortens the message.
	warnAt string
}

// SMSCost renders every message of the survey's SMS conversation in each
// of its languages, exactly as residents would receive them, and counts
// each with count (package sms's Count). A survey without SMS costs
// nothing: nil.
func SMSCost(s *Survey, tr Translator, count SegmentCounter) *SMSCostReport {
	if s.SMS == nil || count == nil {
		return nil
	}
	c := &SMSConversation{tr: tr, opts: SMSOptions{Count: count}}
	report := &SMSCostReport{}
	for _, lang := range s.Languages {
		lc := SMSLanguageCost{Language: lang}
		add := func(path, warnAt, text string) {
			enc, units, segs := count(text)
			lc.Messages = append(lc.Messages, SMSMessageCost{Path: path, Encoding: enc, Characters: units, Segments: segs, warnAt: warnAt})
			lc.Segments += segs
		}
		if len(s.Languages) > 1 {
			add("languages", "languages", c.languageMenu(s))
		}
		add("intro", textPath(s.Intro, "intro", lang, "title"), c.intro(s, lang))
		for i := range s.Questions {
			q := &s.Questions[i]
			path := fmt.Sprintf("questions[%d]", i)
			at := textPath(q.SMSText, path+".sms_text", lang, path+".text")
			add(path, at, c.questionText(s, q, lang))
		}
		if s.SMS.ResultsBack {
			add("sms.results_back", "sms.results_back", c.consentText(lang))
		}
		add("thanks", textPath(s.Thanks, "thanks", lang, "thanks"), c.thanks(s, lang, s.SMS.ResultsBack))
		report.Languages = append(report.Languages, lc)
	}
	return report
}

// textPath is where a message's text comes from in lang: the field when
// it has that language, else the fallback field.
func textPath(t Text, field, lang, fallback string) string {
	if t[lang] != "" {
		return field + "." + lang
	}
	if fallback == "thanks" || fallback == "title" {
		return fallback
	}
	return fallback + "." + lang
}

// Warnings are the report's messages that take more than one segment, as
// warnings an organizer sees before launching: each extra segment is paid
// for every resident. The language menu, the same in every language, is
// reported once.
func (r *SMSCostReport) Warnings() Problems {
	if r == nil {
		return nil
	}
	var out Problems
	menu := false
	for _, lc := range r.Languages {
		for _, m := range lc.Messages {
			if m.Segments <= 1 || (m.Path == "languages" && menu) {
				continue
			}
			menu = menu || m.Path == "languages"
			out = append(out, Problem{Path: m.warnAt, MessageID: msgSMSSegments, Warning: true, Data: map[string]any{
				"Language": lc.Language, "Segments": m.Segments, "Encoding": m.Encoding, "Characters": m.Characters,
			}})
		}
	}
	return out
}
