package handlers

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v5"

	"canvass/surveys"
	"canvass/xlsxstream"
)

// xlsxFlushRows is how often responses.xlsx is pushed to the client, in
// rows: about ten times a second at the embedded database's read rate, so
// the download visibly progresses, yet seldom enough that the compressor
// still works on blocks of a hundred kilobytes or more.
const xlsxFlushRows = 500

// exportResponsesXLSX streams responses.xlsx: the rows of responses.csv
// for people rather than tools, with headers and answers in the requested
// language (option texts, scale numbers; 1/0 per option of a multi
// question). Each row is zipped and sent as it is read, as for the CSV:
// the download starts with the header row, and memory stays flat at any
// number of responses.
func (s *Server) exportResponsesXLSX(c *echo.Context) error {
	rs, err := s.readResponseStream(c, "xlsx")
	if err != nil {
		return err
	}
	lab := s.labelerFor(c, &rs.rec.Survey)
	header := responsesXLSXHeader(lab, rs)
	w := startDownload(c, rs.rec.Slug, "responses", "xlsx", xlsxType)
	xw, err := xlsxstream.New(w, xlsxstream.Sheet{
		Name:         xlsxstream.SheetName(lab.loc.T("export.sheet_responses", nil)),
		RightToLeft:  surveys.IsRTL(lab.lang),
		FreezeTopRow: true,
		ColumnWidths: slices.Repeat([]float64{16}, len(header)),
	})
	if err != nil {
		return s.streamFailed(c, "responses.xlsx", err)
	}
	// Flushed through to the client: past the compressor, the zip's
	// buffer and the HTTP response's.
	rc := http.NewResponseController(w)
	flush := func() error {
		if err := xw.Flush(); err != nil {
			return err
		}
		return rc.Flush()
	}
	if err := xw.WriteRow(header); err == nil {
		err = flush()
	}
	if err != nil {
		return s.streamFailed(c, "responses.xlsx", err)
	}
	cells := make([]xlsxstream.Cell, 0, len(header))
	n := 0
	err = s.eachExported(c, rs, func(r *surveys.Response) error {
		cells = responseCells(cells[:0], lab, rs, r)
		if err := xw.WriteRow(cells); err != nil {
			return err
		}
		if n++; n%xlsxFlushRows == 0 {
			return flush()
		}
		return nil
	})
	// On an error the workbook is left without its end: a truncated file
	// fails to open rather than passing for a complete one.
	if err == nil {
		err = xw.Close()
	}
	return s.streamFailed(c, "responses.xlsx", err)
}

// responsesXLSXHeader is the header row: the fixed columns' names and
// each question's text (": option" for a multi question's options) in
// the requested language.
func responsesXLSXHeader(lab labeler, rs *responseStream) []xlsxstream.Cell {
	header := make([]xlsxstream.Cell, 0, len(responsesHeader)+len(rs.cols))
	for _, h := range responsesHeader {
		header = append(header, xlsxstream.Header(lab.loc.T("export.col_"+h, nil)))
	}
	for _, col := range rs.cols {
		name := lab.question(col.Question)
		if col.Option != nil {
			name += ": " + lab.text(col.Option.Text)
		}
		header = append(header, xlsxstream.Header(name))
	}
	return header
}

// responseCells appends one response as a workbook row to cells: numbers
// as numbers, the time received as a date, options by their text, text
// answers redacted. Text cells are typed as text, so an answer starting
// with "=" is shown, never run.
func responseCells(cells []xlsxstream.Cell, lab labeler, rs *responseStream, r *surveys.Response) []xlsxstream.Cell {
	for i, v := range fixedCells(rs.rec.Slug, r) {
		switch i {
		case 2:
			cells = append(cells, xlsxstream.Date(r.CreatedAt.UTC()))
		case 3:
			cells = append(cells, xlsxstream.Int(int64(r.Version)))
		case 6:
			if v != "" {
				v = lab.neighborhood(v)
			}
			cells = append(cells, xlsxstream.Text(v))
		default:
			cells = append(cells, xlsxstream.Text(v))
		}
	}
	for _, col := range rs.cols {
		v := col.Value(r)
		switch {
		case v == "":
			cells = append(cells, xlsxstream.Cell{})
		case col.Option != nil || col.Question.Type == surveys.TypeScale || col.Question.Type == surveys.TypeNumber:
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				cells = append(cells, xlsxstream.Int(n))
			} else {
				cells = append(cells, xlsxstream.Text(v)) // not a whole number after all: shown as stored
			}
		case col.Question.Type == surveys.TypeSingle:
			cells = append(cells, xlsxstream.Text(lab.answer(col.Question, v)))
		default:
			cells = append(cells, xlsxstream.Text(v))
		}
	}
	return cells
}
