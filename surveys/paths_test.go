package surveys

import (
	"testing"

	"canvass/locales"
)

// HumanPath counts from 1, names questions, options and neighborhoods by
// their IDs and languages by their names, in the reader's language.
func TestHumanPath(t *testing.T) {
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	def := mustParse(t, validYAML)
	def.SMS.PlainLetters = []string{"es"}
	en := cat.Localizer("en")
	tr := Translate(en.T)
	for path, want := range map[string]string{
		"":                                "",
		"slug":                            "slug",
		"questions[4].options[1].text.es": "question 5 (household) › option 2 › text › Español",
		"questions[2].options[1].text.es": "question 3 (needs) › option 2 (jobs) › text › Español",
		"questions[5].show_if.in[1]":      "question 6 (comment) › show_if › value 2",
		"questions[1].scale.low.en":       "question 2 (safe_day) › scale › low › English",
		"questions[9].id":                 "question 10 › id",
		"neighborhoods[1].match[0]":       "neighborhood 2 (river) › word 1",
		"neighborhoods[0].name.fr":        "neighborhood 1 (north) › name › Français",
		"languages[1]":                    "language 2 (Español)",
		"sms.aliases.es[0]":               "sms › aliases › Español › word 1",
		"sms.plain_letters[0]":            "sms › language 1 (Español)",
		"colour":                          "colour",
	} {
		if got := HumanPath(path, def, tr); got != want {
			t.Errorf("HumanPath(%q) = %q, want %q", path, got, want)
		}
	}
	// Without a definition (it did not decode), places are still counted.
	if got := HumanPath("questions[0].type", nil, tr); got != "question 1 › type" {
		t.Errorf("without a definition: %q", got)
	}
	es := cat.Localizer("es")
	if got := HumanPath("questions[2].options[1].text.vi", def, es.T); got != "pregunta 3 (needs) › opción 2 (jobs) › text › Tiếng Việt" {
		t.Errorf("in Spanish: %q", got)
	}
}
