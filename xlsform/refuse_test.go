package xlsform

import (
	"slices"
	"testing"
)

// refusedForm holds every construct canvass refuses, one per row or
// cell, so that one upload reports them all, each at its sheet, row and
// column.
func refusedForm() []sheet {
	return []sheet{
		{sheetSurvey, [][]any{
			// A       B        C                  D                     E           F           G             H           I                      J
			{"type", "name", "label::English (en)", "label::Klingon", "required", "relevant", "constraint", "parameters", "canvass_neighborhood", "canvass_demographic",
				// K             L
				"choice_filter", "label::en"},
			{"select_one hoods", "hood", "Where?", "", "yes", "", "", "", "yes"},
			{"begin repeat", "people", "People"},
			{"text", "person", "Name?"},
			{"end repeat"},
			{"calculate", "total"},
			{"geopoint", "where", "Where exactly?"},
			{"decimal", "income", "Income?"},
			{"select_one yesno or_other", "own", "Own?"},
			{"select_one nolist", "lost", "Lost?"},
			{"select_one yesno", "city", "City?", "", "", "", "", "", "", "", "${state} = 'ma'"},
			{"integer", "age", "Age?", "", "", "${hood} > 3", ". > 0 and . < ${x}"},
			{"select_multiple yesno", "many", "Many?"},
			{"text", "why", "Why?", "", "${age} = 18", "${many} = 'yes'", "string-length(.) < 100"},
			{"range", "safe", "Safe?", "", "", "", "", "start=1 end=9 step=2"},
			{"begin group", "grp", "Group", "", "", "${safe} = 1"},
			{"note", "mid", "Halfway there."},
			{"text", "more", "More?", "", "", "", "", "", "", "maybe"},
			{"end group"},
			{"end group"},
			{"select_multiple yesno", "hood2", "Hood?", "", "", "", "", "", "yes"},
			{"", "orphan", "A row with no type"},
		}},
		{sheetChoices, [][]any{
			{"list_name", "name", "label::English (en)"},
			{"hoods", "north", "North"},
			{"hoods", "south", "South"},
			{"yesno", "yes", "Yes"},
			{"yesno", "no", "No"},
			{"", "maybe", "Maybe"},
		}},
		{sheetSettings, [][]any{
			{"form_id", "default_language", "canvass_min_n", "canvass_public_results"},
			{"refused", "Elvish", "ten", "sometimes"},
		}},
	}
}

func TestParseRefusesAllAtOnce(t *testing.T) {
	def, problems := parseWorkbook(t, refusedForm()...)
	if def == nil {
		t.Fatal("no definition: the refusals should be reported with what could be read")
	}
	want := []string{
		"survey!D1 xlsform.column_language",
		"survey!L1 xlsform.column_twice",
		"survey!A3 xlsform.repeat",
		"survey!A6 xlsform.type_unsupported",
		"survey!A7 xlsform.type_unsupported",
		"survey!A8 xlsform.type_decimal",
		"survey!A9 xlsform.or_other",
		"survey!A10 xlsform.list_missing",
		"survey!K11 xlsform.cascading",
		"survey!F12 xlsform.relevant",
		"survey!G12 xlsform.constraint",
		"survey!E14 xlsform.required",
		"survey!F14 xlsform.relevant_multi",
		"survey!G14 xlsform.constraint",
		"survey!H15 xlsform.parameters",
		"survey!A16 xlsform.group_flattened (warning)",
		"survey!F16 xlsform.group_condition",
		"survey!A17 xlsform.note_misplaced",
		"survey!J18 xlsform.not_yes_no",
		"survey!A20 xlsform.group_unbalanced",
		"survey!A21 xlsform.neighborhood_type",
		"survey!A22 xlsform.type_missing",
		"choices!A6 xlsform.choice_no_list",
		"settings!B2 xlsform.default_language",
		"settings!C2 xlsform.not_number",
		"settings!D2 xlsform.not_yes_no",
	}
	if got := problemKeys(problems); !slices.Equal(got, want) {
		t.Errorf("problems:\n got %q\nwant %q", got, want)
	}
}
