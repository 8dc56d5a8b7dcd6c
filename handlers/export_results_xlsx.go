package handlers

import (
	"fmt"
	"strings"
	"time"

	"github.com/labstack/echo/v5"
	"github.com/xuri/excelize/v2"

	"canvass/auth"
	"canvass/results"
	"canvass/surveys"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// xlsxStyles are the cell styles of canvass workbooks.
type xlsxStyles struct{ title, header, hidden, pct int }

func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	var st xlsxStyles
	var err error
	styles := []struct {
		dst *int
		s   *excelize.Style
	}{
		{&st.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}}},
		{&st.header, &excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF4"}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&st.hidden, &excelize.Style{Font: &excelize.Font{Italic: true, Color: "767676"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}}},
		{&st.pct, &excelize.Style{CustomNumFmt: ptr("0.0")}},
	}
	for _, x := range styles {
		if *x.dst, err = f.NewStyle(x.s); err != nil {
			return st, err
		}
	}
	return st, nil
}

func ptr[T any](v T) *T { return &v }

// sheetNames gives each question a sheet named by its ID: unique and
// within Excel's 31 characters.
func sheetNames(qs []*surveys.Question) []string {
	out := make([]string, len(qs))
	used := map[string]bool{"about": true}
	for i, q := range qs {
		name := q.ID
		if len(name) > 31 {
			name = name[:31]
		}
		for n := 2; used[strings.ToLower(name)]; n++ {
			suffix := fmt.Sprintf("~%d", n)
			name = q.ID[:min(len(q.ID), 31-len(suffix))] + suffix
		}
		used[strings.ToLower(name)] = true
		out[i] = name
	}
	return out
}

// exportResultsXLSX streams results.xlsx: an "About" sheet saying what the
// numbers are, then a sheet per question with a row per group, headers in
// the requested language and suppressed cells marked.
func (s *Server) exportResultsXLSX(c *echo.Context) error {
	req, err := s.readResultsRequest(c)
	if err != nil {
		return err
	}
	res, err := s.compute(c, req)
	if err != nil {
		return err
	}
	lab := s.labelerFor(c, &req.rec.Survey)
	f := excelize.NewFile()
	defer f.Close()
	if err := writeResultsWorkbook(f, lab, req, res); err != nil {
		return err
	}
	s.audit(c, auth.ActionResultsExport, req.rec.Slug, map[string]string{"format": "xlsx", "query": c.QueryString()})
	w := startDownload(c, req.rec.Slug, "results", "xlsx", xlsxType)
	return s.streamFailed(c, "results.xlsx", f.Write(w))
}

func writeResultsWorkbook(f *excelize.File, lab labeler, req *resultsRequest, res *results.Results) error {
	st, err := newXLSXStyles(f)
	if err != nil {
		return err
	}
	about := lab.loc.T("export.sheet_about", nil)
	if err := f.SetSheetName("Sheet1", about); err != nil {
		return err
	}
	rtl := surveys.IsRTL(lab.lang)
	if err := writeAboutSheet(f, st, lab, req, res, about, rtl); err != nil {
		return err
	}
	qs := results.Questions(&req.rec.Survey)
	for i, name := range sheetNames(qs) {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := f.SetSheetView(name, -1, &excelize.ViewOptions{RightToLeft: &rtl}); err != nil {
			return err
		}
		if err := writeQuestionSheet(f, st, lab, res, qs[i], name); err != nil {
			return err
		}
	}
	return nil
}

func writeAboutSheet(f *excelize.File, st xlsxStyles, lab labeler, req *resultsRequest, res *results.Results, sheet string, rtl bool) error {
	if err := f.SetSheetView(sheet, -1, &excelize.ViewOptions{RightToLeft: &rtl}); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetColWidth(1, 1, 28); err != nil {
		return err
	}
	if err := sw.SetColWidth(2, 2, 70); err != nil {
		return err
	}
	t := lab.loc.T
	rows := [][]any{
		{excelize.Cell{StyleID: st.title, Value: lab.text(req.rec.Title)}},
		{},
		{t("export.about_survey", nil), req.rec.Slug},
		{t("export.about_round", nil), req.rec.RoundIn(lab.lang)},
		{t("export.about_generated", nil), time.Now().UTC().Format("2006-01-02 15:04 UTC")},
		{t("export.about_total", nil), res.Total},
		{t("export.about_min_n", nil), res.MinN},
		{t("export.about_filters", nil), describeView(lab, req.view)},
		{t("export.about_updated", nil), numbersAsOf(t, res)},
		{},
		{t("export.about_suppression", map[string]any{"MinN": res.MinN})},
	}
	for i, r := range rows {
		if err := sw.SetRow(cellName(1, i+1), r); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// describeView says in words which responses a view holds.
func describeView(lab labeler, v results.View) string {
	var parts []string
	if v.Split != "" {
		if q, ok := lab.def.Question(v.Split); ok {
			parts = append(parts, lab.loc.T("export.filter_split", map[string]any{"Question": lab.question(q)}))
		}
	}
	if v.Channel != "" {
		parts = append(parts, lab.loc.T("export.filter_channel", map[string]any{"Channel": lab.loc.T("results.channel_"+v.Channel, nil)}))
	}
	if v.Language != "" {
		parts = append(parts, lab.loc.T("export.filter_language", map[string]any{"Language": surveys.LanguageName(v.Language)}))
	}
	if !v.From.IsZero() {
		parts = append(parts, lab.loc.T("export.filter_from", map[string]any{"Date": v.From.Format(time.DateOnly)}))
	}
	if !v.To.IsZero() {
		parts = append(parts, lab.loc.T("export.filter_to", map[string]any{"Date": v.To.AddDate(0, 0, -1).Format(time.DateOnly)}))
	}
	if len(parts) == 0 {
		return lab.loc.T("export.filter_none", nil)
	}
	return strings.Join(parts, "; ")
}

func cellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// numbersAsOf is when the numbers were last published, or that they are
// live.
func numbersAsOf(t func(string, map[string]any) string, res *results.Results) string {
	switch {
	case res.Live:
		return t("export.about_live", nil)
	case res.PublishedAt == nil:
		return t("export.about_never", nil)
	}
	return res.PublishedAt.UTC().Format("2006-01-02 15:04 UTC")
}
