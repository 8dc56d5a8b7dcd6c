package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/surveys"
)

// maxSeriesBytes bounds a PUT /api/v1/series/{series} body.
const maxSeriesBytes = 64 << 10

// seriesJSON is GET /api/v1/series/{series}: its rounds and targets.
type seriesJSON struct {
	*surveys.Series
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
		n, err := s.shownResponses(c.Request().Context(), currentPrincipal(c), r)
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
	var set surveys.Series
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&set); err != nil {
		return surveys.Problems{{Path: "", MessageID: "series.body_invalid", Data: map[string]any{"Error": err.Error()}}}
	}
	set.Series, set.UpdatedBy = c.Param("series"), principalName(currentPrincipal(c))
	if set.Targets == nil {
		set.Targets = []surveys.Target{}
	}
	defs := make([]*surveys.Survey, len(rounds))
	for i, r := range rounds {
		defs[i] = &r.Survey
	}
	if p := surveys.ValidateSeries(&set, defs); len(p) > 0 {
		return p
	}
	saved, err := s.Results.SetSeries(c.Request().Context(), &set)
	if err != nil {
		return err
	}
	s.audit(c, auth.ActionSurveyUpdate, "series:"+set.Series, map[string]string{"targets": jsonString(set.Targets)})
	return c.JSON(http.StatusOK, saved)
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

func (s *Server) comparison(c *echo.Context) (*surveys.Comparison, error) {
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
	return s.seriesComparison(c.Request().Context(), currentPrincipal(c), c.Param("series"), rounds, c.QueryParam("question"), top, c.QueryParam("min_n"))
}

// seriesComparison compares rounds on question's top answers (the series
// target's when top is empty), each round's results computed for p with
// its own min_n, raised to minN where that is higher.
func (s *Server) seriesComparison(ctx context.Context, p *auth.Principal, series string, rounds []*surveys.Record, question string, top []string, minN string) (*surveys.Comparison, error) {
	set, err := s.Results.Series(ctx, series)
	if err != nil {
		return nil, err
	}
	var target *surveys.Target
	for i := range set.Targets {
		if set.Targets[i].Matches(question, top) {
			target = &set.Targets[i]
			break
		}
	}
	if len(top) == 0 && target != nil {
		top = target.Top
	}
	if err := checkComparison(rounds, question, top); err != nil {
		return nil, err
	}
	out := make([]surveys.Round, 0, len(rounds))
	for _, rec := range rounds {
		view, err := surveys.ParseView(&rec.Survey, func(k string) string {
			if k == "min_n" {
				return raisedMinN(minN, rec.MinN)
			}
			return ""
		}, time.Local)
		if err != nil {
			return nil, err
		}
		res, err := s.compute(ctx, &resultsRequest{rec: rec, view: view, opts: resultsOptions(p), live: seesLiveResults(p)})
		if err != nil {
			return nil, err
		}
		date := rec.OpenedAt
		if date.IsZero() {
			date = rec.CreatedAt
		}
		out = append(out, surveys.Round{Def: &rec.Survey, Date: date, Results: res})
	}
	return surveys.Compare(series, question, top, out, target), nil
}

// raisedMinN passes on a requested min_n only where it raises a round's
// own: rounds may differ, and one request must not fail for the round with
// the higher threshold.
func raisedMinN(requested string, own int) string {
	if requested == "" {
		return ""
	}
	if n, err := strconv.Atoi(requested); err == nil && n <= own {
		return ""
	}
	return requested
}

// checkComparison checks the question and its top answers against the
// latest round that asks it.
func checkComparison(rounds []*surveys.Record, question string, top []string) error {
	if question == "" {
		return surveys.Problems{{Path: "question", MessageID: "series.question_required"}}
	}
	for i := len(rounds) - 1; i >= 0; i-- {
		if q, ok := rounds[i].Question(question); ok {
			if p := surveys.CheckTop(q, top, "top"); len(p) > 0 {
				return p
			}
			return nil
		}
	}
	return surveys.Problems{{Path: "question", MessageID: "series.question_unknown", Data: map[string]any{"Question": question}}}
}
