package conversation

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"canvass/sms"
	"canvass/surveys"
)

// Warnings about what a survey's SMS messages cost. The text of
// msgSMSSegments is in locales/sms.<lang>.yaml, the others' in
// locales/validation.<lang>.yaml.
const (
	// msgSMSSegments: a message takes more than one segment. Data:
	// Language, Segments, Encoding, Characters (its length), UCS2 (the
	// characters that make it UCS-2), PlainSegments (in plain letters).
	msgSMSSegments = "survey.sms_segments"
	// msgSMSSameReading: typographic characters make a message UCS-2, and
	// their plain forms, which read the same, would save segments. Data:
	// Language, Segments, PlainSegments, Replacements ("’ → ', … → ...").
	msgSMSSameReading = "survey.sms_same_reading"
	// msgSMSAccents: accents GSM-7 lacks make a message cost more than in
	// plain letters. Data: Language, Segments, PlainSegments, UCS2.
	msgSMSAccents = "survey.sms_accents"
	// msgSMSPlainLetters: what those accents cost a completed
	// conversation in a language that reads well without them. Data:
	// Language, UCS2, Segments, PlainSegments.
	msgSMSPlainLetters = "survey.sms_plain_letters"
)

// CostReport is what a survey's SMS conversation costs, per language.
type CostReport struct {
	Languages []LanguageCost `json:"languages"`
	warnings  surveys.Problems
}

// LanguageCost is the cost of the conversation in one language. Its
// figures are of the texts as sent: in plain letters when the survey
// sends the language so (PlainLetters).
type LanguageCost struct {
	Language     string        `json:"language"`
	PlainLetters bool          `json:"plain_letters,omitempty"`
	Messages     []MessageCost `json:"messages"`
	// Segments estimates the segments sent to one resident who completes
	// the survey: the replies of Transcript (the keyword, the language, a
	// typical answer to each question shown, the consent question with
	// results_back, the thanks). Replies to unreadable answers and the
	// resident's own texts (billed too) are not counted.
	Segments int `json:"segments"`
	// WrittenSegments and PlainSegments are Segments with the texts as
	// written and in plain letters; Segments is one of the two. An
	// organizer sees what plain letters would save, or cost to undo.
	WrittenSegments int `json:"written_segments"`
	PlainSegments   int `json:"plain_segments"`
	// UCS2 lists the characters of the language's texts, as written, that
	// make a message UCS-2. The language menu is left out: it names every
	// language in its own script, whatever the resident reads.
	UCS2 []string `json:"ucs2_characters,omitempty"`
	// Transcript is the conversation Segments counts, as the SMS preview
	// shows it.
	Transcript []Message `json:"-"`
}

// MessageCost is one message a resident may receive, as sent.
type MessageCost struct {
	// Path names what the message is built from ("questions[2]",
	// "intro", "languages" for the language menu).
	Path       string `json:"path"`
	Encoding   string `json:"encoding"`
	Characters int    `json:"characters"`
	Segments   int    `json:"segments"`
	// WrittenSegments and PlainSegments are Segments with the text as
	// written and in plain letters.
	WrittenSegments int `json:"written_segments"`
	PlainSegments   int `json:"plain_segments"`
	// UCS2 lists the characters of the text, as written, outside GSM-7.
	UCS2 []string `json:"ucs2_characters,omitempty"`
}

// Cost renders every message of the survey's SMS conversation in each
// of its languages, exactly as residents would receive them, and counts
// each with count (package sms's Count), as written and in plain
// letters. A survey without SMS costs nothing: nil.
func Cost(s *surveys.Survey, tr Translator, count SegmentCounter) *CostReport {
	if s.SMS == nil || count == nil {
		return nil
	}
	c := New(tr, s.Languages, Options{Count: count})
	report := &CostReport{}
	for _, lang := range s.Languages {
		lc := LanguageCost{Language: lang, PlainLetters: s.SMS.SendsPlain(lang)}
		// add counts one message written in msgLang: the default language
		// for the notice and the menu, sent before a language is chosen,
		// and warned about once, with the default language's messages.
		add := func(path, warnAt, msgLang, text string) {
			sendsPlain := s.SMS.SendsPlain(msgLang)
			m := messageCost(count, text, sendsPlain)
			m.Path = path
			lc.Messages = append(lc.Messages, m)
			if msgLang != lang {
				return
			}
			if path != "languages" {
				for _, ch := range m.UCS2 {
					if !slices.Contains(lc.UCS2, ch) {
						lc.UCS2 = append(lc.UCS2, ch)
					}
				}
			}
			report.warn(warnAt, lang, text, m, sendsPlain, count)
		}
		def := s.DefaultLanguage
		if len(s.Languages) > 1 {
			add("notice", "title", def, c.notice(s))
			add("languages", "languages", def, c.languageMenu(s))
		}
		add("intro", textPath(s.Intro, "intro", lang, "title"), lang, c.intro(s, lang))
		for i := range s.Questions {
			q := &s.Questions[i]
			path := fmt.Sprintf("questions[%d]", i)
			at := textPath(q.SMSText, path+".sms_text", lang, path+".text")
			add(path, at, lang, c.questionText(s, q, lang))
		}
		if s.SMS.ResultsBack {
			add("sms.results_back", "sms.results_back", lang, c.consentText(lang))
		}
		add("thanks", textPath(s.Thanks, "thanks", lang, "thanks"), lang, c.thanks(s, lang, s.SMS.ResultsBack))
		c.transcripts(s, &lc)
		// Typographic characters alone are warned about where they are:
		// their plain forms read the same, and plain letters are not needed.
		accents := slices.ContainsFunc(lc.UCS2, func(ch string) bool { return sms.Replacements(ch) == nil })
		if accents && !lc.PlainLetters && surveys.ReadsInPlainLetters(lang) && lc.PlainSegments < lc.WrittenSegments {
			report.warnings = append(report.warnings, surveys.Problem{Path: "sms.plain_letters", MessageID: msgSMSPlainLetters, Warning: true, Data: map[string]any{
				"Language": lang, "UCS2": strings.Join(lc.UCS2, ", "), "Segments": lc.WrittenSegments, "PlainSegments": lc.PlainSegments,
			}})
		}
		report.Languages = append(report.Languages, lc)
	}
	return report
}

