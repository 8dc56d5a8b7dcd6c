package surveys

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// parseCase is a definition and the problems Parse must report for it, in
// order; decoded tells whether Parse must still return a survey.
type parseCase struct {
	name    string
	input   string
	want    []string
	decoded bool
}

const unknownFieldsYAML = `
slug: x
titel: {en: X}
questions:
  - id: a
    type: single
    optoins: []
    options:
      - {id: b, txt: {en: B}}
    scale: {min: 1, max: 5, lwo: {en: L}}
sms: {keyword: AB, keywrod: CD}
neighborhoods:
  - {id: n, nmae: {en: N}}
`

const unknownFieldsJSON = `{
  "slug": "x",
  "titel": {"en": "X"},
  "questions": [
    {"id": "a", "type": "single", "optoins": [],
     "options": [{"id": "b", "txt": {"en": "B"}}],
     "scale": {"min": 1, "max": 5, "lwo": {"en": "L"}}}
  ],
  "sms": {"keyword": "AB", "keywrod": "CD"},
  "neighborhoods": [{"id": "n", "nmae": {"en": "N"}}]
}`

var unknownFieldsWant = []string{
	"titel survey.unknown_field",
	"questions[0].optoins survey.unknown_field",
	"questions[0].options[0].txt survey.unknown_field",
	"questions[0].scale.lwo survey.unknown_field",
	"sms.keywrod survey.unknown_field",
	"neighborhoods[0].nmae survey.unknown_field",
}

func parseCases() []parseCase {
	return []parseCase{
		{name: "valid YAML", input: validYAML, want: []string{}, decoded: true},
		{name: "unknown fields at every depth, YAML", input: unknownFieldsYAML, want: unknownFieldsWant, decoded: true},
		{name: "unknown fields at every depth, JSON", input: unknownFieldsJSON, want: unknownFieldsWant, decoded: true},
		{name: "repeated field", input: "slug: a\nmin_n: 5\nslug: b\n",
			want: []string{"slug survey.duplicate_key"}},
		{name: "repeated field in JSON", input: `{"slug": "a", "title": {"en": "A", "en": "B"}}`,
			want: []string{"title.en survey.duplicate_key"}},
		{name: "title written without a language", input: "slug: a\ntitle: Safety\n",
			want: []string{"title survey.expected_translations"}},
		{name: "wrong kinds everywhere", input: wrongKindsYAML, want: []string{
			"slug survey.expected_text",
			"languages survey.expected_list",
			"min_n survey.expected_number",
			"public_results survey.expected_true_false",
			"sms survey.expected_fields",
			"questions[0].max_choices survey.expected_number",
			"questions[0].show_if.in survey.expected_list",
			"questions[1] survey.expected_fields",
		}},
		{name: "a JSON string is not a number", input: `{"min_n": "10"}`,
			want: []string{"min_n survey.expected_number"}},
		{name: "empty", input: "", want: []string{" survey.empty"}},
		{name: "only spaces", input: " \n\t\n", want: []string{" survey.empty"}},
		{name: "only a comment", input: "# a survey, some day\n", want: []string{" survey.empty"}},
		{name: "a list, not a survey", input: "- a\n- b\n", want: []string{" survey.expected_fields"}},
		{name: "a JSON array", input: `["slug"]`, want: []string{" survey.expected_fields"}},
		{name: "two documents", input: "slug: a\n---\nslug: b\n", want: []string{" survey.multiple_documents"}},
		{name: "YAML syntax error", input: "slug: a\ntitle: {en: A\nmin_n: 5\n", want: []string{" survey.syntax"}},
		{name: "JSON syntax error", input: "{\"slug\": \"a\",\n}", want: []string{" survey.syntax"}},
		{name: "JSON with text after it", input: `{"slug": "a"} {}`, want: []string{" survey.syntax"}},
		{name: "JSON cut short", input: "{\"slug\": \"a\",\n\"title\": {", want: []string{" survey.syntax"}},
		{name: "JSON nested too deeply", input: "{\"x\":" + strings.Repeat("[", 100) + strings.Repeat("]", 100) + "}",
			want: []string{" survey.syntax"}},
		{name: "YAML flow style is not JSON", input: "{slug: a}", want: []string{" survey.syntax"}},
		{name: "oversize", input: "slug: a\n#" + strings.Repeat("x", MaxDefinitionSize), want: []string{" survey.too_large"}},
		{name: "anchors and merge keys", input: anchorsYAML, want: []string{
			"questions[0].options[0].colour survey.unknown_field",
			"questions[2].colour survey.unknown_field",
		}, decoded: true},
	}
}

