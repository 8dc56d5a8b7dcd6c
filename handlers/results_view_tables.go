package handlers

import (
	"fmt"
	"strconv"

	"canvass/results"
	"canvass/surveys"
)

// neighborhoodTable is one neighborhood's results as a table: a column for
// the whole neighborhood and, in a split view, one per split group; a block
// of rows per question.
type neighborhoodTable struct {
	ID   string
	Name string
	// Count is its n as printed ("n 123").
	Count string
	// HiddenText says why a hidden neighborhood is hidden.
	Hidden     bool
	HiddenText string
	Columns    []tableColumn
	Questions  []tableQuestion
}

// Span is the table's width in cells: the answer column and the groups.
func (t neighborhoodTable) Span() int { return len(t.Columns) + 1 }

type tableColumn struct {
	Label, Count string
	Hidden       bool
}

type tableQuestion struct {
	Title string
	Rows  []tableRow
}

type tableRow struct {
	Label string
	Cells []tableCell
}

type tableCell struct {
	Text   string
	Hidden bool
}

// neighborhoodTables builds a table per neighborhood (overall first).
func neighborhoodTables(lab labeler, res *results.Results) []neighborhoodTable {
	hiddenText := lab.loc.T("results.hidden_short", nil)
	var splitQ *surveys.Question
	if res.Split != nil {
		splitQ, _ = lab.def.Question(*res.Split)
	}
	// Each neighborhood with its split groups after it.
	var families [][]*results.Group
	if res.Overall != nil {
		families = append(families, []*results.Group{res.Overall})
	}
	for i := range res.Groups {
		g := &res.Groups[i]
		if g.Split == nil || len(families) == 0 {
			families = append(families, []*results.Group{g})
			continue
		}
		families[len(families)-1] = append(families[len(families)-1], g)
	}
	var out []neighborhoodTable
	for _, fam := range families {
		head := fam[0]
		t := neighborhoodTable{ID: head.Neighborhood, Name: lab.neighborhood(head.Neighborhood), Count: lab.count(head.N), Hidden: head.Suppressed}
		if head.Suppressed {
			t.HiddenText = lab.hidden(head.Reason, res.MinN, false)
		}
		for _, g := range fam {
			label := lab.loc.T("results.whole_group", nil)
			if g.Split != nil && splitQ != nil {
				label = lab.split(splitQ, *g.Split)
			}
			t.Columns = append(t.Columns, tableColumn{Label: label, Count: lab.count(g.N), Hidden: g.Suppressed})
		}
		if !head.Suppressed {
			for _, q := range results.Questions(lab.def) {
				t.Questions = append(t.Questions, questionRows(lab, q, fam, hiddenText))
			}
		}
		out = append(out, t)
	}
	return out
}

// questionRows is one question's block: a row per answer ("count (percent)")
// and the mean, or how many answered.
func questionRows(lab labeler, q *surveys.Question, fam []*results.Group, hiddenText string) tableQuestion {
	all := map[string]int64{}
	for _, g := range fam {
		if qr, ok := visibleQuestion(g, q); ok {
			for k := range qr.Counts {
				all[k] = 1
			}
		}
	}
	tq := tableQuestion{Title: lab.question(q)}
	cell := func(g *results.Group, f func(*results.QuestionResult) string) tableCell {
		qr, ok := visibleQuestion(g, q)
		if !ok {
			return tableCell{Text: hiddenText, Hidden: true}
		}
		return tableCell{Text: f(qr)}
	}
	for _, k := range answerKeys(q, all) {
		row := tableRow{Label: lab.answer(q, k)}
		for _, g := range fam {
			row.Cells = append(row.Cells, cell(g, func(qr *results.QuestionResult) string {
				return fmt.Sprintf("%d (%s%%)", qr.Counts[k], formatPercent(qr.Counts[k], qr.N))
			}))
		}
		tq.Rows = append(tq.Rows, row)
	}
	answered := tableRow{Label: lab.loc.T("export.col_answered", nil)}
	for _, g := range fam {
		answered.Cells = append(answered.Cells, cell(g, func(qr *results.QuestionResult) string { return strconv.FormatInt(qr.N, 10) }))
	}
	tq.Rows = append(tq.Rows, answered)
	if q.Type == surveys.TypeScale || q.Type == surveys.TypeNumber {
		mean := tableRow{Label: lab.loc.T("export.col_mean", nil)}
		for _, g := range fam {
			mean.Cells = append(mean.Cells, cell(g, func(qr *results.QuestionResult) string {
				if qr.Mean == nil {
					return "–"
				}
				return fmt.Sprintf("%.2f", *qr.Mean)
			}))
		}
		tq.Rows = append(tq.Rows, mean)
	}
	return tq
}
