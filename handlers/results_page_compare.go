package handlers

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v5"

	"canvass/reports"
	"canvass/results"
	"canvass/surveys"
)

// compareSection is the round comparison on the staff page: the measure in
// every round of the survey's series, the change, and the target.
type compareSection struct {
	Title  string
	Target string
	Chart  template.HTML
	Rounds []string
	Rows   []compareTableRow
}

type compareTableRow struct {
	Label    string
	Cells    []tableCell
	Change   string
	Progress string
}

// roundPalette colours rounds oldest (light) to newest (dark).
var roundPalette = []string{"#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"}

func roundColor(i, n int) string {
	if n > len(roundPalette) {
		return roundPalette[min(i*len(roundPalette)/n, len(roundPalette)-1)]
	}
	return roundPalette[len(roundPalette)-n+i]
}

// compareSection compares the measure across the series' rounds; nil when
// the survey is in no series, or the comparison cannot be made.
func (s *Server) compareSection(c *echo.Context, lab labeler, rec *surveys.Record, m measure, rtl bool) *compareSection {
	if rec.Series == "" {
		return nil
	}
	ctx := c.Request().Context()
	rounds, err := s.Results.SeriesRounds(ctx, rec.Series)
	if err != nil || len(rounds) == 0 {
		return nil
	}
	cmp, err := s.Reports.Compare(ctx, currentPrincipal(c), rec.Series, rounds, m.Question.ID, m.Top, c.QueryParam("min_n"))
	if err != nil || (len(cmp.Rounds) < 2 && cmp.Target == nil) {
		return nil
	}
	sec := &compareSection{Title: lab.loc.T("results.page.compare_title", map[string]any{"Measure": m.label(lab)})}
	var legend []legendItem
	for i, r := range cmp.Rounds {
		sec.Rounds = append(sec.Rounds, r.Round)
		legend = append(legend, legendItem{Label: r.Round, Color: roundColor(i, len(cmp.Rounds))})
	}
	if t := cmp.Target; t != nil {
		sec.Target = targetText(lab, t)
	}
	rows := cmp.Neighborhoods
	if cmp.Overall != nil {
		rows = append([]results.CompareRow{*cmp.Overall}, rows...)
	}
	hidden := lab.loc.T("results.hidden_short", nil)
	var chart []compareRowChart
	for _, row := range rows {
		name := lab.neighborhood(row.Neighborhood)
		cr := compareRowChart{Label: name}
		tr := compareTableRow{Label: name}
		for _, rs := range row.Rounds {
			if rs.Suppressed || rs.Share == nil {
				cr.Bars = append(cr.Bars, compareBar{Hidden: true})
				tr.Cells = append(tr.Cells, tableCell{Text: hidden + " (n " + strconv.FormatInt(rs.N, 10) + ")", Hidden: true})
				continue
			}
			label := fmt.Sprintf("%s ±%.0f", formatShare(*rs.Share), *rs.MOE)
			cr.Bars = append(cr.Bars, compareBar{Share: *rs.Share, MOE: *rs.MOE, Label: label})
			tr.Cells = append(tr.Cells, tableCell{Text: fmt.Sprintf("%s (n %d)", label, rs.N)})
		}
		if n := len(row.Changes); n > 0 {
			tr.Change = changeText(lab, row.Changes[n-1])
		}
		if tp := row.Target; tp != nil {
			cr.Goal = tp.Goal
			tr.Progress = progressText(lab, tp)
		}
		chart, sec.Rows = append(chart, cr), append(sec.Rows, tr)
	}
	sec.Chart = compareChart("compare", sec.Title, legend, chart, lab.loc.T("results.page.goal", nil), hidden, rtl)
	return sec
}

func formatShare(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) + "%" }

func targetText(lab labeler, t *results.Target) string {
	if l := lab.text(t.Label); l != "" {
		return l
	}
	id := "results.page.target_percent"
	if t.Unit == results.UnitPoints {
		id = "results.page.target_points"
	}
	return lab.loc.T(id, map[string]any{"Change": strconv.FormatFloat(t.Change, 'f', -1, 64), "By": t.By})
}

func changeText(lab labeler, ch results.Change) string {
	data := map[string]any{"Points": fmt.Sprintf("%+.1f", ch.Points), "MOE": fmt.Sprintf("%.1f", ch.MOE)}
	id := "results.page.change_points"
	if ch.Percent != nil {
		id, data["Percent"] = "results.page.change", fmt.Sprintf("%+.0f", *ch.Percent)
	}
	s := lab.loc.T(id, data)
	if !ch.Significant {
		s += " · " + lab.loc.T("results.page.within_moe", nil)
	}
	return s
}

func progressText(lab labeler, tp *results.TargetProgress) string {
	switch {
	case tp.Goal == nil:
		return lab.loc.T("results.page.no_baseline", nil)
	case tp.Met:
		return lab.loc.T("results.page.target_met", map[string]any{"Goal": formatShare(*tp.Goal)})
	case tp.Progress == nil:
		return lab.loc.T("results.page.goal_is", map[string]any{"Goal": formatShare(*tp.Goal)})
	}
	return lab.loc.T("results.page.progress", map[string]any{"Progress": fmt.Sprintf("%.0f", *tp.Progress), "Goal": formatShare(*tp.Goal)})
}

// resultsIndexView is the data of results/index: the surveys whose results
// the viewer may open.
type resultsIndexView struct {
	adminPage
	Surveys []resultsIndexItem
}

type resultsIndexItem struct {
	Slug, Title, Round string
	Status             surveys.Status
	Responses          int64
}

// showResultsIndex lists every opened survey with a link to its results:
// the way in for partners, who have no survey pages.
func (s *Server) showResultsIndex(c *echo.Context) error {
	recs, err := s.Results.Surveys(c.Request().Context())
	if err != nil {
		return err
	}
	v := resultsIndexView{adminPage: s.newAdminPage(c, "results", "results.index.title", nil)}
	lang := adminLanguage(c, s.Catalog)
	for _, r := range recs {
		if r.Status == surveys.StatusDraft || !reports.Sees(currentPrincipal(c), &r.Survey) {
			continue
		}
		n, err := s.Reports.Total(c.Request().Context(), currentPrincipal(c), r)
		if err != nil {
			return err
		}
		v.Surveys = append(v.Surveys, resultsIndexItem{Slug: r.Slug, Title: r.Title.In(lang, r.DefaultLanguage), Round: r.RoundIn(lang), Status: r.Status, Responses: n})
	}
	return s.renderAdmin(c, http.StatusOK, "results/index", v)
}
