// Package handlers is canvass's HTTP face: resident forms, the SMS webhook,
// the JSON API and the staff pages, one file per area. Handlers are methods
// on Server, whose fields are the narrow interfaces they call; cmd/canvass
// wires the concrete store into them.
package handlers

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/locales"
	"canvass/surveys"
)

// SurveyStore is what the survey API needs of the database.
type SurveyStore interface {
	Survey(ctx context.Context, slug string) (*surveys.Record, error)
	Surveys(ctx context.Context) ([]*surveys.Record, error)
	OpenSurveys(ctx context.Context) ([]*surveys.Record, error)
	CreateSurvey(ctx context.Context, def *surveys.Survey, source string) (*surveys.Record, error)
	UpdateSurvey(ctx context.Context, def *surveys.Survey, source string) (*surveys.Record, error)
	SetSurveyStatus(ctx context.Context, slug string, status surveys.Status) (*surveys.Record, error)
}

// Pinger checks that the database answers.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Options are the settings handlers need.
type Options struct {
	// PublicURL is the base URL residents and Twilio use, without a slash
	// at the end.
	PublicURL string
	// TrustedProxies are CIDRs whose X-Forwarded-For is believed.
	TrustedProxies []string
}

// Server holds what the handlers depend on.
type Server struct {
	Surveys   SurveyStore
	Health    Pinger
	Auth      auth.Authenticator
	Bootstrap *auth.BootstrapToken
	Catalog   *locales.Catalog
	Logger    *slog.Logger
	Options   Options
}

// Handler builds the routes. Call it once at start-up.
func (s *Server) Handler() http.Handler {
	e := echo.New()
	e.Logger = s.Logger
	e.HTTPErrorHandler = s.handleError
	e.IPExtractor = ipExtractor(s.Options.TrustedProxies)
	e.Use(s.recoverPanics, s.logRequests)
	s.registerHealthRoutes(e)
	s.registerSurveyAPIRoutes(e.Group("/api/v1"))
	return e
}
