package conversation_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"canvass/conversation"
	"canvass/sms"
)

const plainSurvey = `
slug: parks
default_language: en
languages: [en, es]
title: {en: Parks, es: Parques}
intro: {en: "Tell us what’s missing.", es: "Díganos qué falta en los parques del barrio."}
sms: {keyword: PARKS, aliases: {es: [PARQUES]}, plain_letters: [es]}
neighborhoods: [{id: a, name: {en: North, es: Norte}}, {id: b, name: {en: South, es: Sur}}]
questions:
  - {id: where, type: neighborhood, text: {en: "Where do you live?", es: "¿Dónde vive?"}}
  - {id: what, type: single, text: {en: "What’s missing?", es: "¿Qué falta?"},
     options: [{id: shade, text: {en: Shade, es: Árboles y sombra}}, {id: toilets, text: {en: Toilets, es: Baños}}]}
`

// TestPlainLettersStep: a survey that sends Spanish in plain letters
// sends every Spanish text without the accents GSM-7 lacks, the
// survey's own and canvass's, and keeps é, ¿ and ñ, which GSM-7 has. English
// is sent as written. A redelivered message gets the same plain replies.
func TestPlainLettersStep(t *testing.T) {
	rec := record(t, plainSurvey)
	es := newResident(t, rec)
	replies := es.text("PARQUES")
	for _, want := range []string{"Diganos qué falta", "¿Donde vive?"} {
		if !strings.Contains(replies, want) {
			t.Errorf("the start in Spanish lacks %q:\n%s", want, replies)
		}
	}
	replies += es.text("1")
	if !strings.Contains(replies, "1 Arboles y sombra\n2 Baños") {
		t.Errorf("the options are not in plain letters:\n%s", replies)
	}
	if chars := sms.UCS2Characters(replies); chars != nil {
		t.Errorf("Spanish replies still have %q:\n%s", chars, replies)
	}
	if again := strings.Join(es.sim.Resend("1").Replies, "\n---\n"); !strings.Contains(again, "Arboles") {
		t.Errorf("a redelivery got other replies:\n%s", again)
	}
	if s := es.session(); !slices.ContainsFunc(s.LastReply, func(r string) bool { return strings.Contains(r, "Arboles") }) {
		t.Errorf("the session keeps the replies as written: %q", s.LastReply)
	}
	if help := es.text("AYUDA"); sms.UCS2Characters(help) != nil {
		t.Errorf("canvass's own texts in Spanish are not plain: %q", help)
	}

	en := newResident(t, rec)
	if replies := en.text("PARKS") + en.text("1"); !strings.Contains(replies, "what’s missing") {
		t.Errorf("English, sent as written, lost its apostrophe:\n%s", replies)
	}
}

// TestPlainLettersCost: the survey's cost in a language it sends in
// plain letters is the plain letters figure, the transcript the SMS
// preview shows is the one sent, and a resident who texts the same
// answers gets exactly those messages, at that cost.
func TestPlainLettersCost(t *testing.T) {
	rec := exampleRecord(t)
	rec.SMS.PlainLetters = []string{"es", "ht"}
	tr := translator(t)
	report := conversation.Cost(&rec.Survey, tr, sms.Count)
	conv := conversation.New(tr, rec.Languages, conversation.Options{Count: sms.Count})
	for _, lc := range report.Languages {
		plain := lc.Language == "es" || lc.Language == "ht"
		if lc.PlainLetters != plain || (plain && lc.Segments != lc.PlainSegments) || (!plain && lc.Segments != lc.WrittenSegments) {
			t.Errorf("%s: %+v", lc.Language, lc)
		}
		var sent []string
		for _, m := range conv.Transcript(rec, lc.Language, time.Now()) {
			sent = append(sent, m.Text)
		}
		var reported []string
		for _, m := range lc.Transcript {
			reported = append(reported, m.Text)
		}
		if !slices.Equal(sent, reported) {
			t.Errorf("%s: the report's transcript is not the one sent:\n%q\n%q", lc.Language, reported, sent)
		}
		if lc.Language == "es" && strings.Contains(strings.Join(sent, "\n"), "á") {
			t.Errorf("es: an accent was sent")
		}
	}
	for _, w := range report.Warnings() {
		if w.Data["Language"] == "es" && w.MessageID != "survey.sms_segments" {
			t.Errorf("plain letters are advised, or accents warned about, where they are sent: %+v", w)
		}
	}
}
