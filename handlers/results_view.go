package handlers

import (
	"fmt"
	"html"
	"html/template"
	"strconv"

	"canvass/locales"
	"canvass/results"
	"canvass/surveys"
)

// resultsBody is what the staff and public results pages share: charts,
// the map, tables, all built from one suppressed Results.
type resultsBody struct {
	Heading string
	Round   string
	Total   int64
	MinN    int
	Note    string
	// Updated says whether the numbers are live or when they were last
	// published.
	Updated   string
	Questions []questionSection
	// Neighborhoods is a table per neighborhood (the staff page).
	Neighborhoods []neighborhoodTable
	Map           template.HTML
	MapTitle      string
}

// questionSection is one question: its chart and the same data as a table.
type questionSection struct {
	ID    string
	Title string
	Chart template.HTML
	Table dataTable
}

// dataTable is a chart's data: a row per group, a column per answer.
type dataTable struct {
	Head []string
	Rows []dataRow
}

// Span is how many cells a suppressed row's marker covers: all but the
// group's name and n.
func (t dataTable) Span() int { return max(1, len(t.Head)-2) }

type dataRow struct {
	Label  string
	Sub    bool
	N      int64
	Hidden bool
	// HiddenText fills the row of a suppressed group: why it is hidden.
	HiddenText string
	Cells      []dataCell
}

// dataCell is one number; Heat (1–5) shades multi-question tables.
type dataCell struct {
	Text string
	Heat int
}

// chartGroup is a row of the charts: the overall group, a neighborhood,
// or one of its split groups.
type chartGroup struct {
	g     *results.Group
	label string
	sub   bool
}

// chartGroups lists the groups charts show, overall first.
func chartGroups(lab labeler, res *results.Results) []chartGroup {
	var out []chartGroup
	if res.Overall != nil {
		out = append(out, chartGroup{g: res.Overall, label: lab.neighborhood(results.AllNeighborhoods)})
	}
	var splitQ *surveys.Question
	if res.Split != nil {
		splitQ, _ = lab.def.Question(*res.Split)
	}
	for i := range res.Groups {
		g := &res.Groups[i]
		if g.Split != nil && splitQ != nil {
			out = append(out, chartGroup{g: g, label: lab.split(splitQ, *g.Split), sub: true})
			continue
		}
		out = append(out, chartGroup{g: g, label: lab.neighborhood(g.Neighborhood)})
	}
	return out
}

// questionSections draws every question's chart and table.
func questionSections(lab labeler, res *results.Results, rtl bool) []questionSection {
	groups := chartGroups(lab, res)
	var out []questionSection
	for i, q := range results.Questions(lab.def) {
		id := fmt.Sprintf("q%d", i)
		sec := questionSection{ID: q.ID, Title: lab.question(q)}
		keys := sheetAnswerKeys(q, res)
		switch {
		case q.Type == surveys.TypeMulti:
			sec.Chart, sec.Table = multiChart(id, lab, q, groups, keys, res.MinN, rtl)
		case len(keys) > 0:
			sec.Chart, sec.Table = distributionChart(id, lab, q, groups, keys, res.MinN, rtl)
		default:
			sec.Chart, sec.Table = meanChart(id, lab, q, groups, res.MinN, rtl)
		}
		out = append(out, sec)
	}
	return out
}

// visibleQuestion is a group's result for q when it is shown.
func visibleQuestion(g *results.Group, q *surveys.Question) (*results.QuestionResult, bool) {
	if g.Suppressed {
		return nil, false
	}
	qr := g.Questions[q.ID]
	return qr, qr != nil && !qr.Suppressed
}

// whyHidden is the reason g's answers to q are hidden.
func whyHidden(g *results.Group, q *surveys.Question) string {
	if g.Suppressed {
		return g.Reason
	}
	if qr := g.Questions[q.ID]; qr != nil {
		return qr.Reason
	}
	return ""
}

// groupRows starts a group's chart row and table row, hidden with its
// reason or not.
func groupRows(lab labeler, cg chartGroup, q *surveys.Question, minN int) (chartRow, dataRow) {
	_, ok := visibleQuestion(cg.g, q)
	row := chartRow{Label: cg.label, Sub: cg.sub, Hidden: !ok}
	dr := dataRow{Label: cg.label, Sub: cg.sub, N: cg.g.N, Hidden: !ok}
	if !ok {
		row.HiddenText = lab.hidden(whyHidden(cg.g, q), minN, !cg.g.Suppressed)
		dr.HiddenText = row.HiddenText
	}
	return row, dr
}

