package handlers

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/reports"
	"canvass/results"
	"canvass/surveys"
)

// maxSeriesBytes bounds a PUT /api/v1/series/{series} body.
const maxSeriesBytes = 64 << 10

// seriesJSON is GET /api/v1/series/{series}: its rounds and targets.
type seriesJSON struct {
	*results.Series
	Rounds []seriesRound `json:"rounds"`
}

type seriesRound struct {
	Survey    string         `json:"survey"`
	Round     string         `json:"round"`
	Status    surveys.Status `json:"status"`
	Responses int64          `json:"responses"`
	OpenedAt  time.Time      `json:"opened_at,omitzero"`
	ClosedAt  time.Time      `json:"closed_at,omitzero"`
}

// seriesRounds loads a series' opened rounds; a series with none is not
// found.
func (s *Server) seriesRounds(c *echo.Context) ([]*surveys.Record, error) {
	rounds, err := s.Results.SeriesRounds(c.Request().Context(), c.Param("series"))
	if err != nil {
		return nil, err
	}
	p := currentPrincipal(c)
	rounds = slices.DeleteFunc(rounds, func(r *surveys.Record) bool { return !reports.Sees(p, &r.Survey) })
	if len(rounds) == 0 {
		return nil, surveys.Errorf(surveys.ErrNotFound, "series.not_found", map[string]any{"Series": c.Param("series")})
	}
	return rounds, nil
}

func (s *Server) getSeries(c *echo.Context) error {
	rounds, err := s.seriesRounds(c)
	if err != nil {
		return err
	}
	set, err := s.Results.Series(c.Request().Context(), c.Param("series"))
	if err != nil {
		return err
	}
	out := seriesJSON{Series: set, Rounds: []seriesRound{}}
	for _, r := range rounds {
		n, err := s.Reports.Total(c.Request().Context(), currentPrincipal(c), r)
		if err != nil {
			return err
		}
		out.Rounds = append(out.Rounds, seriesRound{Survey: r.Slug, Round: r.Round, Status: r.Status, Responses: n, OpenedAt: r.OpenedAt, ClosedAt: r.ClosedAt})
	}
	return c.JSON(http.StatusOK, out)
}

// putSeries sets a series' targets, replacing them all:
//
//	PUT /api/v1/series/safety
//	{"targets": [{"question": "safe_day", "top": ["4","5"], "change": 30,
//	  "unit": "percent", "by": "Fall 2027", "label": {"en": "30% more feel safe"}}]}
func (s *Server) putSeries(c *echo.Context) error {
	rounds, err := s.seriesRounds(c)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(io.LimitReader(c.Request().Body, maxSeriesBytes+1))
	if err != nil {
		return surveys.Errorf(surveys.ErrInvalid, "error.bad_request", nil)
	}
	if len(body) > maxSeriesBytes {
		return echo.ErrStatusRequestEntityTooLarge
	}
	var set results.Series
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&set); err != nil {
		return surveys.Problems{{Path: "", MessageID: "series.body_invalid", Data: map[string]any{"Error": err.Error()}}}
	}
	set.Series = c.Param("series")
	saved, err := s.saveSeries(c, rounds, &set)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, saved)
}

// saveSeries checks a series' targets against its rounds and stores them,
// with who saved them and an audit entry: the API and the series page
// both save through it. Problems come back as surveys.Problems.
func (s *Server) saveSeries(c *echo.Context, rounds []*surveys.Record, set *results.Series) (*results.Series, error) {
	set.UpdatedBy = principalName(currentPrincipal(c))
	if set.Targets == nil {
		set.Targets = []results.Target{}
	}
	defs := make([]*surveys.Survey, len(rounds))
	for i, r := range rounds {
		defs[i] = &r.Survey
	}
	if p := results.ValidateSeries(set, defs); len(p) > 0 {
		return nil, p
	}
	saved, err := s.Results.SetSeries(c.Request().Context(), set)
	if err != nil {
		return nil, err
	}
	s.audit(c, auth.ActionSurveyUpdate, "series:"+set.Series, map[string]string{"targets": jsonString(set.Targets)})
	return saved, nil
}

func principalName(p *auth.Principal) string {
	switch {
	case p == nil:
		return ""
	case p.Email != "":
		return p.Email
	}
	return p.ID
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// compareSeries is GET /api/v1/series/{series}/compare?question=&top=4,5:
// every round's results, suppressed as in every other view, reduced to the
// share giving a top answer. top may be left out when the series has a
// target for the question, whose top answers are then used.
func (s *Server) compareSeries(c *echo.Context) error {
	cmp, err := s.comparison(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, cmp)
}

func (s *Server) comparison(c *echo.Context) (*results.Comparison, error) {
	rounds, err := s.seriesRounds(c)
	if err != nil {
		return nil, err
	}
	var top []string
	for _, v := range strings.Split(c.QueryParam("top"), ",") {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(top, v) {
			top = append(top, v)
		}
	}
	return s.Reports.Compare(c.Request().Context(), currentPrincipal(c), c.Param("series"), rounds, c.QueryParam("question"), top, c.QueryParam("min_n"))
}
