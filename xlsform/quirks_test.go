package xlsform

import (
	"bytes"
	"reflect"
	"slices"
	"testing"

	"canvass/surveys"
)

// header is a survey sheet header most quirk cases share.
var header = []any{"type", "name", "label"}

// TestParseQuirks covers what spreadsheets do to a form: each case is a
// workbook, the problems it must report and what the definition must hold.
func TestParseQuirks(t *testing.T) {
	cases := []struct {
		name   string
		sheets []sheet
		want   []string
		check  func(t *testing.T, def *surveys.Survey)
	}{
		{
			name:   "sheet names in any case, extra sheets ignored",
			sheets: []sheet{{"Intro", [][]any{{"read me"}}}, {"SURVEY", [][]any{header, {"text", "q", "Q?"}}}, {"Settings ", [][]any{{"form_id", "default_language"}, {"s-x", "en"}}}},
			check: func(t *testing.T, def *surveys.Survey) {
				if def.Slug != "s-x" || len(def.Questions) != 1 {
					t.Errorf("read %+v", def)
				}
			},
		},
		{
			name:   "no survey sheet",
			sheets: []sheet{{"questions", [][]any{header, {"text", "q", "Q?"}}}},
			want:   []string{" xlsform.sheet_missing"},
		},
		{
			name:   "a title above the header",
			sheets: []sheet{{sheetSurvey, [][]any{{"Safety survey 2026"}, header, {"text", "q", "Q?"}}}},
			want:   []string{"survey!2 xlsform.header_not_first"},
		},
		{
			name:   "an empty first row",
			sheets: []sheet{{sheetSurvey, [][]any{nil, nil, header, {"text", "q", "Q?"}}}},
			want:   []string{"survey!3 xlsform.header_not_first"},
		},
		{
			name:   "no type column",
			sheets: []sheet{{sheetSurvey, [][]any{{"name", "label"}, {"q", "Q?"}}}},
			want:   []string{"survey xlsform.column_missing"},
		},
		{
			name:   "texts without a language and no default_language are English",
			sheets: []sheet{{sheetSurvey, [][]any{header, {"text", "q", "Q?"}}}},
			want:   []string{"settings xlsform.language_assumed (warning)"},
			check: func(t *testing.T, def *surveys.Survey) {
				if def.DefaultLanguage != "en" || !slices.Equal(def.Languages, []string{"en"}) || def.Questions[0].Text["en"] != "Q?" {
					t.Errorf("read %+v", def)
				}
			},
		},
		{
			name: "texts without a language are in default_language, written as a name",
			sheets: []sheet{
				{sheetSurvey, [][]any{{"type", "name", "label", "label::English"}, {"text", "q", "¿Q?", "Q?"}}},
				{sheetSettings, [][]any{{"default_language"}, {"Español"}}},
			},
			check: func(t *testing.T, def *surveys.Survey) {
				want := surveys.Text{"es": "¿Q?", "en": "Q?"}
				if def.DefaultLanguage != "es" || !slices.Equal(def.Languages, []string{"es", "en"}) || !reflect.DeepEqual(def.Questions[0].Text, want) {
					t.Errorf("read %+v %v", def, def.Questions[0].Text)
				}
			},
		},
		{
			name: "canvass_languages orders the languages",
			sheets: []sheet{
				{sheetSurvey, [][]any{{"type", "name", "label::English (en)", "label::Soomaali (so)"}, {"text", "q", "Q?", "S?"}}},
				{sheetSettings, [][]any{{"default_language", "canvass_languages"}, {"en", "so, en"}}},
			},
			check: func(t *testing.T, def *surveys.Survey) {
				if !slices.Equal(def.Languages, []string{"so", "en"}) {
					t.Errorf("languages %v", def.Languages)
				}
			},
		},
		{
			name:   "a range without parameters is XLSForm's 1 to 10",
			sheets: []sheet{{sheetSurvey, [][]any{header, {"range", "r", "R?"}}}, {sheetSettings, [][]any{{"default_language"}, {"en"}}}},
			check: func(t *testing.T, def *surveys.Survey) {
				if sc := def.Questions[0].Scale; sc == nil || sc.Min != 1 || sc.Max != 10 {
					t.Errorf("scale %+v", sc)
				}
			},
		},
		{
			name: "numbers and booleans stored as Excel types",
			sheets: []sheet{
				{sheetSurvey, [][]any{{"type", "name", "label", "required", "relevant", "constraint"},
					{"integer", "n", "N?", false, "", ". >= 0 and . <= 20"},
					{"text", "t", "T?", 1.0, "${n} = 3"}}},
				{sheetSettings, [][]any{{"default_language", "canvass_min_n", "canvass_allow_repeats"}, {"en", 20.0, true}}},
			},
			check: func(t *testing.T, def *surveys.Survey) {
				q := def.Questions
				if def.MinN != 20 || !def.AllowRepeats || !q[0].Optional || q[1].Optional ||
					*q[0].Number.Min != 0 || *q[0].Number.Max != 20 || q[1].ShowIf.In[0] != "3" {
					t.Errorf("read %+v %+v", def, q)
				}
			},
		},
		{
			name: "older spellings of types, and a column canvass does not read written twice",
			sheets: []sheet{
				{sheetSurvey, [][]any{{"type", "name", "label", "note", "note"},
					{"select all that apply yesno", "m", "M?"}, {"int", "n", "N?"}, {"string", "s", "S?"}}},
				{sheetChoices, [][]any{{"list_name", "value", "label"}, {"yesno", "yes", "Yes"}, {"yesno", "no", "No"}}},
				{sheetSettings, [][]any{{"default_language"}, {"en"}}},
			},
			check: func(t *testing.T, def *surveys.Survey) {
				q := def.Questions
				if q[0].Type != surveys.TypeMulti || len(q[0].Options) != 2 || q[1].Type != surveys.TypeNumber || q[2].Type != surveys.TypeText {
					t.Errorf("read %+v", q)
				}
			},
		},
		{
			name: "a list name is matched as written",
			sheets: []sheet{
				{sheetSurvey, [][]any{header, {"select_one YesNo", "q", "Q?"}}},
				{sheetChoices, [][]any{{"list_name", "name", "label"}, {"yesno", "yes", "Yes"}, {"yesno", "no", "No"}}},
				{sheetSettings, [][]any{{"default_language"}, {"en"}}},
			},
			want: []string{"survey!A2 xlsform.list_missing"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			def, problems := parseWorkbook(t, tc.sheets...)
			if got := problemKeys(problems); !slices.Equal(got, tc.want) {
				t.Errorf("problems:\n got %q\nwant %q", got, tc.want)
			}
			if tc.check != nil {
				if def == nil {
					t.Fatal("no definition")
				}
				tc.check(t, def)
			}
		})
	}
}

// TestParseNotAWorkbook: YAML, an old binary .xls or a truncated file is
// one problem, not an internal error.
func TestParseNotAWorkbook(t *testing.T) {
	full := workbook(t, sheet{sheetSurvey, [][]any{header}}).Bytes()
	for name, body := range map[string][]byte{
		"yaml":      []byte("slug: x\n"),
		"xls":       {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0},
		"truncated": full[:len(full)/2],
		"empty":     nil,
	} {
		def, problems, err := Parse(bytes.NewReader(body))
		if err != nil || def != nil || !slices.Equal(problemKeys(problems), []string{" xlsform.not_workbook"}) {
			t.Errorf("%s: %v %v %v", name, def, problems, err)
		}
	}
}
