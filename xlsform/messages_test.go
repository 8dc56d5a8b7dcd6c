package xlsform

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"canvass/locales"
	"canvass/surveys"
)

// everyProblem parses every workbook the tests write and returns the
// problems reported, with their real Data.
func everyProblem(t *testing.T) surveys.Problems {
	forms := [][]sheet{koboForm(), refusedForm(),
		{{"questions", [][]any{header}}},
		{{sheetSurvey, [][]any{nil, header}}},
		{{sheetSurvey, [][]any{{"name"}}}},
		{{sheetSurvey, [][]any{header, {"text", "q", "Q?"}}}},
	}
	var all surveys.Problems
	for _, f := range forms {
		_, problems := parseWorkbook(t, f...)
		all = append(all, problems...)
	}
	_, problems, _ := Parse(bytes.NewReader([]byte("slug: x")))
	return append(all, problems...)
}

// TestMessageIDsListed checks that MessageIDs lists every ID Parse reports
// and that the test workbooks report every listed ID.
func TestMessageIDsListed(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range everyProblem(t) {
		seen[p.MessageID] = true
		if !slices.Contains(MessageIDs(), p.MessageID) {
			t.Errorf("%s (at %s) is not in MessageIDs", p.MessageID, p.Path)
		}
	}
	for _, id := range MessageIDs() {
		if !seen[id] {
			t.Errorf("no test workbook reports %s", id)
		}
	}
}

// TestMessagesRender renders every problem the test workbooks report in
// every shipped language: a missing text renders as its ID, a placeholder
// missing from Data as "<no value>".
func TestMessagesRender(t *testing.T) {
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	problems := everyProblem(t)
	for _, lang := range []string{"en", "es", "so", "vi", "ar", "ht"} {
		loc := cat.Localizer(lang)
		for _, p := range problems {
			got := loc.T(p.MessageID, p.Data)
			if got == p.MessageID || strings.Contains(got, "<no value>") {
				t.Errorf("%s: %s with %v renders as %q", lang, p.MessageID, p.Data, got)
			}
		}
	}
}
