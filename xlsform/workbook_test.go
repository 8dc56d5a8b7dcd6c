package xlsform

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"

	"canvass/surveys"
)

// sheet is one sheet of a workbook written for a test: rows of cells,
// each a string, a number or a bool, stored as Excel stores that type.
// A nil row is left empty.
type sheet struct {
	name string
	rows [][]any
}

// workbook writes sheets into an .xlsx, as an organizer's spreadsheet
// program would.
func workbook(t *testing.T, sheets ...sheet) *bytes.Buffer {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, cells := range s.rows {
			if cells == nil {
				continue
			}
			if err := f.SetSheetRow(s.name, fmt.Sprintf("A%d", r+1), &cells); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return &buf
}

// parseWorkbook parses sheets, failing on an internal error.
func parseWorkbook(t *testing.T, sheets ...sheet) (*surveys.Survey, surveys.Problems) {
	t.Helper()
	def, problems, err := Parse(workbook(t, sheets...))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return def, problems
}

// problemKeys lists problems as "path id", with "(warning)" after warnings,
// to compare with a list a test expects.
func problemKeys(ps surveys.Problems) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		k := p.Path + " " + p.MessageID
		if p.Warning {
			k += " (warning)"
		}
		out = append(out, k)
	}
	return out
}
