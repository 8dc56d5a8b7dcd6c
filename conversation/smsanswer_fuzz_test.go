package conversation_test

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"canvass/surveys"
)

// FuzzParseSMSAnswer feeds arbitrary texts to the SMS answer parser for
// every question of the example survey. Whatever it reads must be an
// answer the web form's parser accepts unchanged (so both channels store
// the same shape); whatever it rejects must come with a hint that exists
// in English. Seeds: testdata/fuzz/FuzzParseSMSAnswer and answerCases.
// Run longer with: go test ./surveys -run '^$' -fuzz FuzzParseSMSAnswer -fuzztime 60s
func FuzzParseSMSAnswer(f *testing.F) {
	rec := exampleRecord(f)
	tr := translator(f)
	words := newConversation(f).Words()
	index := map[string]uint8{}
	for i, q := range rec.Questions {
		index[q.ID] = uint8(i)
	}
	for _, tc := range answerCases() {
		f.Add(index[tc.question], tc.body)
	}
	f.Fuzz(func(t *testing.T, qi uint8, body string) {
		q := &rec.Questions[int(qi)%len(rec.Questions)]
		got, p := words.ParseAnswer(&rec.Survey, q, body)
		if (got == nil) == (p == nil) {
			t.Fatalf("%s %q: want exactly one of an answer and a problem, got %#v and %+v", q.ID, body, got, p)
		}
		if p != nil {
			if msg := tr.T("en", p.MessageID, p.Data); msg == p.MessageID || strings.Contains(msg, "<no value>") {
				t.Fatalf("%s %q: hint %s renders as %q", q.ID, body, p.MessageID, msg)
			}
			return
		}
		again, p2 := surveys.ParseAnswer(&rec.Survey, q, raw(got))
		if p2 != nil || !reflect.DeepEqual(again, got) {
			t.Fatalf("%s %q: SMS answer %#v is not what the web form would store (%#v, %+v)", q.ID, body, got, again, p2)
		}
		switch v := got.(type) {
		case int:
			if q.Type != surveys.TypeScale && q.Type != surveys.TypeNumber {
				t.Fatalf("%s: int answer %d for a %s question", q.ID, v, q.Type)
			}
		case string:
			if q.Type == surveys.TypeText && (v != strings.TrimSpace(v) || !utf8.ValidString(v)) {
				t.Fatalf("%s: text answer %q not trimmed valid text", q.ID, v)
			}
		case []string:
			if q.Type != surveys.TypeMulti || len(v) == 0 {
				t.Fatalf("%s: list answer %v for a %s question", q.ID, v, q.Type)
			}
		}
	})
}

// raw is what a web form would post for a typed answer.
func raw(v any) []string {
	if xs, ok := v.([]string); ok {
		return xs
	}
	return []string{surveys.AnswerString(v)}
}
