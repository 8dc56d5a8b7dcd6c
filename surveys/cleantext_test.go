package surveys_test

import (
	"testing"

	"canvass/surveys"
)

func TestCleanText(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "More lights, please", "More lights, please"},
		{"NUL and ESC", "a\x00b\x1b[31mc", "ab[31mc"},
		{"DEL and C1", "a\x7fb\u0085c\u009bd", "abcd"},
		{"right-to-left override", "invoice \u202egpj.exe", "invoice gpj.exe"},
		{"embeddings and isolates", "\u202aa\u202bb\u202cc\u202dd\u2066e\u2067f\u2068g\u2069", "abcdefg"},
		{"line breaks kept, CRLF folded", "one\r\ntwo\rthree\nfour\tfive", "one\ntwo\nthree\nfour\tfive"},
		{"marks and joiners kept", "شكرا\u200f \u200d\u200c", "شكرا\u200f \u200d\u200c"},
		{"every language kept", "Quấy rối · Asèlman · التحرش · Dhibaataynta", "Quấy rối · Asèlman · التحرش · Dhibaataynta"},
		{"invalid UTF-8 replaced", "a\xffb", "a\uFFFDb"},
	} {
		if got := surveys.CleanText(tc.in); got != tc.want {
			t.Errorf("%s: CleanText(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

// TestTextAnswerCleaned checks that a text answer is cleaned where every
// channel parses answers: a web form field or an SMS reply alike.
func TestTextAnswerCleaned(t *testing.T) {
	def := &surveys.Survey{Slug: "s", Questions: []surveys.Question{{ID: "comment", Type: surveys.TypeText}}}
	q := &def.Questions[0]
	for _, tc := range []struct {
		in   []string
		want any
	}{
		{[]string{"lights\x00 on \u202eplease\x1b"}, "lights on please"},
		{[]string{"\x00\u202e"}, nil}, // nothing left: not answered
		{[]string{"one\r\ntwo"}, "one\ntwo"},
	} {
		got, p := surveys.ParseAnswer(def, q, tc.in)
		if p != nil || got != tc.want {
			t.Errorf("ParseAnswer(%q) = %#v, %+v; want %#v", tc.in, got, p, tc.want)
		}
	}
}
