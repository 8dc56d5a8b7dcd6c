package xlsform

import (
	"reflect"
	"slices"
	"testing"

	"canvass/surveys"
)

func intp(n int) *int { return &n }

// koboForm is an XLSForm as an organizer brings it from Kobo, with every
// construct canvass reads and Excel's quirks: headers in mixed case and
// older spellings, languages named three ways, flags and numbers stored
// as Excel booleans and numbers, empty rows, metadata rows, a group, notes
// before and after the questions, columns and a sheet canvass ignores.
func koboForm() []sheet {
	return []sheet{
		{sheetSurvey, [][]any{
			{"Type", "NAME", "Label::English (en)", "label::Español (es)", "hint::en", "hint::Spanish", "Required",
				"relevant", "constraint", "parameters", "canvass_neighborhood", "canvass_demographic",
				"canvass_scale_low::en", "canvass_scale_low::es", "canvass_scale_high::en", "canvass_scale_high::es",
				"canvass_sms_label::en", "canvass_sms_label::es", "appearance", "media::image::English (en)"},
			{"start", "start"},
			{"end", "end"},
			{"note", "welcome", "Welcome.", "Bienvenida."},
			nil,
			{"begin group", "where", "Where"},
			{"select_one hoods", "hood", "Which neighborhood?", "¿Qué vecindario?", "", "", true, "", "", "", "yes"},
			{"end group"},
			{"range", "safe", "How safe?", "¿Qué tan seguro?", "1 is low", "1 es bajo", "yes", "", "", "start=1 end=5",
				"", "", "Unsafe", "Inseguro", "Safe", "Seguro", "Safe?", "¿Seguro?", "likert", "safe.png"},
			{"select_multiple needs", "needs", "Needs?", "¿Necesidades?", "", "", "", `${hood} = 'north' or ${hood} = "south"`,
				"count-selected(.) <= 2"},
			{"integer", "people", "How many people?", "¿Cuántas personas?", "", "", 1, "(${safe} = 1 or ${safe} = '2')",
				". >= 1 and . < 21"},
			{"select one yesno", "rent", "Do you rent?", "¿Alquila?", "", "", "TRUE()", "selected(${needs}, 'housing')",
				"", "", "", "yes"},
			{"text", "comment", "Anything else?", "¿Algo más?"},
			{"note", "bye", "Thank you.", "Gracias."},
		}},
		{sheetChoices, [][]any{
			{"List Name", "name", "label::English (en)", "label::Español (es)", "canvass_match", "state"},
			{"hoods", "north", "North", "Norte", "01420, north end"},
			{"hoods", "south", "South", "Sur", 1421},
			nil,
			{"needs", "housing", "Housing", "Vivienda"},
			{"needs", "jobs", "Jobs", "Empleo"},
			{"needs", "food", "Food", "Comida"},
			{"yesno", "yes", "Yes", "Sí"},
			{"yesno", "no", "No", "No"},
		}},
		{sheetSettings, [][]any{
			{"form_title", "form_id", "version", "default_language", "canvass_title::Español (es)", "canvass_min_n",
				"canvass_public_results", "canvass_sms_keyword", "canvass_sms_aliases::es"},
			{"Safety", "safety-2026", 2026031801, "English (en)", "Seguridad", 15, true, "SAFE", "SEGURO, SEGURA"},
		}},
		{"notes", [][]any{{"Translated by the partnership, March 2026"}}},
	}
}

func TestParseKoboForm(t *testing.T) {
	def, problems := parseWorkbook(t, koboForm()...)
	want := &surveys.Survey{
		Slug: "safety-2026", DefaultLanguage: "en", Languages: []string{"en", "es"},
		Title:  surveys.Text{"en": "Safety", "es": "Seguridad"},
		Intro:  surveys.Text{"en": "Welcome.", "es": "Bienvenida."},
		Thanks: surveys.Text{"en": "Thank you.", "es": "Gracias."},
		MinN:   15, PublicResults: true,
		SMS: &surveys.SMSSettings{Keyword: "SAFE", Aliases: map[string][]string{"es": {"SEGURO", "SEGURA"}}},
		Neighborhoods: []surveys.Neighborhood{
			{ID: "north", Name: surveys.Text{"en": "North", "es": "Norte"}, Match: []string{"01420", "north end"}},
			{ID: "south", Name: surveys.Text{"en": "South", "es": "Sur"}, Match: []string{"1421"}},
		},
		Questions: []surveys.Question{
			{ID: "hood", Type: surveys.TypeNeighborhood, Text: surveys.Text{"en": "Which neighborhood?", "es": "¿Qué vecindario?"}},
			{ID: "safe", Type: surveys.TypeScale, Text: surveys.Text{"en": "How safe?", "es": "¿Qué tan seguro?"},
				Help:    surveys.Text{"en": "1 is low", "es": "1 es bajo"},
				SMSText: surveys.Text{"en": "Safe?", "es": "¿Seguro?"},
				Scale: &surveys.Scale{Min: 1, Max: 5, Low: surveys.Text{"en": "Unsafe", "es": "Inseguro"},
					High: surveys.Text{"en": "Safe", "es": "Seguro"}}},
			{ID: "needs", Type: surveys.TypeMulti, Text: surveys.Text{"en": "Needs?", "es": "¿Necesidades?"}, Optional: true,
				MaxChoices: 2, ShowIf: &surveys.Condition{Question: "hood", In: surveys.Values{"north", "south"}},
				Options: []surveys.Option{
					{ID: "housing", Text: surveys.Text{"en": "Housing", "es": "Vivienda"}},
					{ID: "jobs", Text: surveys.Text{"en": "Jobs", "es": "Empleo"}},
					{ID: "food", Text: surveys.Text{"en": "Food", "es": "Comida"}},
				}},
			{ID: "people", Type: surveys.TypeNumber, Text: surveys.Text{"en": "How many people?", "es": "¿Cuántas personas?"},
				Number: &surveys.Range{Min: intp(1), Max: intp(20)},
				ShowIf: &surveys.Condition{Question: "safe", In: surveys.Values{"1", "2"}}},
			{ID: "rent", Type: surveys.TypeSingle, Text: surveys.Text{"en": "Do you rent?", "es": "¿Alquila?"}, Demographic: true,
				ShowIf: &surveys.Condition{Question: "needs", In: surveys.Values{"housing"}},
				Options: []surveys.Option{
					{ID: "yes", Text: surveys.Text{"en": "Yes", "es": "Sí"}},
					{ID: "no", Text: surveys.Text{"en": "No", "es": "No"}},
				}},
			{ID: "comment", Type: surveys.TypeText, Text: surveys.Text{"en": "Anything else?", "es": "¿Algo más?"}, Optional: true},
		},
	}
	if def == nil || !reflect.DeepEqual(def, want) {
		t.Fatalf("the Kobo form reads as\n%s", diff(want, def))
	}
	wantProblems := []string{
		"survey!A2 xlsform.type_dropped (warning)",
		"survey!A3 xlsform.type_dropped (warning)",
		"survey!A6 xlsform.group_flattened (warning)",
	}
	if got := problemKeys(problems); !slices.Equal(got, wantProblems) {
		t.Errorf("problems:\n got %q\nwant %q", got, wantProblems)
	}
	if errs := surveys.Validate(def, surveys.ValidationEnv{}).Errors(); len(errs) > 0 {
		t.Errorf("the imported survey does not validate: %v", errs)
	}
}
