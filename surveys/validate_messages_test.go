package surveys

import (
	"slices"
	"strings"
	"testing"

	"canvass/locales"
)

// everyProblem runs every validate and parse table case and returns all
// the problems they report, with their real Data.
func everyProblem(t *testing.T) Problems {
	var all Problems
	for _, tc := range validateCases() {
		all = append(all, runValidateCase(t, tc)...)
	}
	for _, tc := range parseCases() {
		_, problems, _ := Parse([]byte(tc.input))
		all = append(all, problems...)
	}
	return all
}

// TestMessageIDsListed checks that problemMessageIDs lists every ID the
// code reports and that the tables exercise every listed ID, so the list
// the locale test relies on is neither short nor stale.
func TestMessageIDsListed(t *testing.T) {
	listed := problemMessageIDs()
	seen := map[string]bool{}
	for _, p := range everyProblem(t) {
		seen[p.MessageID] = true
		if !slices.Contains(listed, p.MessageID) {
			t.Errorf("%s (at %q) is not in problemMessageIDs", p.MessageID, p.Path)
		}
	}
	for _, id := range listed {
		// invalid_value is the fallback for a decoder error the field check
		// did not foresee; no known input reaches it.
		if !seen[id] && id != msgInvalidValue {
			t.Errorf("no test case reports %s", id)
		}
	}
}

// TestMessagesRender renders every listed message in English, and every
// problem the tables produce in every shipped language with its real Data:
// a missing text would render as its ID, a placeholder missing from Data
// as "<no value>".
func TestMessagesRender(t *testing.T) {
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	en := cat.Localizer("en")
	for _, id := range problemMessageIDs() {
		if got := en.T(id, map[string]any{}); got == id {
			t.Errorf("%s has no English text in locales/validation.en.yaml", id)
		}
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
