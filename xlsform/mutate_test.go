package xlsform

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/xuri/excelize/v2"

	"canvass/surveys/surveystest"
)

// junk is what a careless edit may leave in a cell.
var junk = []any{"", " ", "begin repeat", "end group", "begin group", "select_one", "select_one nope",
	"select_multiple", "range", "note", "${", "selected(", "${x} = 'a' or", ". >=", "count-selected(.) <=",
	"start=5 end=1", "start=x", "yes", "TRUE()", "label::", "::", "(", 0, -1, 3.5, true}

// TestParseMutated edits random cells of the example's XLSForm, header
// cells included, and parses the result: every outcome is a definition or
// problems, never a panic or an internal error.
func TestParseMutated(t *testing.T) {
	var clean bytes.Buffer
	if err := Write(&clean, surveystest.Example(t)); err != nil {
		t.Fatal(err)
	}
	runs := 60
	if testing.Short() {
		runs = 10
	}
	for seed := range uint64(runs) {
		r := rand.New(rand.NewPCG(seed, 7))
		f, err := excelize.OpenReader(bytes.NewReader(clean.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		sheets := []string{sheetSurvey, sheetChoices, sheetSettings}
		for range 1 + r.IntN(8) {
			cell, _ := excelize.CoordinatesToCellName(1+r.IntN(30), 1+r.IntN(40))
			if err := f.SetCellValue(sheets[r.IntN(len(sheets))], cell, junk[r.IntN(len(junk))]); err != nil {
				t.Fatal(err)
			}
		}
		var mutated bytes.Buffer
		if _, err := f.WriteTo(&mutated); err != nil {
			t.Fatal(err)
		}
		f.Close()
		def, problems, err := Parse(&mutated)
		if err != nil || (def == nil && len(problems.Errors()) == 0) {
			t.Fatalf("seed %d: %v, %v", seed, err, problems)
		}
	}
}
