package handlers

import (
	"strconv"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/results"
	"canvass/surveys"
)

// resultRow is one line of the results in long form: a group, a question
// and one of its answers. Suppressed groups and questions get one line
// each, marked, without numbers.
type resultRow struct {
	group    *results.Group
	question *surveys.Question
	qr       *results.QuestionResult
	answer   string // "" for a question line without answer counts
}

// resultRows lists the results in long form, the overall group first.
func resultRows(def *surveys.Survey, res *results.Results, emit func(resultRow) error) error {
	groups := res.Groups
	if res.Overall != nil {
		groups = append([]results.Group{*res.Overall}, groups...)
	}
	for i := range groups {
		g := &groups[i]
		if g.Suppressed {
			if err := emit(resultRow{group: g}); err != nil {
				return err
			}
			continue
		}
		for _, q := range results.Questions(def) {
			qr := g.Questions[q.ID]
			if qr.Suppressed || len(qr.Counts) == 0 {
				if err := emit(resultRow{group: g, question: q, qr: qr}); err != nil {
					return err
				}
				continue
			}
			for _, k := range answerKeys(q, qr.Counts) {
				if err := emit(resultRow{group: g, question: q, qr: qr, answer: k}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// resultsCSVHeader names the columns of results.csv. They are stable
// machine names; the *_name, *_label and *_text columns are in the
// requested language.
var resultsCSVHeader = []string{"survey", "neighborhood", "neighborhood_name", "split_question", "split", "split_label",
	"group_n", "group_suppressed", "question", "question_text", "question_n", "question_suppressed",
	"answer", "answer_label", "count", "percent", "mean"}

// exportResultsCSV streams results.csv: the results view of the request
// (the same parameters as the JSON) in long form, one line per group,
// question and answer, for pivot tables.
func (s *Server) exportResultsCSV(c *echo.Context) error {
	req, err := s.readResultsRequest(c)
	if err != nil {
		return err
	}
	res, err := s.compute(c, req)
	if err != nil {
		return err
	}
	s.audit(c, auth.ActionResultsExport, req.rec.Slug, map[string]string{"format": "csv", "query": c.QueryString()})
	lab := s.labelerFor(c, &req.rec.Survey)
	out, err := newCSV(startDownload(c, req.rec.Slug, "results", "csv", "text/csv; charset=utf-8"))
	if err != nil {
		return s.streamFailed(c, "results.csv", err)
	}
	if err := out.row(resultsCSVHeader...); err != nil {
		return s.streamFailed(c, "results.csv", err)
	}
	var splitQ *surveys.Question
	if res.Split != nil {
		splitQ, _ = req.rec.Question(*res.Split)
	}
	err = resultRows(&req.rec.Survey, res, func(r resultRow) error {
		return out.row(resultCSVLine(lab, req.rec.Slug, splitQ, r)...)
	})
	if err == nil {
		err = out.close()
	}
	return s.streamFailed(c, "results.csv", err)
}

func resultCSVLine(lab labeler, slug string, splitQ *surveys.Question, r resultRow) []string {
	g := r.group
	line := make([]string, len(resultsCSVHeader))
	line[0], line[1], line[2] = slug, g.Neighborhood, safeCell(lab.neighborhood(g.Neighborhood))
	if g.Split != nil && splitQ != nil {
		line[3], line[4], line[5] = splitQ.ID, *g.Split, safeCell(lab.split(splitQ, *g.Split))
	}
	line[6], line[7] = strconv.FormatInt(g.N, 10), strconv.FormatBool(g.Suppressed)
	if r.question == nil {
		return line
	}
	q, qr := r.question, r.qr
	line[8], line[9], line[10], line[11] = q.ID, safeCell(lab.question(q)), strconv.FormatInt(qr.N, 10), strconv.FormatBool(qr.Suppressed)
	if qr.Suppressed {
		return line
	}
	if r.answer != "" {
		n := qr.Counts[r.answer]
		line[12], line[13], line[14] = safeCell(r.answer), safeCell(lab.answer(q, r.answer)), strconv.FormatInt(n, 10)
		line[15] = formatPercent(n, qr.N)
	}
	if qr.Mean != nil {
		line[16] = strconv.FormatFloat(*qr.Mean, 'f', -1, 64)
	}
	return line
}

// formatPercent is n of total as a percentage with one decimal.
func formatPercent(n, total int64) string {
	if total == 0 {
		return ""
	}
	return strconv.FormatFloat(percent(n, total), 'f', 1, 64)
}

func percent(n, total int64) float64 {
	if total == 0 {
		return 0
	}
	return float64(int64(float64(n)*1000/float64(total)+0.5)) / 10
}
