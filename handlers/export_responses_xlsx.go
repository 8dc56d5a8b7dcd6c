package handlers

import (
	"strconv"

	"github.com/labstack/echo/v5"
	"github.com/xuri/excelize/v2"

	"canvass/surveys"
)

// exportResponsesXLSX streams responses.xlsx: the rows of responses.csv
// for people rather than tools, with headers and answers in the requested
// language (option texts, scale numbers; 1/0 per option of a multi
// question). excelize's StreamWriter keeps at most 16 MB of rows in memory
// and spills the rest to a temporary file until the workbook is written.
func (s *Server) exportResponsesXLSX(c *echo.Context) error {
	rs, err := s.readResponseStream(c, "xlsx")
	if err != nil {
		return err
	}
	lab := s.labelerFor(c, &rs.rec.Survey)
	f := excelize.NewFile()
	defer f.Close()
	sheet := lab.loc.T("export.sheet_responses", nil)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	rtl := surveys.IsRTL(lab.lang)
	if err := f.SetSheetView(sheet, -1, &excelize.ViewOptions{RightToLeft: &rtl}); err != nil {
		return err
	}
	st, err := newXLSXStyles(f)
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	header := make([]any, 0, len(responsesHeader)+len(rs.cols))
	for _, h := range responsesHeader {
		header = append(header, hdr(st, lab.loc.T("export.col_"+h, nil)))
	}
	for _, col := range rs.cols {
		name := lab.question(col.Question)
		if col.Option != nil {
			name += ": " + lab.text(col.Option.Text)
		}
		header = append(header, hdr(st, name))
	}
	if err := sw.SetColWidth(1, len(header), 16); err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	row := 1
	err = s.eachExported(c, rs, func(r *surveys.Response) error {
		row++
		return sw.SetRow(cellName(1, row), responseCells(lab, st, rs, r))
	})
	if err == nil {
		err = sw.Flush()
	}
	if err != nil {
		return err
	}
	return s.streamFailed(c, "responses.xlsx", f.Write(startDownload(c, rs.rec.Slug, "responses", "xlsx", xlsxType)))
}

// responseCells is one response as a workbook row: numbers as numbers,
// the time received as a date, options by their text, text answers
// redacted.
func responseCells(lab labeler, st xlsxStyles, rs *responseStream, r *surveys.Response) []any {
	fixed := fixedCells(rs.rec.Slug, r)
	cells := make([]any, 0, len(fixed)+len(rs.cols))
	for i, v := range fixed {
		switch i {
		case 2:
			cells = append(cells, excelize.Cell{StyleID: st.date, Value: r.CreatedAt.UTC()})
		case 3:
			cells = append(cells, r.Version)
		case 6:
			if v != "" {
				v = lab.neighborhood(v)
			}
			cells = append(cells, v)
		default:
			cells = append(cells, v)
		}
	}
	for _, col := range rs.cols {
		v := col.Value(r)
		switch {
		case v == "":
			cells = append(cells, nil)
		case col.Option != nil || col.Question.Type == surveys.TypeScale || col.Question.Type == surveys.TypeNumber:
			n, _ := strconv.Atoi(v)
			cells = append(cells, n)
		case col.Question.Type == surveys.TypeSingle:
			cells = append(cells, lab.answer(col.Question, v))
		default:
			cells = append(cells, v)
		}
	}
	return cells
}
