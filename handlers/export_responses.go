package handlers

import (
	"bufio"
	"encoding/json"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/reports"
	"canvass/results"
	"canvass/surveys"
)

// Raw exports: one row per response, read from a streamed cursor and
// written at once, so memory stays flat at any number of responses. They
// are pseudonymized: no phone number (none is stored with a response, and
// ones typed into free text are masked), no submission key, and the SMS
// respondent pseudonym hashed again per survey. Filters: channel,
// language, from, to (days), as for results; a partner limited to some
// neighborhoods gets only theirs.

// responsesHeader is the fixed columns before the answer columns.
var responsesHeader = []string{"response", "respondent", "created_at", "version", "channel", "language", "neighborhood"}

// responseStream is a raw export being read: the survey, its columns and
// the filter.
type responseStream struct {
	rec     *surveys.Record
	view    results.View
	allowed []string
	cols    []results.ExportColumn
}

func (s *Server) readResponseStream(c *echo.Context, format string) (*responseStream, error) {
	req, err := s.readResultsRequest(c)
	if err != nil {
		return nil, err
	}
	s.audit(c, auth.ActionResponsesExport, req.rec.Slug, map[string]string{"format": format, "query": c.QueryString()})
	return &responseStream{rec: req.rec, view: req.view, allowed: reports.Limits(currentPrincipal(c)).Neighborhoods, cols: results.ExportColumns(&req.rec.Survey)}, nil
}

// each streams the responses in the export, oldest stored first.
func (s *Server) eachExported(c *echo.Context, rs *responseStream, fn func(*surveys.Response) error) error {
	return s.Results.EachResponseIn(c.Request().Context(), rs.rec.Slug, rs.view.From, rs.view.To, func(r *surveys.Response) error {
		if !rs.view.Includes(r) || (rs.allowed != nil && !slices.Contains(rs.allowed, r.Neighborhood)) {
			return nil
		}
		return fn(r)
	})
}

// fixedCells are a response's values in the fixed columns.
func fixedCells(slug string, r *surveys.Response) []string {
	return []string{results.ExportResponseID(r.ID), results.ExportRespondent(slug, r.Respondent),
		r.CreatedAt.UTC().Format(time.RFC3339), strconv.Itoa(r.Version), r.Channel, r.Language, r.Neighborhood}
}

// exportResponsesCSV streams responses.csv: machine column names (the
// question ID, "<question>.<option>" for each option of a multi question)
// and answer IDs, for analysis tools.
func (s *Server) exportResponsesCSV(c *echo.Context) error {
	rs, err := s.readResponseStream(c, "csv")
	if err != nil {
		return err
	}
	out, err := newCSV(startDownload(c, rs.rec.Slug, "responses", "csv", "text/csv; charset=utf-8"))
	if err != nil {
		return s.streamFailed(c, "responses.csv", err)
	}
	header := slices.Clone(responsesHeader)
	for _, col := range rs.cols {
		header = append(header, col.ID())
	}
	if err := out.row(header...); err != nil {
		return s.streamFailed(c, "responses.csv", err)
	}
	line := make([]string, len(header))
	err = s.eachExported(c, rs, func(r *surveys.Response) error {
		copy(line, fixedCells(rs.rec.Slug, r))
		for i, col := range rs.cols {
			line[len(responsesHeader)+i] = safeCell(col.Value(r))
		}
		return out.row(line...)
	})
	if err == nil {
		err = out.close()
	}
	return s.streamFailed(c, "responses.csv", err)
}

// ndjsonResponse is one line of responses.ndjson.
type ndjsonResponse struct {
	Response     string         `json:"response"`
	Respondent   string         `json:"respondent,omitempty"`
	CreatedAt    time.Time      `json:"created_at"`
	Version      int            `json:"version"`
	Channel      string         `json:"channel"`
	Language     string         `json:"language"`
	Neighborhood string         `json:"neighborhood,omitempty"`
	Answers      map[string]any `json:"answers"`
}

// exportResponsesNDJSON streams responses.ndjson: one JSON object per
// line, answers typed as stored (numbers, option IDs, lists of option
// IDs, redacted text).
func (s *Server) exportResponsesNDJSON(c *echo.Context) error {
	rs, err := s.readResponseStream(c, "ndjson")
	if err != nil {
		return err
	}
	buf := bufio.NewWriterSize(startDownload(c, rs.rec.Slug, "responses", "ndjson", "application/x-ndjson"), 64<<10)
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	err = s.eachExported(c, rs, func(r *surveys.Response) error {
		answers := make(map[string]any, len(r.Answers))
		for k, v := range r.Answers {
			if q, ok := rs.rec.Question(k); ok && q.Type == surveys.TypeText {
				if t, ok := v.(string); ok {
					v = results.RedactPhoneNumbers(t)
				}
			}
			answers[k] = v
		}
		return enc.Encode(ndjsonResponse{Response: results.ExportResponseID(r.ID), Respondent: results.ExportRespondent(rs.rec.Slug, r.Respondent),
			CreatedAt: r.CreatedAt.UTC(), Version: r.Version, Channel: r.Channel, Language: r.Language, Neighborhood: r.Neighborhood, Answers: answers})
	})
	if err == nil {
		err = buf.Flush()
	}
	return s.streamFailed(c, "responses.ndjson", err)
}
