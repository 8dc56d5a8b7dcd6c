package handlers

import (
	"github.com/xuri/excelize/v2"

	"canvass/results"
	"canvass/surveys"
)

// writeQuestionSheet writes one question's sheet: its text, a header row,
// then a row per group (overall first): neighborhood, split group,
// respondents, how many answered, each answer's count, each answer's
// percentage, and the mean where there is one. A suppressed group or
// question has every number cell marked instead.
func writeQuestionSheet(f *excelize.File, st xlsxStyles, lab labeler, res *results.Results, q *surveys.Question, sheet string) error {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	keys := sheetAnswerKeys(q, res)
	hasMean := q.Type == surveys.TypeScale || q.Type == surveys.TypeNumber
	var splitQ *surveys.Question
	if res.Split != nil {
		splitQ, _ = lab.def.Question(*res.Split)
	}
	t := lab.loc.T
	header := []any{hdr(st, t("export.col_neighborhood", nil))}
	if splitQ != nil {
		header = append(header, hdr(st, lab.question(splitQ)))
	}
	header = append(header, hdr(st, t("export.col_respondents", nil)), hdr(st, t("export.col_answered", nil)))
	for _, k := range keys {
		header = append(header, hdr(st, lab.answer(q, k)))
	}
	for _, k := range keys {
		header = append(header, hdr(st, t("export.col_percent", map[string]any{"Answer": lab.answer(q, k)})))
	}
	if hasMean {
		header = append(header, hdr(st, t("export.col_mean", nil)))
	}
	first := 1
	if splitQ != nil {
		first = 2
	}
	if err := sw.SetColWidth(1, first, 24); err != nil {
		return err
	}
	if err := sw.SetColWidth(first+1, len(header), 12); err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: first, YSplit: 2, TopLeftCell: cellName(first+1, 3), ActivePane: "bottomRight"}); err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.title, Value: lab.question(q)}}); err != nil {
		return err
	}
	if err := sw.SetRow("A2", header); err != nil {
		return err
	}
	hidden := excelize.Cell{StyleID: st.hidden, Value: t("export.suppressed", map[string]any{"MinN": res.MinN})}
	groups := res.Groups
	if res.Overall != nil {
		groups = append([]results.Group{*res.Overall}, groups...)
	}
	for i, g := range groups {
		row := []any{lab.neighborhood(g.Neighborhood)}
		if splitQ != nil {
			split := ""
			if g.Split != nil {
				split = lab.split(splitQ, *g.Split)
			}
			row = append(row, split)
		}
		row = append(row, g.N)
		width := 1 + 2*len(keys)
		if hasMean {
			width++
		}
		qr := g.Questions[q.ID]
		if g.Suppressed || qr == nil || qr.Suppressed {
			if qr != nil {
				row = append(row, qr.N)
				width--
			}
			for range max(width, 1) {
				row = append(row, hidden)
			}
		} else {
			row = append(row, qr.N)
			for _, k := range keys {
				row = append(row, qr.Counts[k])
			}
			for _, k := range keys {
				row = append(row, excelize.Cell{StyleID: st.pct, Value: percent(qr.Counts[k], qr.N)})
			}
			if hasMean {
				if qr.Mean != nil {
					row = append(row, *qr.Mean)
				} else {
					row = append(row, nil)
				}
			}
		}
		if err := sw.SetRow(cellName(1, i+3), row); err != nil {
			return err
		}
	}
	return sw.Flush()
}

func hdr(st xlsxStyles, s string) excelize.Cell { return excelize.Cell{StyleID: st.header, Value: s} }

// sheetAnswerKeys is the answer columns of a question's sheet: every key
// any shown group has, in display order.
func sheetAnswerKeys(q *surveys.Question, res *results.Results) []string {
	all := map[string]int64{}
	add := func(g *results.Group) {
		if qr := g.Questions[q.ID]; qr != nil {
			for k := range qr.Counts {
				all[k] = 1
			}
		}
	}
	if res.Overall != nil {
		add(res.Overall)
	}
	for i := range res.Groups {
		add(&res.Groups[i])
	}
	return answerKeys(q, all)
}
