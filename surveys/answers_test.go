package surveys

import (
	"reflect"
	"testing"
)

func answersSurvey() *Survey {
	max := 20
	return &Survey{
		Slug: "t", DefaultLanguage: "en", Languages: []string{"en"},
		Neighborhoods: []Neighborhood{{ID: "north"}, {ID: "south"}},
		Questions: []Question{
			{ID: "hood", Type: TypeNeighborhood},
			{ID: "safe", Type: TypeScale, Scale: &Scale{Min: 1, Max: 5}},
			{ID: "why", Type: TypeMulti, MaxChoices: 2, Options: []Option{{ID: "light"}, {ID: "traffic"}, {ID: "noise"}}, ShowIf: &Condition{Question: "safe", In: Values{"1", "2"}}},
			{ID: "more", Type: TypeText, Optional: true, ShowIf: &Condition{Question: "why", In: Values{"noise"}}},
			{ID: "age", Type: TypeSingle, Optional: true, Options: []Option{{ID: "young"}, {ID: "old"}}},
			{ID: "people", Type: TypeNumber, Optional: true, Number: &Range{Max: &max}},
		},
	}
}

func TestParseAnswer(t *testing.T) {
	s := answersSurvey()
	cases := []struct {
		q       string
		raw     []string
		want    any
		problem string
	}{
		{"hood", []string{"north"}, "north", ""},
		{"hood", []string{"east"}, nil, "answer.choose_one"},
		{"safe", []string{"4"}, 4, ""},
		{"safe", []string{"6"}, nil, "answer.scale"},
		{"safe", []string{"four"}, nil, "answer.scale"},
		{"safe", []string{" "}, nil, ""},
		{"why", []string{"noise", "light"}, []string{"light", "noise"}, ""},
		{"why", []string{"light", "light"}, []string{"light"}, ""},
		{"why", []string{"light", "traffic", "noise"}, nil, "answer.too_many_choices"},
		{"why", []string{"cats"}, nil, "answer.unknown_option"},
		{"age", []string{"young", "old"}, nil, "answer.choose_one"},
		{"people", []string{"3"}, 3, ""},
		{"people", []string{"21"}, nil, "answer.number_range"},
		{"people", []string{"3.5"}, nil, "answer.number"},
		// Digits of the resident's script, as the SMS channel reads them.
		{"people", []string{"٣"}, 3, ""},
		{"people", []string{"۱۲"}, 12, ""},
		{"people", []string{"٢٠"}, 20, ""},
		{"people", []string{"３"}, 3, ""},
		{"people", []string{"٢١"}, nil, "answer.number_range"},
		{"people", []string{"−2"}, -2, ""},
		{"safe", []string{"٤"}, 4, ""},
		{"more", []string{"  more light  "}, "more light", ""},
	}
	for _, c := range cases {
		q, _ := s.Question(c.q)
		got, p := ParseAnswer(s, q, c.raw)
		gotID := ""
		if p != nil {
			gotID = p.MessageID
		}
		if gotID != c.problem || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %q: got %#v %q, want %#v %q", c.q, c.raw, got, gotID, c.want, c.problem)
		}
	}
}

func TestCompleteDropsHiddenAnswers(t *testing.T) {
	s := answersSurvey()
	// "why" and "more" were answered, then "safe" changed to 5: both hide
	// (more depends on why), and neither may be stored.
	answers := map[string]any{"hood": "north", "safe": 5, "why": []string{"noise"}, "more": "x", "bogus": 1}
	if p := s.Complete(answers); len(p) != 0 {
		t.Fatalf("problems: %+v", p)
	}
	want := map[string]any{"hood": "north", "safe": 5}
	if !reflect.DeepEqual(answers, want) {
		t.Fatalf("answers %v, want %v", answers, want)
	}
	answers = map[string]any{"safe": 2}
	p := s.Complete(answers)
	if len(p) != 2 || p[0].Path != "hood" || p[1].Path != "why" {
		t.Fatalf("required problems: %+v", p)
	}
}

func TestParseWhole(t *testing.T) {
	for in, want := range map[string]int{
		"0": 0, "42": 42, "-3": -3, "−3": -3, "1,200": 1200, "1.200": 1200, "1 200": 1200, "١٬٢٠٠": 1200,
		"٣": 3, "۳": 3, "३": 3, "３": 3, " 7 ": 7,
	} {
		if got, ok := ParseWhole(in); !ok || got != want {
			t.Errorf("%q: %d %v, want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "-", "1.5", "12,5", "1,20", "3a", "three", "--3", "3-", "1,,200", "99999999999999999999"} {
		if got, ok := ParseWhole(in); ok {
			t.Errorf("%q read as %d", in, got)
		}
	}
}
