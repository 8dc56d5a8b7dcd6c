package handlers

import (
	"io"
	"net/http"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/surveys"
)

// getBoundaries returns a survey's neighborhood outlines as uploaded.
func (s *Server) getBoundaries(c *echo.Context) error {
	b, err := s.Results.Boundaries(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "application/geo+json", b)
}

// putBoundaries stores a survey's neighborhood outlines: a GeoJSON
// FeatureCollection with one Polygon or MultiPolygon feature per
// neighborhood, its "id" property the neighborhood's ID (as QGIS or
// geojson.io export them once that property is added):
//
//	curl -X PUT -H 'Authorization: Bearer …' --data-binary @areas.geojson \
//	  https://canvass.example.org/api/v1/surveys/safety-spring-2026/boundaries
//
// Every problem is reported at once (422); a neighborhood left without an
// outline is a warning, and its map area stays blank.
func (s *Server) putBoundaries(c *echo.Context) error {
	ctx := c.Request().Context()
	rec, err := s.Results.Survey(ctx, c.Param("slug"))
	if err != nil {
		return err
	}
	body, err := io.ReadAll(io.LimitReader(c.Request().Body, surveys.MaxBoundariesBytes+1))
	if err != nil {
		return surveys.Errorf(surveys.ErrInvalid, "error.bad_request", nil)
	}
	if len(body) > surveys.MaxBoundariesBytes {
		return echo.ErrStatusRequestEntityTooLarge
	}
	b, problems, err := s.storeBoundaries(c, rec, body)
	if err != nil {
		return err
	}
	if b == nil {
		return problems
	}
	return c.JSON(http.StatusOK, map[string]any{"survey": rec.Slug, "features": len(b.Features),
		"warnings": s.problemsJSON(s.localizer(c), problems.Warnings())})
}

// storeBoundaries checks an uploaded boundaries file against the survey
// and stores it, with an audit entry, when it has no errors (every
// problem is returned either way): the API and the boundaries page both
// store through it.
func (s *Server) storeBoundaries(c *echo.Context, rec *surveys.Record, raw []byte) (*surveys.Boundaries, surveys.Problems, error) {
	b, problems := surveys.ParseBoundaries(&rec.Survey, raw)
	if len(problems.Errors()) > 0 || b == nil {
		return nil, problems, nil
	}
	if err := s.Results.SetBoundaries(c.Request().Context(), rec.Slug, raw, principalName(currentPrincipal(c))); err != nil {
		return nil, nil, err
	}
	s.audit(c, auth.ActionSurveyUpdate, rec.Slug, map[string]string{"boundaries": "set"})
	return b, problems, nil
}

func (s *Server) deleteBoundaries(c *echo.Context) error {
	if err := s.Results.DeleteBoundaries(c.Request().Context(), c.Param("slug")); err != nil {
		return err
	}
	s.audit(c, auth.ActionSurveyUpdate, c.Param("slug"), map[string]string{"boundaries": "deleted"})
	return c.NoContent(http.StatusNoContent)
}
