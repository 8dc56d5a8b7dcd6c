package conversation_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"canvass/conversation"
	"canvass/locales"
	"canvass/sms"
	"canvass/surveys"
)

func TestSMSCost(t *testing.T) {
	rec := exampleRecord(t)
	report := conversation.Cost(&rec.Survey, translator(t), sms.Count)
	if report == nil || len(report.Languages) != 6 {
		t.Fatalf("report: %+v", report)
	}
	conv := conversation.New(translator(t), rec.Languages, conversation.Options{Count: sms.Count})
	byLang := map[string]conversation.LanguageCost{}
	for _, lc := range report.Languages {
		byLang[lc.Language] = lc
		sum := 0
		for _, m := range lc.Messages {
			sum += m.Segments
			if m.Segments < 1 || (m.Encoding != sms.GSM7 && m.Encoding != sms.UCS2) {
				t.Errorf("%s %s: %+v", lc.Language, m.Path, m)
			}
		}
		// notice, menu, intro, 11 questions, consent, thanks
		if len(lc.Messages) != 16 {
			t.Errorf("%s: %d messages", lc.Language, len(lc.Messages))
		}
		// The estimate is the conversation the SMS preview shows, which
		// sends some of the messages above (an alias skips the menu; a
		// show_if may skip a question), never more.
		preview := 0
		for _, m := range conv.Transcript(rec, lc.Language, time.Now()) {
			if !m.FromResident {
				preview += m.Segments
			}
		}
		if lc.Segments != preview || lc.Segments > sum || lc.Segments == 0 {
			t.Errorf("%s: %d segments; the preview sends %d; every message once is %d", lc.Language, lc.Segments, preview, sum)
		}
	}
	msg := func(lang, path string) conversation.MessageCost {
		for _, m := range byLang[lang].Messages {
			if m.Path == path {
				return m
			}
		}
		t.Fatalf("%s has no message %s", lang, path)
		return conversation.MessageCost{}
	}
	if m := msg("en", "questions[1]"); m.Encoding != sms.GSM7 || m.Segments != 1 {
		t.Errorf("English scale question: %+v", m)
	}
	if m := msg("ar", "questions[1]"); m.Encoding != sms.UCS2 {
		t.Errorf("Arabic scale question: %+v", m)
	}
	if m := msg("vi", "questions[5]"); m.Encoding != sms.UCS2 || m.Segments < 4 {
		t.Errorf("Vietnamese list of ten services should cost several UCS-2 segments: %+v", m)
	}
	if m := msg("en", "languages"); m.Segments != 1 {
		t.Errorf("the language menu should fit one segment: %+v", m)
	}
	if m := msg("en", "notice"); m.Segments != 1 || m.Encoding != sms.GSM7 {
		t.Errorf("the notice before the menu should be one GSM-7 segment: %+v", m)
	}
	if byLang["ar"].Segments <= byLang["en"].Segments {
		t.Errorf("Arabic (%d) should cost more than English (%d)", byLang["ar"].Segments, byLang["en"].Segments)
	}
	warnings := report.Warnings()
	paths := map[string]bool{}
	for _, w := range warnings {
		paths[w.Path] = true
		if !w.Warning || !strings.HasPrefix(w.MessageID, "survey.sms_") || w.Data["Segments"].(int) < 2 {
			t.Errorf("warning: %+v", w)
		}
	}
	for _, want := range []string{"questions[5].sms_text.vi", "questions[0].sms_text.ar", "intro.es"} {
		if !paths[want] {
			t.Errorf("no warning at %s; got %v", want, paths)
		}
	}
	if paths["questions[1].sms_text.en"] || paths["title"] {
		t.Error("a one-segment message was warned about")
	}
}

