// Package handlers is canvass's HTTP face: resident forms, the SMS webhook,
// the JSON API and the staff pages, one file per area. Handlers are methods
// on Server, whose fields are the narrow interfaces they call; cmd/canvass
// wires the concrete store into them.
package handlers

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/authoring"
	"canvass/locales"
	"canvass/poster"
	"canvass/reports"
	"canvass/surveys"
	"canvass/web"
)

// SurveyStore is what reading surveys needs (pages and the API); changing
// them goes through Authoring.
type SurveyStore interface {
	Survey(ctx context.Context, slug string) (*surveys.Record, error)
	Surveys(ctx context.Context) ([]*surveys.Record, error)
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
	// SMSNumber is the number residents text (TWILIO_FROM), shown on
	// posters; empty when SMS is off or the sender is a service SID.
	SMSNumber string
	// TrustedProxies are CIDRs whose X-Forwarded-For is believed.
	TrustedProxies []string
	// FormPostsPerMinute and FormPostBurst limit resident form submissions
	// per client IP (pages get four times as many); zero means 30 a minute
	// with bursts of 20.
	FormPostsPerMinute float64
	FormPostBurst      int
	// Contact is the program's contact (CANVASS_CONTACT), for surveys that
	// name none: SMS HELP replies and the home page give it.
	Contact string
	// FormSurveyTTL is how long the form keeps a survey in memory before
	// reading it again; zero means 2 s, negative reads it every time.
	FormSurveyTTL time.Duration
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
	// Forms is what the resident form needs of the database.
	Forms FormStore
	// Web renders HTML pages and serves the static assets.
	Web *web.Site
	// Users, Sessions and Tokens are the staff accounts, their server-side
	// sessions and their API tokens; Audit records and lists staff
	// actions (areas call s.audit); Daily has today's response counts.
	Users    UserStore
	Sessions SessionStore
	Tokens   TokenStore
	Audit    AuditLog
	Daily    DailyCounter
	// SMS turns on the Twilio webhook; nil (TWILIO_AUTH_TOKEN unset)
	// leaves its routes out, so they answer 404.
	SMS *SMSConfig
	// Invite is contacts, invitations and results back by SMS; nil leaves
	// their routes out.
	Invite *InviteConfig
	// Results is results, series comparisons, boundaries and exports; nil
	// leaves their routes out.
	Results ResultsStore
	// Authoring checks, saves, opens and closes survey definitions.
	Authoring *authoring.Service
	// Reports reads results as each viewer may see them: pages, exports,
	// the public page and the texts that send results back.
	Reports *reports.Service
	// logins limits sign-in attempts; Handler makes it.
	logins *loginLimiter
	// posterPNG draws poster PNGs; Handler makes it.
	posterPNG *poster.Renderer
	// formLocalizers keeps resident pages' localizers, one per language;
	// registerFormRoutes makes it.
	formLocalizers *localizerMemo
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
	s.registerFormRoutes(e)
	s.registerLoginRoutes(e)
	s.registerAdminRoutes(e)
	s.registerSMSRoutes(e)
	s.registerInvitationRoutes(e)
	s.registerResultsRoutes(e)
	return e
}
