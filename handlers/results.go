package handlers

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/reports"
	"canvass/results"
	"canvass/surveys"
)

// ResultsStore is what the results area needs of the database besides
// reading results (Server.Reports): surveys and their responses for
// exports, series and their targets, boundaries, rebuilding counters.
type ResultsStore interface {
	Survey(ctx context.Context, slug string) (*surveys.Record, error)
	Surveys(ctx context.Context) ([]*surveys.Record, error)
	EachResponseIn(ctx context.Context, slug string, from, to time.Time, fn func(*surveys.Response) error) error
	RebuildTallies(ctx context.Context, slug string) (results.RebuildReport, error)
	SeriesStore
	BoundaryStore
}

// SeriesStore keeps a series' rounds and targets.
type SeriesStore interface {
	SeriesRounds(ctx context.Context, name string) ([]*surveys.Record, error)
	Series(ctx context.Context, name string) (*results.Series, error)
	SetSeries(ctx context.Context, s *results.Series) (*results.Series, error)
}

// BoundaryStore keeps a survey's neighborhood boundaries (GeoJSON).
type BoundaryStore interface {
	Boundaries(ctx context.Context, slug string) ([]byte, error)
	SetBoundaries(ctx context.Context, slug string, geojson []byte, by string) error
	DeleteBoundaries(ctx context.Context, slug string) error
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
	g.GET("/surveys/:slug/results.gpkg", s.exportResultsGeoPackage, read)
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
	view results.View
	// live: the viewer sees live numbers (reports.Live).
	live bool
}

// readResultsRequest loads the survey and reads the view the viewer asks
// for from the query.
func (s *Server) readResultsRequest(c *echo.Context) (*resultsRequest, error) {
	rec, err := s.Results.Survey(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return nil, err
	}
	p := currentPrincipal(c)
	if !reports.Sees(p, &rec.Survey) {
		return nil, surveys.Errorf(surveys.ErrNotFound, "results.not_your_neighborhoods", nil)
	}
	view, err := s.Reports.ParseView(p, rec, c.QueryParam)
	if err != nil {
		return nil, err
	}
	return &resultsRequest{rec: rec, view: view, live: reports.Live(p)}, nil
}

// compute reads the request's results as the signed-in viewer may see them.
func (s *Server) compute(c *echo.Context, r *resultsRequest) (*results.Results, error) {
	return s.Reports.Results(c.Request().Context(), currentPrincipal(c), r.rec, r.view)
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
	res, err := s.compute(c, req)
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
