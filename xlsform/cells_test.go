package xlsform

import (
	"slices"
	"testing"

	"canvass/surveys"
)

// TestCellsLocate: each part of a definition read from the Kobo form is
// traced to its cell, an unrecorded part to its nearest enclosing place.
func TestCellsLocate(t *testing.T) {
	_, _, cells, err := ParseCells(workbook(t, koboForm()...))
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"questions[1].text.es":         "survey!D9",
		"questions[1].scale.low.en":    "survey!M9",
		"questions[1].scale":           "survey!J9",
		"questions[2].options[1].id":   "choices!B6",
		"questions[2].options[1].text": "choices!C6",
		"questions[3].show_if.in[0]":   "survey!H11",
		"questions[4].id":              "survey!B12",
		"neighborhoods[1].match[0]":    "choices!E3",
		"neighborhoods[0].name.es":     "choices!D2",
		"title.es":                     "settings!E2",
		"title.en":                     "settings!A2",
		"min_n":                        "settings!F2",
		"sms.aliases.es[1]":            "settings!I2",
		"questions":                    "survey",
		"questions[9]":                 "survey",
		"round_label.es":               "settings!2",
	} {
		if got := cells.Locate(path); got != want {
			t.Errorf("%s is at %q, want %q", path, got, want)
		}
	}
}

// TestCellsPlace: validation problems lead with their cell and take
// their place among the workbook's own, in the order the workbook reads.
func TestCellsPlace(t *testing.T) {
	_, problems, cells, err := ParseCells(workbook(t, koboForm()...))
	if err != nil {
		t.Fatal(err)
	}
	problems = append(problems,
		surveys.Problem{Path: "title.es", MessageID: "survey.missing_translation"},
		surveys.Problem{Path: "questions[2].options[1].id", MessageID: "survey.id_format"},
		surveys.Problem{Path: "questions[0].id", MessageID: "survey.duplicate_id"})
	cells.Place(problems)
	want := []string{
		"survey!A2 xlsform.type_dropped (warning)",
		"survey!A3 xlsform.type_dropped (warning)",
		"survey!A6 xlsform.group_flattened (warning)",
		"survey!B7 (questions[0].id) survey.duplicate_id",
		"choices!B6 (questions[2].options[1].id) survey.id_format",
		"settings!E2 (title.es) survey.missing_translation",
	}
	if got := problemKeys(problems); !slices.Equal(got, want) {
		t.Errorf("placed:\n got %q\nwant %q", got, want)
	}
	var empty Cells
	if empty.Locate("title") != "" {
		t.Error("no cells locate something")
	}
}