const wrongKindsYAML = `
slug: [a]
languages: en
min_n: ten
public_results: maybe
sms: SAFE
questions:
  - id: a
    max_choices: 1.5
    show_if: {question: b, in: 1}
  - just a string
`

const anchorsYAML = `
slug: x
questions:
  - &base
    id: a
    type: single
    text: {en: A}
    options: &opts
      - {id: yes_, text: {en: "Yes"}, colour: red}
      - {id: no_, text: {en: "No"}}
  - id: b
    type: single
    text: {en: B}
    options: *opts
  - <<: *base
    id: c
    colour: blue
`

func TestParse(t *testing.T) {
	for _, tc := range parseCases() {
		t.Run(tc.name, func(t *testing.T) {
			s, problems, err := Parse([]byte(tc.input))
			if err != nil {
				t.Fatalf("Parse: internal error %v", err)
			}
			if !slices.Equal(summary(problems), tc.want) {
				t.Errorf("problems:\n got %s\nwant %s",
					strings.Join(summary(problems), "\n     "), strings.Join(tc.want, "\n     "))
			}
			if (s != nil) != tc.decoded {
				t.Errorf("survey decoded = %v, want %v", s != nil, tc.decoded)
			}
		})
	}
}

// problemAt returns the first problem at path, failing when there is none.
func problemAt(t *testing.T, input, path string) Problem {
	t.Helper()
	_, problems, _ := Parse([]byte(input))
	for _, p := range problems {
		if p.Path == path {
			return p
		}
	}
	t.Fatalf("no problem at %q in %v", path, summary(problems))
	return Problem{}
}

func TestParseProblemData(t *testing.T) {
	tests := []struct {
		input, path, key string
		want             any
	}{
		{unknownFieldsYAML, "questions[0].optoins", "Suggestion", "options"},
		{unknownFieldsYAML, "questions[0].optoins", "Line", 7},
		{unknownFieldsYAML, "titel", "Suggestion", "title"},
		{unknownFieldsYAML, "sms.keywrod", "Suggestion", "keyword"},
		{unknownFieldsJSON, "questions[0].optoins", "Line", 5},
		{unknownFieldsJSON, "neighborhoods[0].nmae", "Line", 10},
		{"slug: a\nzzzzzz: 1\n", "zzzzzz", "Suggestion", ""},
		{"slug: a\nmin_n: 5\nslug: b\n", "slug", "FirstLine", 1},
		{"slug: a\nmin_n: 5\nslug: b\n", "slug", "Line", 3},
		{"slug: a\nmin_n: ten\n", "min_n", "Line", 2},
		{"slug: a\ntitle: {en: A\nmin_n: 5\n", "", "Line", 2}, // where the brace opens
		{"slug: a\ntitle: \"A\n", "", "Line", 2},
		{"slug: a\nlanguages: [en\nquestions:\n- a\n", "", "Line", 2},
		{"slug: a\n  title: b\n", "", "Line", 2},
		{"{\"slug\": \"a\",\n}", "", "Line", 2},
		{"{\"slug\": \"a\",\n\"title\": {", "", "Line", 2},
		{"slug: a\n\x01", "", "Line", 0},
		{"slug: a\n---\nslug: b\n", "", "Line", 2},
		{"slug: a\n#" + strings.Repeat("x", MaxDefinitionSize), "", "Limit", "1 MiB"},
	}
	for _, tc := range tests {
		p := problemAt(t, tc.input, tc.path)
		if got := p.Data[tc.key]; got != tc.want {
			t.Errorf("%.30q at %q: %s = %#v, want %#v", tc.input, tc.path, tc.key, got, tc.want)
		}
	}
}

func TestParseAppliesDefaults(t *testing.T) {
	s := mustParse(t, minimalYAML)
	if s.MinN != DefaultMinN {
		t.Errorf("min_n left out: MinN = %d, want %d", s.MinN, DefaultMinN)
	}
	// An explicit 0 is what the organizer wrote, and is judged, not replaced.
	_, problems, _ := Check([]byte(minimalYAML+"min_n: 0\n"), ValidationEnv{})
	if got := summary(problems); !slices.Equal(got, []string{"min_n survey.min_n_range"}) {
		t.Errorf("min_n: 0: problems %v", got)
	}
}