// messageCost counts text as written and in plain letters; the message's
// own figures are those of the one sent.
func messageCost(count SegmentCounter, text string, sendsPlain bool) MessageCost {
	m := MessageCost{UCS2: sms.UCS2Characters(text)}
	enc, units, segs := count(text)
	m.WrittenSegments, m.PlainSegments = segs, segs
	if plain := sms.PlainLetters(text); plain != text {
		plainEnc, plainUnits, plainSegs := count(plain)
		m.PlainSegments = plainSegs
		if sendsPlain {
			enc, units, segs = plainEnc, plainUnits, plainSegs
		}
	}
	m.Encoding, m.Characters, m.Segments = enc, units, segs
	return m
}

// transcripts plays the preview's conversation in lc's language as
// written (the survey's other languages as they are), derives it in plain
// letters, and keeps the one sent. What a conversation does never depends
// on the wording of its replies, so in plain letters it is the same
// replies, those in the language rewritten as Step rewrites them.
func (c *Conversation) transcripts(s *surveys.Survey, lc *LanguageCost) {
	written := c.Transcript(asWritten(s, lc.Language), lc.Language, time.Now())
	plain := make([]Message, len(written))
	for i, m := range written {
		if !m.FromResident && m.Language == lc.Language {
			if text := sms.PlainLetters(m.Text); text != m.Text {
				m = c.message(false, text)
				m.Language = lc.Language
			}
		}
		plain[i] = m
	}
	lc.WrittenSegments, lc.PlainSegments = sentSegments(written), sentSegments(plain)
	lc.Segments, lc.Transcript = lc.WrittenSegments, written
	if lc.PlainLetters {
		lc.Segments, lc.Transcript = lc.PlainSegments, plain
	}
}

// asWritten is s sending lang as written.
func asWritten(s *surveys.Survey, lang string) *surveys.Record {
	settings := *s.SMS
	settings.PlainLetters = slices.DeleteFunc(slices.Clone(settings.PlainLetters), func(l string) bool { return l == lang })
	rec := &surveys.Record{Survey: *s}
	rec.SMS = &settings
	return rec
}

// sentSegments adds up the segments of the texts sent to the resident.
func sentSegments(transcript []Message) int {
	n := 0
	for _, m := range transcript {
		if !m.FromResident {
			n += m.Segments
		}
	}
	return n
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

// warn records the warning an organizer sees before launching about a
// message of more than one segment, each paid for every resident: which
// plain characters read the same, or what accents cost, when either
// would save segments, else that it is long.
func (r *CostReport) warn(at, lang, text string, m MessageCost, sendsPlain bool, count SegmentCounter) {
	if m.Segments <= 1 {
		return
	}
	p := surveys.Problem{Path: at, MessageID: msgSMSSegments, Warning: true, Data: map[string]any{
		"Language": lang, "Segments": m.Segments, "Encoding": m.Encoding, "Characters": m.Characters,
		"UCS2": strings.Join(m.UCS2, ", "), "PlainSegments": m.PlainSegments,
	}}
	if m.Encoding == sms.UCS2 && !sendsPlain {
		same := m.Segments
		replacements := sms.Replacements(text)
		if len(replacements) > 0 {
			_, _, same = count(sms.PlainPunctuation(text))
		}
		switch {
		case same < m.Segments:
			p.MessageID, p.Data["PlainSegments"] = msgSMSSameReading, same
			p.Data["Replacements"] = strings.Join(replacements, ", ")
		case m.PlainSegments < m.Segments && surveys.ReadsInPlainLetters(lang):
			p.MessageID = msgSMSAccents
		}
	}
	r.warnings = append(r.warnings, p)
}

// Warnings are the report's warnings an organizer sees before launching:
// messages of more than one segment, and what plain letters would save
// in each language that reads well in them. The notice and the language
// menu, the same in every language, are reported once.
func (r *CostReport) Warnings() surveys.Problems {
	if r == nil {
		return nil
	}
	return r.warnings
}
