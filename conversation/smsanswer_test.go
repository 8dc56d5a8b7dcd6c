package conversation_test

import (
	"reflect"
	"testing"

	"canvass/conversation"
)

// answerCase is one resident reply to one question of the example survey
// and the answer it must give, exactly as the web form stores it, or the
// message ID of the hint it must be re-asked with.
type answerCase struct {
	question, body string
	want           any
	hint           string
}

func answerCases() []answerCase {
	return []answerCase{
		// Neighborhood: number, name in any language, match word, ZIP.
		{"neighborhood", "2", "riverside", ""},
		{"neighborhood", "٢", "riverside", ""},
		{"neighborhood", "Riverside", "riverside", ""},
		{"neighborhood", "riverside!", "riverside", ""},
		{"neighborhood", "RIVER SIDE", "riverside", ""},
		{"neighborhood", "01421", "riverside", ""},
		{"neighborhood", "01429", "riverside", ""},
		{"neighborhood", "my zip is 01420", "north-of-main", ""},
		{"neighborhood", "٠١٤٢٢", "mill-district", ""},
		{"neighborhood", "ريفرسايد", "riverside", ""},
		{"neighborhood", "north of main", "north-of-main", ""},
		{"neighborhood", "lincoln-heights", "lincoln-heights", ""},
		{"neighborhood", "vivo cerca de Elm Park", "elm-park", ""},
		{"neighborhood", "8", nil, "answer.choose_one"},
		{"neighborhood", "0", nil, "answer.choose_one"},
		{"neighborhood", "somewhere else", nil, "answer.choose_one"},
		{"neighborhood", "Riverside or Elm Park", nil, "answer.choose_one"},
		// Scale: digits of any script, or an end's label in any language.
		{"safe_day", "4", 4, ""},
		{"safe_day", "٤", 4, ""},
		{"safe_day", "۴", 4, ""},
		{"safe_day", "4!", 4, ""},
		{"safe_day", "I'd say 4", 4, ""},
		{"safe_day", "Very safe", 5, ""},
		{"safe_day", "muy inseguro", 1, ""},
		{"safe_day", "آمن جدًا", 5, ""},
		{"safe_day", "6", nil, "answer.scale"},
		{"safe_day", "0", nil, "answer.scale"},
		{"safe_day", "3 or 4", nil, "answer.scale"},
		{"safe_day", "safe", nil, "answer.scale"},
		// Multi: numbers joined any way, in the survey's languages.
		{"unsafe_why", "1 3", []string{"lighting", "drugs"}, ""},
		{"unsafe_why", "1,3", []string{"lighting", "drugs"}, ""},
		{"unsafe_why", "1, 3.", []string{"lighting", "drugs"}, ""},
		{"unsafe_why", "1 and 3", []string{"lighting", "drugs"}, ""},
		{"unsafe_why", "1 AND 3", []string{"lighting", "drugs"}, ""},
		{"unsafe_why", "1 y 3", []string{"lighting", "drugs"}, ""},
		{"unsafe_why", "1 e 3", []string{"lighting", "drugs"}, ""},
		{"unsafe_why", "1 et 3", []string{"lighting", "drugs"}, ""},
		{"unsafe_why", "1 ak 3", []string{"lighting", "drugs"}, ""},
		{"unsafe_why", "1 iyo 3", []string{"lighting", "drugs"}, ""},
		{"unsafe_why", "1 và 3", []string{"lighting", "drugs"}, ""},
		{"unsafe_why", "١ و ٣", []string{"lighting", "drugs"}, ""},
		{"unsafe_why", "١ و٣", []string{"lighting", "drugs"}, ""},
		{"unsafe_why", "1و3", []string{"lighting", "drugs"}, ""},
		{"unsafe_why", "١،٣", []string{"lighting", "drugs"}, ""},
		{"unsafe_why", "1&3", []string{"lighting", "drugs"}, ""},
		{"unsafe_why", "13", []string{"lighting", "drugs"}, ""},
		{"unsafe_why", "3 1", []string{"lighting", "drugs"}, ""},
		{"unsafe_why", "3 1 3", []string{"lighting", "drugs"}, ""},
		{"unsafe_why", "5", []string{"harassment"}, ""},
		{"unsafe_why", "Acoso", []string{"harassment"}, ""},
		{"unsafe_why", "acoso y edificios vacíos o abandonados", []string{"harassment", "vacant"}, ""},
		{"unsafe_why", "harassment, drugs", []string{"drugs", "harassment"}, ""},
		{"unsafe_why", "1 2 3 4", nil, "answer.too_many_choices"},
		{"unsafe_why", "9", nil, "answer.unknown_option"},
		{"unsafe_why", "0", nil, "answer.unknown_option"},
		{"unsafe_why", "19", nil, "answer.unknown_option"},
		{"unsafe_why", "1 3 bananas", nil, "answer.unknown_option"},
		{"needs", "10", []string{"seniors"}, ""},
		{"needs", "1 10", []string{"housing", "seniors"}, ""},
		{"needs", "12", nil, "answer.unknown_option"}, // ten options: "12" is not split
		// Number: digits of any script, words around it allowed.
		{"household", "4", 4, ""},
		{"household", "٤", 4, ""},
		{"household", "4 people", 4, ""},
		{"household", "somos 12", 12, ""},
		{"household", "21", nil, "answer.number_range"},
		{"household", "-1", nil, "answer.number_range"},
		{"household", "\u22122", nil, "answer.number_range"},
		{"household", "2-3", nil, "answer.number"},
		{"household", "1,200", nil, "answer.number_range"},
		{"household", "two", nil, "answer.number"},
		{"household", "2.5", nil, "answer.number"},
		{"household", "3 or 4", nil, "answer.number"},
		// Single: number or option text in any language.
		{"age", "2", "age_25_34", ""},
		{"age", "٢", "age_25_34", ""},
		{"age", "25-34", "age_25_34", ""},
		{"age", "65 o más", "age_65_plus", ""},
		{"age", "65 or older", "age_65_plus", ""},
		{"age", "7", nil, "answer.choose_one"},
		{"age", "1 2", nil, "answer.choose_one"},
		{"home_language", "Árabe", "arabic", ""},
		{"home_language", "العربية", "arabic", ""},
		{"home_language", "kreyol ayisyen", "haitian_creole", ""},
		{"tenure", "Alquilo", "rent", ""},
		{"tenure", "أستأجر", "rent", ""},
		// Text: as sent, trimmed.
		{"comment", "  More lights on Elm St, please  ", "More lights on Elm St, please", ""},
		{"comment", "أضواء أكثر", "أضواء أكثر", ""},
		{"comment", "   ", nil, "answer.required"},
	}
}

