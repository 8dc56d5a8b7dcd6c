package handlers

import (
	"cmp"
	"fmt"
	"html/template"
	"math"
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
	comp, err := s.Reports.Compare(ctx, currentPrincipal(c), rec.Series, rounds, m.Question.ID, m.Top, c.QueryParam("min_n"))
	if err != nil || (len(comp.Rounds) < 2 && comp.Target == nil) {
		return nil
	}
	sec := &compareSection{Title: lab.loc.T("results.page.compare_title", map[string]any{"Measure": m.label(lab)})}
	names := roundNames(rounds, lab.lang)
	var legend []legendItem
	for i, r := range comp.Rounds {
		name := cmp.Or(names[r.Survey], r.Round)
		sec.Rounds = append(sec.Rounds, name)
		legend = append(legend, legendItem{Label: name, Color: roundColor(i, len(comp.Rounds))})
	}
	if t := comp.Target; t != nil {
		sec.Target = targetText(lab, t)
	}
	rows := comp.Neighborhoods
	if comp.Overall != nil {
		rows = append([]results.CompareRow{*comp.Overall}, rows...)
	}
	hidden := lab.loc.T("results.hidden_short", nil)
	var chart []compareRowChart
	for _, row := range rows {
		name := lab.neighborhood(row.Neighborhood)
		cr := compareRowChart{Label: name}
		tr := compareTableRow{Label: name}
		for _, rs := range row.Rounds {
			if rs.Suppressed || rs.Share == nil {
				cr.Bars = append(cr.Bars, compareBar{Hidden: true, Label: hidden})
				tr.Cells = append(tr.Cells, tableCell{Text: hidden + " (" + lab.count(rs.N) + ")", Hidden: true})
				continue
			}
			label := fmt.Sprintf("%s ±%.0f", formatShare(*rs.Share), *rs.MOE)
			cr.Bars = append(cr.Bars, compareBar{Share: *rs.Share, MOE: *rs.MOE, Label: label})
			tr.Cells = append(tr.Cells, tableCell{Text: label + " (" + lab.count(rs.N) + ")"})
		}
		if n := len(row.Changes); n > 0 {
			tr.Change = changeText(lab, row.Changes[n-1])
		}
		if tp := row.Target; tp != nil {
			cr.Goal = tp.Goal
			tr.Progress = progressText(lab, tp, names)
		}
		chart, sec.Rows = append(chart, cr), append(sec.Rows, tr)
	}
	sec.Chart = compareChart("compare", sec.Title, legend, chart, lab.loc.T("results.page.goal", nil), rtl)
	return sec
}

// roundNames names each round of a series (by its survey's slug) in lang.
func roundNames(rounds []*surveys.Record, lang string) map[string]string {
	out := make(map[string]string, len(rounds))
	for _, r := range rounds {
		out[r.Slug] = r.RoundIn(lang)
	}
	return out
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

// progressText words a row's way toward the target as a partnership
// reads it: how far from the baseline round toward the goal, moved away
// from it, or the target reached or passed, naming the rounds.
func progressText(lab labeler, tp *results.TargetProgress, names map[string]string) string {
	switch {
	case tp.Goal == nil:
		return lab.loc.T("results.page.no_baseline", nil)
	case tp.Current == nil || tp.Baseline == nil:
		return lab.loc.T("results.page.goal_is", map[string]any{"Goal": formatShare(*tp.Goal)})
	}
	data := map[string]any{
		"Goal": formatShare(*tp.Goal), "Baseline": formatShare(*tp.Baseline), "Current": formatShare(*tp.Current),
		"Round": cmp.Or(names[tp.CurrentRound], tp.CurrentRound), "BaselineRound": cmp.Or(names[tp.BaselineRound], tp.BaselineRound),
	}
	switch {
	case tp.Met && tp.Progress != nil && *tp.Progress >= 100.5:
		return lab.loc.T("results.page.target_exceeded", data)
	case tp.Met:
		return lab.loc.T("results.page.target_met_in", data)
	case tp.Progress == nil:
		return lab.loc.T("results.page.goal_is", data)
	case *tp.Progress < 0:
		data["Points"] = strconv.FormatFloat(math.Round(math.Abs(*tp.Current-*tp.Baseline)*10)/10, 'f', -1, 64)
		return lab.loc.T("results.page.moved_away", data)
	}
	data["Progress"] = fmt.Sprintf("%.0f", *tp.Progress)
	return lab.loc.T("results.page.progress_from", data)
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