// distributionChart is a stacked bar per group (scale, single, small-range
// number questions) and its table of percentages.
func distributionChart(id string, lab labeler, q *surveys.Question, groups []chartGroup, keys []string, minN int, rtl bool) (template.HTML, dataTable) {
	colors := categoricalPalette
	if q.Type == surveys.TypeScale || q.Type == surveys.TypeNumber {
		colors = scaleColors(len(keys))
	}
	legend := make([]legendItem, len(keys))
	t := dataTable{Head: []string{lab.loc.T("export.col_neighborhood", nil), lab.loc.T("results.n", nil)}}
	for i, k := range keys {
		legend[i] = legendItem{Label: lab.answer(q, k), Color: colors[i%len(colors)]}
		t.Head = append(t.Head, lab.answer(q, k))
	}
	hasMean := q.Type == surveys.TypeScale || q.Type == surveys.TypeNumber
	if hasMean {
		t.Head = append(t.Head, lab.loc.T("export.col_mean", nil))
	}
	var rows []chartRow
	for _, cg := range groups {
		qr, ok := visibleQuestion(cg.g, q)
		row, dr := groupRows(lab, cg, q, minN)
		if ok {
			row.Note = lab.count(qr.N)
			for _, k := range keys {
				p := percent(qr.Counts[k], qr.N)
				row.Parts = append(row.Parts, p)
				dr.Cells = append(dr.Cells, dataCell{Text: fmt.Sprintf("%.0f%% (%d)", p, qr.Counts[k])})
			}
			if hasMean && qr.Mean != nil {
				row.Note = lab.loc.T("results.mean_n", map[string]any{"Mean": fmt.Sprintf("%.2f", *qr.Mean), "N": qr.N})
				dr.Cells = append(dr.Cells, dataCell{Text: fmt.Sprintf("%.2f", *qr.Mean)})
			}
		}
		rows, t.Rows = append(rows, row), append(t.Rows, dr)
	}
	return stackedChart(id, lab.question(q), legend, rows, rtl), t
}

// multiChart shows a multi question: the share of each group choosing each
// option; the chart has the first shown group (overall), named above it,
// the table every group, shaded like a heat map.
func multiChart(id string, lab labeler, q *surveys.Question, groups []chartGroup, keys []string, minN int, rtl bool) (template.HTML, dataTable) {
	t := dataTable{Head: []string{lab.loc.T("export.col_neighborhood", nil), lab.loc.T("results.n", nil)}}
	for _, k := range keys {
		t.Head = append(t.Head, lab.answer(q, k))
	}
	var rows []chartRow
	note := ""
	for _, cg := range groups {
		qr, ok := visibleQuestion(cg.g, q)
		_, dr := groupRows(lab, cg, q, minN)
		if ok {
			for _, k := range keys {
				p := percent(qr.Counts[k], qr.N)
				dr.Cells = append(dr.Cells, dataCell{Text: fmt.Sprintf("%.0f%%", p), Heat: 1 + min(4, int(p/20))})
			}
			if rows == nil {
				note = cg.label + " · " + lab.count(qr.N)
				for _, k := range keys {
					rows = append(rows, chartRow{Label: lab.answer(q, k), Parts: []float64{percent(qr.Counts[k], qr.N)}})
				}
			}
		}
		t.Rows = append(t.Rows, dr)
	}
	if rows == nil && len(groups) > 0 {
		row, _ := groupRows(lab, groups[0], q, minN)
		rows = []chartRow{row}
	}
	chart := barChart(id, lab.question(q), rows, 100, formatShare, categoricalPalette[0], rtl)
	if note != "" && chart != "" {
		chart = `<p class="chart-note">` + html.EscapeString(note) + `</p>` + chart
	}
	return chartHTML(chart), t
}

// meanChart shows a question without counted answers: the mean of a wide
// number question, or how many answered a text question.
func meanChart(id string, lab labeler, q *surveys.Question, groups []chartGroup, minN int, rtl bool) (template.HTML, dataTable) {
	t := dataTable{Head: []string{lab.loc.T("export.col_neighborhood", nil), lab.loc.T("results.n", nil), lab.loc.T("export.col_answered", nil)}}
	if q.Type == surveys.TypeNumber {
		t.Head = append(t.Head, lab.loc.T("export.col_mean", nil))
	}
	var rows []chartRow
	top := 0.0
	for _, cg := range groups {
		qr, ok := visibleQuestion(cg.g, q)
		row, dr := groupRows(lab, cg, q, minN)
		if ok {
			v := float64(qr.N)
			dr.Cells = append(dr.Cells, dataCell{Text: strconv.FormatInt(qr.N, 10)})
			if q.Type == surveys.TypeNumber && qr.Mean != nil {
				v = *qr.Mean
				dr.Cells = append(dr.Cells, dataCell{Text: fmt.Sprintf("%.2f", *qr.Mean)})
			}
			row.Parts, top = []float64{v}, max(top, v)
			// A text question's bar is how many answered: n says it.
			if q.Type == surveys.TypeNumber {
				row.Note = lab.count(qr.N)
			}
		}
		rows, t.Rows = append(rows, row), append(t.Rows, dr)
	}
	format := func(v float64) string { return lab.count(int64(v)) }
	if q.Type == surveys.TypeNumber {
		format = func(v float64) string { return fmt.Sprintf("%.2f", v) }
	}
	return chartHTML(barChart(id, lab.question(q), rows, top, format, categoricalPalette[2], rtl)), t
}

// updatedNote says how fresh the numbers are: live, or published (when,
// and in what steps), in the viewer's language.
func updatedNote(loc *locales.Localizer, rec *surveys.Record, res *results.Results) string {
	data := map[string]any{"MinN": rec.MinN}
	switch {
	case res.Live:
		return loc.T("results.live", data)
	case res.PublishedAt == nil:
		return loc.T("results.updated_never", data)
	}
	data["Date"] = res.PublishedAt.UTC().Format("2006-01-02 15:04 UTC")
	return loc.T("results.updated_at", data)
}
