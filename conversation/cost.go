package conversation

import (
	"fmt"
	"time"

	"canvass/surveys"
)

// msgSMSSegments warns that an SMS message takes more than one segment.
// Data: Language, Segments, Encoding, Characters. Its text is in
// locales/sms.<lang>.yaml.
const msgSMSSegments = "survey.sms_segments"

// CostReport is what a survey's SMS conversation costs, per language.
type CostReport struct {
	Languages []LanguageCost `json:"languages"`
}

// LanguageCost is the cost of the conversation in one language.
type LanguageCost struct {
	Language string        `json:"language"`
	Messages []MessageCost `json:"messages"`
	// Segments estimates the segments sent to one resident who completes
	// the survey: the replies of the conversation the SMS preview shows
	// (Transcript: the keyword, the language, a typical answer to each
	// question shown, the consent question with results_back, the thanks).
	// Replies to unreadable answers and the resident's own texts (billed
	// too) are not counted.
	Segments int `json:"segments"`
}

// MessageCost is one message a resident may receive.
type MessageCost struct {
	// Path names what the message is built from ("questions[2]",
	// "intro", "languages" for the language menu).
	Path       string `json:"path"`
	Encoding   string `json:"encoding"`
	Characters int    `json:"characters"`
	Segments   int    `json:"segments"`
	// warnAt is where an organizer shortens the message.
	warnAt string
}

// Cost renders every message of the survey's SMS conversation in each
// of its languages, exactly as residents would receive them, and counts
// each with count (package sms's Count). A survey without SMS costs
// nothing: nil.
func Cost(s *surveys.Survey, tr Translator, count SegmentCounter) *CostReport {
	if s.SMS == nil || count == nil {
		return nil
	}
	c := New(tr, s.Languages, Options{Count: count})
	rec := &surveys.Record{Survey: *s}
	report := &CostReport{}
	for _, lang := range s.Languages {
		lc := LanguageCost{Language: lang}
		add := func(path, warnAt, text string) {
			enc, units, segs := count(text)
			lc.Messages = append(lc.Messages, MessageCost{Path: path, Encoding: enc, Characters: units, Segments: segs, warnAt: warnAt})
		}
		if len(s.Languages) > 1 {
			add("notice", "title", c.notice(s))
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
		for _, m := range c.Transcript(rec, lang, time.Now()) {
			if !m.FromResident {
				lc.Segments += m.Segments
			}
		}
		report.Languages = append(report.Languages, lc)
	}
	return report
}

// textPath is where a message's text comes from in lang: the field when
// it has that language, else the fallback field.
func textPath(t surveys.Text, field, lang, fallback string) string {
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
func (r *CostReport) Warnings() surveys.Problems {
	if r == nil {
		return nil
	}
	var out surveys.Problems
	menu := false
	for _, lc := range r.Languages {
		for _, m := range lc.Messages {
			if m.Segments <= 1 || (m.Path == "languages" && menu) {
				continue
			}
			menu = menu || m.Path == "languages"
			out = append(out, surveys.Problem{Path: m.warnAt, MessageID: msgSMSSegments, Warning: true, Data: map[string]any{
				"Language": lc.Language, "Segments": m.Segments, "Encoding": m.Encoding, "Characters": m.Characters,
			}})
		}
	}
	return out
}
