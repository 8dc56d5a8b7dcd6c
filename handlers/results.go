package handlers

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/store"
	"canvass/surveys"
)

// ResultsStore is what results, series comparisons and exports need of the
// database.
type ResultsStore interface {
	Survey(ctx context.Context, slug string) (*surveys.Record, error)
	Surveys(ctx context.Context) ([]*surveys.Record, error)
	ViewTallies(ctx context.Context, rec *surveys.Record, view surveys.View) (*surveys.ViewTallies, error)
	PublishedTallies(ctx context.Context, rec *surveys.Record, view surveys.View) (*surveys.ViewTallies, error)
	EachResponseIn(ctx context.Context, slug string, from, to time.Time, fn func(*surveys.Response) error) error
	SeriesRounds(ctx context.Context, name string) ([]*surveys.Record, error)
	Series(ctx context.Context, name string) (*surveys.Series, error)
	SetSeries(ctx context.Context, s *surveys.Series) (*surveys.Series, error)
	Boundaries(ctx context.Context, slug string) ([]byte, error)
	SetBoundaries(ctx context.Context, slug string, geojson []byte, by string) error
	DeleteBoundaries(ctx context.Context, slug string) error
	RebuildTallies(ctx context.Context, slug string) (store.RebuildReport, error)
}

func (s *Server) registerResultsRoutes(e *echo.Echo) {
	if s.Results == nil {
		return
	}
	g := e.Group("/api/v1")
	read, raw, write := s.require(auth.ResultsRead), s.require(auth.ResponsesRead), s.require(auth.SurveysWrite)
	g.GET("/surveys/:slug/results", s.getResults, read)
	g.GET("/surveys/:slug/results.csv", s.exportResultsCSV, read)
	g.GET("/surveys/:slug/results.xlsx", s.exportResultsXLSX, read)
	g.GET("/surveys/:slug/results.geojson", s.exportResultsGeoJSON, read)
	g.POST("/surveys/:slug/results/rebuild", s.rebuildResults, write)
	g.GET("/surveys/:slug/responses.csv", s.exportResponsesCSV, raw)
	g.GET("/surveys/:slug/responses.xlsx", s.exportResponsesXLSX, raw)
	g.GET("/surveys/:slug/responses.ndjson", s.exportResponsesNDJSON, raw)
	g.GET("/surveys/:slug/boundaries", s.getBoundaries, read)
	g.PUT("/surveys/:slug/boundaries", s.putBoundaries, write)
	g.DELETE("/surveys/:slug/boundaries", s.deleteBoundaries, write)
	g.GET("/series/:series", s.getSeries, read)
	g.PUT("/series/:series", s.putSeries, write)
	g.GET("/series/:series/compare", s.compareSeries, read)
	s.registerResultsPages(e)
}

// resultsRequest is a results view asked for by one viewer.
type resultsRequest struct {
	rec  *surveys.Record
	view surveys.View
	opts surveys.ResultsOptions
	// live reads the numbers as they stand; otherwise the published ones
	// (surveys/results_publish.go), which change only in steps of min_n.
	live bool
}

// readResultsRequest loads the survey and reads the view from the query.
func (s *Server) readResultsRequest(c *echo.Context) (*resultsRequest, error) {
	rec, err := s.Results.Survey(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return nil, err
	}
	view, err := surveys.ParseView(&rec.Survey, c.QueryParam, time.Local)
	if err != nil {
		return nil, err
	}
	p := currentPrincipal(c)
	req := &resultsRequest{rec: rec, view: view, opts: resultsOptions(p), live: seesLiveResults(p)}
	if problems := surveys.CheckPublished(view); !req.live && len(problems) > 0 {
		return nil, problems
	}
	return req, nil
}

// seesLiveResults: watching live numbers before and after one submission
// shows what that person answered, which only those who may read every
// response anyway may do; everyone else sees published numbers.
func seesLiveResults(p *auth.Principal) bool { return p.Can(auth.ResponsesRead) }

// resultsOptions limits a partner to their neighborhoods (auth.Principal);
// everyone else sees all.
func resultsOptions(p *auth.Principal) surveys.ResultsOptions {
	if p != nil && len(p.Neighborhoods) > 0 {
		return surveys.ResultsOptions{Neighborhoods: p.Neighborhoods}
	}
	return surveys.ResultsOptions{}
}

// compute reads the counts a request needs, live or published, and
// applies suppression.
func (s *Server) compute(ctx context.Context, r *resultsRequest) (*surveys.Results, error) {
	read := s.Results.PublishedTallies
	if r.live {
		read = s.Results.ViewTallies
	}
	t, err := read(ctx, r.rec, r.view)
	if err != nil {
		return nil, err
	}
	return surveys.ComputeResults(&r.rec.Survey, r.view, t, r.opts), nil
}

// getResults is GET /api/v1/surveys/{slug}/results: design.md's Results
// JSON. `by=neighborhood` is accepted as the only grouping there is.
func (s *Server) getResults(c *echo.Context) error {
	if by := c.QueryParam("by"); by != "" && by != "neighborhood" {
		return surveys.Problems{{Path: "by", MessageID: "results.by_invalid", Data: map[string]any{"By": by}}}
	}
	req, err := s.readResultsRequest(c)
	if err != nil {
		return err
	}
	res, err := s.compute(c.Request().Context(), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}

// rebuildResults recomputes a survey's live counters from its responses
// inside the running server, through its one writer: the safe way to
// rebuild an embedded database while it serves.
func (s *Server) rebuildResults(c *echo.Context) error {
	ctx := c.Request().Context()
	if _, err := s.Results.Survey(ctx, c.Param("slug")); err != nil {
		return err
	}
	rep, err := s.Results.RebuildTallies(ctx, c.Param("slug"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"survey": c.Param("slug"), "responses": rep.Responses, "rewritten": rep.Counters,
		"unchanged": rep.Unchanged, "removed": rep.Removed, "attempts": rep.Attempts})
}
