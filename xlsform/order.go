package xlsform

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"canvass/surveys"
)

// sortProblems orders problems as an organizer reads the workbook: the
// file first, then the survey, choices and settings sheets, each by row
// and then by column. Problems at one cell keep the order they were found in.
func sortProblems(ps surveys.Problems) {
	slices.SortStableFunc(ps, func(a, b surveys.Problem) int {
		sa, ra, ca := splitPath(a.Path)
		sb, rb, cb := splitPath(b.Path)
		return cmp.Or(cmp.Compare(sheetRank(sa), sheetRank(sb)), cmp.Compare(ra, rb), cmp.Compare(ca, cb))
	})
}

// splitPath reads "survey!E7" as survey, row 7, column 5; "survey!7" as
// row 7, column 0; "survey" as row 0.
func splitPath(path string) (sheet string, row, col int) {
	sheet, cell, _ := strings.Cut(path, "!")
	cell, _, _ = strings.Cut(cell, " ") // "E7 (questions[3].text.es)"
	if cell == "" {
		return sheet, 0, 0
	}
	if c, r, err := excelize.CellNameToCoordinates(cell); err == nil {
		return sheet, r, c
	}
	row, _ = strconv.Atoi(cell) // a whole row, before its cells
	return sheet, row, 0
}

func sheetRank(sheet string) int {
	switch strings.ToLower(strings.TrimSpace(sheet)) {
	case "":
		return 0
	case sheetSurvey:
		return 1
	case sheetChoices:
		return 2
	case sheetSettings:
		return 3
	}
	return 4
}
