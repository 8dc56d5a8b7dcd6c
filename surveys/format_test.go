package surveys

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"canvass/surveys/examples"
)

// exampleSurvey is the shipped example, parsed.
func exampleSurvey(t *testing.T) *Survey {
	t.Helper()
	files, err := examples.Surveys()
	if err != nil {
		t.Fatal(err)
	}
	return mustParse(t, string(files["safety-spring-2026.yaml"]))
}

// What FormatYAML writes, Parse reads back as the same definition: the
// editor's output can be downloaded, edited by hand and uploaded again.
func TestFormatYAMLRoundTrips(t *testing.T) {
	for name, def := range map[string]*Survey{"example": exampleSurvey(t), "valid": mustParse(t, validYAML), "minimal": mustParse(t, minimalYAML)} {
		out, err := FormatYAML(def)
		if err != nil {
			t.Fatal(err)
		}
		back := mustParse(t, string(out))
		if !reflect.DeepEqual(back, def) {
			t.Errorf("%s: the YAML does not read back the same:\n%s", name, out)
		}
	}
}

// Missing lists exactly the texts Validate finds missing in a language, so
// the editor's list of what to translate and validation never disagree.
func TestMissingMatchesValidation(t *testing.T) {
	def := exampleSurvey(t)
	for i, f := range def.TextFields() {
		if i%3 == 0 && f.Given() {
			delete(*f.Text, "so")
		}
	}
	var fromValidate []string
	for _, p := range Validate(def, ValidationEnv{}).Errors() {
		if p.MessageID == msgMissingTranslation && p.Data["Language"] == "so" {
			fromValidate = append(fromValidate, strings.TrimSuffix(p.Path, ".so"))
		}
	}
	var fromMissing []string
	for _, f := range def.Missing("so") {
		fromMissing = append(fromMissing, f.Path)
	}
	slices.Sort(fromValidate)
	slices.Sort(fromMissing)
	if len(fromMissing) == 0 || !slices.Equal(fromMissing, fromValidate) {
		t.Errorf("Missing(so) %v\nValidate       %v", fromMissing, fromValidate)
	}
	if got := def.Missing("es"); len(got) != 0 {
		t.Errorf("Missing(es) on a complete language: %v", got[0].Path)
	}
}

// KeepLanguages narrows a survey to fewer languages and leaves it valid.
func TestKeepLanguages(t *testing.T) {
	def := exampleSurvey(t)
	def.KeepLanguages([]string{"en", "ht"})
	if problems := Validate(def, ValidationEnv{}); len(problems.Errors()) > 0 {
		t.Fatalf("narrowed to en and ht: %v", summary(problems.Errors()))
	}
	if !slices.Equal(def.Languages, []string{"en", "ht"}) || len(def.SMS.Aliases) != 1 || def.Title["es"] != "" {
		t.Errorf("languages %v, aliases %v, title %v", def.Languages, def.SMS.Aliases, def.Title)
	}
}