func TestParseSMSAnswer(t *testing.T) {
	rec := exampleRecord(t)
	words := newConversation(t).Words()
	for _, tc := range answerCases() {
		q, ok := rec.Question(tc.question)
		if !ok {
			t.Fatalf("no question %s", tc.question)
		}
		got, p := words.ParseAnswer(&rec.Survey, q, tc.body)
		switch {
		case tc.hint != "" && (p == nil || p.MessageID != tc.hint):
			t.Errorf("%s %q: got %#v %+v, want hint %s", tc.question, tc.body, got, p, tc.hint)
		case tc.hint == "" && (p != nil || !reflect.DeepEqual(got, tc.want)):
			t.Errorf("%s %q: got %#v %+v, want %#v", tc.question, tc.body, got, p, tc.want)
		}
	}
}

func TestFoldWord(t *testing.T) {
	for in, want := range map[string]string{
		"No más":      "nomas",
		"NO MAS!":     "nomas",
		"bỏ qua":      "boqua",
		"Đồng ý":      "dongy",
		"إلغاء":       "الغاء",
		"مساعدةـــ":   "مساعده",
		"٠١٤٢١":       "01421",
		"Kreyòl":      "kreyol",
		"  S.A.F.E. ": "safe",
	} {
		if got := conversation.FoldWord(in); got != want {
			t.Errorf("FoldWord(%q) = %q, want %q", in, got, want)
		}
	}
}