func TestParseAnchorsDecode(t *testing.T) {
	s, _, _ := Parse([]byte(anchorsYAML))
	if s == nil || len(s.Questions) != 3 || len(s.Questions[1].Options) != 2 ||
		s.Questions[2].ID != "c" || len(s.Questions[2].Options) != 2 {
		t.Fatalf("anchors and merge keys decoded as %+v", s)
	}
}

// TestParseAliasBomb checks that a definition built to expand
// exponentially through aliases is refused quickly.
func TestParseAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("slug: x\na0: &a0 {id: o, text: {en: x}}\n")
	for i := 1; i <= 9; i++ {
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := range 10 {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	b.WriteString("questions: [{id: q, options: *a1}, {id: r, options: *a9}]\n")
	start := time.Now()
	s, problems, err := Parse([]byte(b.String()))
	if err != nil || s != nil || len(problems) == 0 {
		t.Errorf("alias bomb: survey %v, problems %v, err %v", s != nil, summary(problems), err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("alias bomb took %v", d)
	}
}

const smallYAML = `
slug: small
default_language: en
languages: [en, es]
title: {en: Small, es: Pequeña}
questions:
  - id: safe
    type: scale
    scale: {min: 1, max: 5}
    text: {en: "Safe?", es: "¿Seguro?"}
  - id: why
    type: text
    show_if: {question: safe, in: [1, "2"]}
    text: {en: "Why?", es: "¿Por qué?"}
`

const smallJSON = `
  {
	"slug": "small",
	"default_language": "en",
	"languages": ["en", "es"],
	"title": {"en": "Small", "es": "Peque\u00f1a"},
	"questions": [
		{"id": "safe", "type": "scale", "scale": {"min": 1, "max": 5},
		 "text": {"en": "Safe?", "es": "¿Seguro?"}},
		{"id": "why", "type": "text", "show_if": {"question": "safe", "in": [1, "2"]},
		 "text": {"en": "Why?", "es": "¿Por qué?"}}
	]
}`

func TestParseJSONAndYAMLAgree(t *testing.T) {
	fromYAML, fromJSON := mustParse(t, smallYAML), mustParse(t, smallJSON)
	if !reflect.DeepEqual(fromYAML, fromJSON) {
		t.Errorf("YAML and JSON differ:\nYAML %+v\nJSON %+v", fromYAML, fromJSON)
	}
	if got := fromJSON.Questions[1].ShowIf.In; !slices.Equal(got, Values{"1", "2"}) {
		t.Errorf("show_if.in from JSON = %q", got)
	}
	if problems := Validate(fromJSON, ValidationEnv{}); len(problems) > 0 {
		t.Errorf("JSON survey: %v", summary(problems))
	}
	// The full example, converted to JSON by machine, with a byte-order mark.
	var generic any
	if err := yaml.Unmarshal([]byte(validYAML), &generic); err != nil {
		t.Fatal(err)
	}
	js, err := json.MarshalIndent(generic, "", "\t")
	if err != nil {
		t.Fatal(err)
	}
	if a, b := mustParse(t, validYAML), mustParse(t, "\uFEFF"+string(js)); !reflect.DeepEqual(a, b) {
		t.Errorf("YAML and JSON differ:\nYAML %+v\nJSON %+v", a, b)
	}
}

func TestCheckMergesProblemsInPathOrder(t *testing.T) {
	src := strings.Replace(validYAML, "slug: safety-test", "slug: Safety\ncolour: red", 1)
	src = strings.Replace(src, "max_choices: 2", "max_choices: 9\n    colour: red", 1)
	_, problems, err := Check([]byte(src), ValidationEnv{})
	// An unknown field sorts after the known ones beside it.
	want := []string{
		"slug survey.slug_format",
		"questions[2].max_choices survey.max_choices_range",
		"questions[2].colour survey.unknown_field",
		"colour survey.unknown_field",
	}
	if err != nil || !slices.Equal(summary(problems), want) {
		t.Errorf("Check: %v %v, want %v", summary(problems), err, want)
	}
}