// TestSMSCostNamesUCS2Characters reproduces what a tester saw: one
// capital È makes a Haitian Creole message UCS-2, five segments instead
// of two, and Spanish accents make most Spanish messages UCS-2. The
// report names those characters, per message and per language, with
// what the texts cost without them; Vietnamese and Arabic, which plain
// letters would make unreadable, are not offered them.
func TestSMSCostNamesUCS2Characters(t *testing.T) {
	rec := exampleRecord(t)
	report := conversation.Cost(&rec.Survey, translator(t), sms.Count)
	byLang := map[string]conversation.LanguageCost{}
	for _, lc := range report.Languages {
		byLang[lc.Language] = lc
		if lc.PlainLetters || lc.Segments != lc.WrittenSegments || lc.PlainSegments > lc.WrittenSegments {
			t.Errorf("%s: sent as written, yet %+v", lc.Language, lc)
		}
	}
	ht := byLang["ht"]
	if !slices.Equal(ht.UCS2, []string{"È"}) || ht.PlainSegments >= ht.WrittenSegments {
		t.Errorf("ht: %q, %d segments, %d in plain letters", ht.UCS2, ht.WrittenSegments, ht.PlainSegments)
	}
	es := byLang["es"]
	if !slices.Contains(es.UCS2, "á") || slices.Contains(es.UCS2, "¿") || slices.Contains(es.UCS2, "ñ") || es.PlainSegments > byLang["en"].Segments+2 {
		t.Errorf("es: %q, %d segments, %d in plain letters (en: %d)", es.UCS2, es.WrittenSegments, es.PlainSegments, byLang["en"].Segments)
	}
	if len(byLang["en"].UCS2) > 0 || len(byLang["so"].UCS2) > 0 {
		t.Errorf("en %q and so %q are GSM-7 but for the language menu, which is left out", byLang["en"].UCS2, byLang["so"].UCS2)
	}
	got := map[string]surveys.Problem{}
	for _, w := range report.Warnings() {
		got[w.Path+" "+w.Data["Language"].(string)] = w
	}
	if w := got["questions[5].sms_text.ht ht"]; w.MessageID != "survey.sms_accents" || w.Data["UCS2"] != "È" || w.Data["Segments"] != 5 || w.Data["PlainSegments"] != 2 {
		t.Errorf("the Haitian Creole list of services: %+v", w)
	}
	if w := got["questions[1].sms_text.es es"]; w.MessageID != "survey.sms_accents" || w.Data["UCS2"] != "á, í" || w.Data["PlainSegments"] != 1 {
		t.Errorf("a Spanish scale question: %+v", w)
	}
	for _, lang := range []string{"es", "ht"} {
		w := got["sms.plain_letters "+lang]
		if w.MessageID != "survey.sms_plain_letters" || w.Data["Segments"] != byLang[lang].WrittenSegments || w.Data["PlainSegments"] != byLang[lang].PlainSegments {
			t.Errorf("%s: no plain letters advice: %+v", lang, w)
		}
	}
	for _, lang := range []string{"en", "so", "vi", "ar"} {
		if w, ok := got["sms.plain_letters "+lang]; ok {
			t.Errorf("%s: plain letters advised: %+v", lang, w)
		}
	}
	if w := got["questions[5].sms_text.vi vi"]; w.MessageID != "survey.sms_segments" {
		t.Errorf("Vietnamese is told to shorten, not to drop its tones: %+v", w)
	}
	// Every warning renders in every language, with no field left empty.
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range cat.Languages() {
		for _, w := range report.Warnings() {
			if text := cat.Localizer(lang).T(w.MessageID, w.Data); text == w.MessageID || strings.Contains(text, "<no value>") {
				t.Errorf("%s %s: %q", lang, w.MessageID, text)
			}
		}
	}
}

// TestSMSCostSameReading: a curly apostrophe makes an English message
// UCS-2; the warning offers the straight one, which reads the same.
func TestSMSCostSameReading(t *testing.T) {
	rec := record(t, `
slug: quotes
default_language: en
languages: [en]
title: {en: Bus stops}
sms: {keyword: BUS}
neighborhoods: [{id: a, name: {en: A}}, {id: b, name: {en: B}}]
questions:
  - {id: where, type: neighborhood, text: {en: "Where?"}}
  - {id: why, type: text, text: {en: "What’s wrong with the bus stops near you, and what would make them better… for you?"}}
`)
	report := conversation.Cost(&rec.Survey, translator(t), sms.Count)
	w := report.Warnings()
	if len(w) != 1 || w[0].MessageID != "survey.sms_same_reading" || w[0].Data["Replacements"] != "’ → ', … → ..." || w[0].Data["PlainSegments"] != 1 {
		t.Fatalf("warnings: %+v", []surveys.Problem(w))
	}
	if lc := report.Languages[0]; !slices.Equal(lc.UCS2, []string{"’", "…"}) || lc.PlainSegments >= lc.WrittenSegments {
		t.Errorf("report: %+v", lc)
	}
}

func TestSMSCostSmallSurvey(t *testing.T) {
	rec := record(t, `
slug: short
default_language: en
languages: [en]
title: {en: Bus stops}
sms: {keyword: BUS}
neighborhoods: [{id: a, name: {en: A}}, {id: b, name: {en: B}}]
questions:
  - {id: where, type: neighborhood, text: {en: "Where?"}}
  - {id: long, type: text, text: {en: Short on the web}, sms_text: {en: "`+strings.Repeat("word ", 40)+`"}}
`)
	report := conversation.Cost(&rec.Survey, translator(t), sms.Count)
	if len(report.Languages) != 1 || len(report.Languages[0].Messages) != 4 { // intro, 2 questions, thanks
		t.Fatalf("report: %+v", report)
	}
	w := report.Warnings()
	if len(w) != 1 || w[0].Path != "questions[1].sms_text.en" || w[0].Data["Segments"] != 2 || w[0].Data["Encoding"] != "GSM-7" {
		t.Fatalf("warnings: %+v", []surveys.Problem(w))
	}
	if got := report.Languages[0].Segments; got != 5 {
		t.Errorf("segments for a completed survey: %d, want 5", got)
	}
	rec.SMS = nil
	if conversation.Cost(&rec.Survey, translator(t), sms.Count) != nil {
		t.Error("a survey without SMS has a cost")
	}
}

// BenchmarkCost is what checking a survey's SMS cost takes (every survey
// page view and save): each message rendered and the preview's
// conversation played in every language.
func BenchmarkCost(b *testing.B) {
	rec := exampleRecord(b)
	tr := translator(b)
	for b.Loop() {
		conversation.Cost(&rec.Survey, tr, sms.Count)
	}
}
