package handlers

import (
	"bytes"
	"context"
	"net/http"

	"github.com/labstack/echo/v5"
	"github.com/labstack/echo/v5/middleware"

	"canvass/auth"
	"canvass/surveys"
	"canvass/web"
)

// UserStore is what sign-in and user administration need of the database.
type UserStore interface {
	CountUsers(ctx context.Context) (int64, error)
	User(ctx context.Context, id string) (*auth.User, error)
	UserByEmail(ctx context.Context, email string) (*auth.User, error)
	Users(ctx context.Context) ([]*auth.User, error)
	CreateUser(ctx context.Context, u *auth.User) error
	CreateFirstAdmin(ctx context.Context, u *auth.User) error
	UpdateUser(ctx context.Context, id string, ch auth.UserChange) (*auth.User, error)
	SetPassword(ctx context.Context, id, hash string) error
	RecordLogin(ctx context.Context, id string) error
}

// SessionStore keeps server-side sessions, keyed by the token's hash.
type SessionStore interface {
	CreateLogin(ctx context.Context, l *auth.Login) error
	UseLogin(ctx context.Context, id string) (*auth.Login, error)
	DeleteLogin(ctx context.Context, id string) error
	DeleteUserLogins(ctx context.Context, userID string) (int64, error)
	UserLogins(ctx context.Context, userID string) ([]*auth.Login, error)
	SweepLogins(ctx context.Context) (int64, error)
}

// TokenStore keeps per-user API tokens, keyed by the token's hash.
type TokenStore interface {
	CreateAPIToken(ctx context.Context, t *auth.APIToken) error
	UserAPITokens(ctx context.Context, userID string) ([]*auth.APIToken, error)
	DeleteAPIToken(ctx context.Context, userID, publicID string) (*auth.APIToken, error)
	DeleteUserAPITokens(ctx context.Context, userID string) (int64, error)
}

// AuditLog appends and lists audit entries. Other areas record through
// s.audit, never AppendAudit directly, so every entry has who and where.
type AuditLog interface {
	AppendAudit(ctx context.Context, e *auth.AuditEntry) error
	Audit(ctx context.Context, f auth.AuditFilter) ([]*auth.AuditEntry, error)
}

// DailyCounter reads today's response counts of a survey.
type DailyCounter interface {
	TodayCounts(ctx context.Context, slug string) (*surveys.DayCounts, error)
	// Today is the current day, YYYY-MM-DD in the server's time zone.
	Today() string
}

// maxAdminFormBytes bounds an organizer's post: a survey upload
// (maxDefinitionBytes) plus the multipart framing around it.
const maxAdminFormBytes = maxDefinitionBytes + 64<<10

// registerAdminRoutes adds the organizer, staff and admin pages. Each
// route names its permission; require decides, auth.Allowed is the table.
func (s *Server) registerAdminRoutes(e *echo.Echo) {
	if s.Web == nil || s.Users == nil {
		return
	}
	g := e.Group("/admin", s.adminContext, middleware.BodyLimit(maxAdminFormBytes))
	g.GET("", s.adminHome, s.require(auth.AccountSelf))
	s.registerAdminSurveyRoutes(g)
	s.registerAdminSeriesRoutes(g)
	s.registerPosterRoutes(g)
	s.registerAdminUserRoutes(g)
	s.registerAuditRoutes(g)
	a := e.Group("/account", s.adminContext, middleware.BodyLimit(64<<10))
	s.registerAccountRoutes(a)
}

// adminHome sends each role where its work is.
func (s *Server) adminHome(c *echo.Context) error {
	p := currentPrincipal(c)
	switch {
	case p.Can(auth.SurveysRead):
		return c.Redirect(http.StatusSeeOther, "/admin/surveys")
	default:
		return c.Redirect(http.StatusSeeOther, "/account")
	}
}

// adminContext runs first on every staff page: English-first pages in the
// reader's language when the catalog has it, errors as pages, and headers
// that keep the pages to this origin and out of frames.
func (s *Server) adminContext(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		c.Set(localizerKey, s.Catalog.Localizer(adminLanguage(c, s.Catalog)))
		c.Set(errorRendererKey, ErrorRenderer(s.renderAdminError))
		h := c.Response().Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "SAMEORIGIN")
		h.Add("Vary", "Accept-Language, Cookie")
		return next(c)
	}
}

// adminPage is what every staff page's data holds: the layout's Page, who
// is signed in, the CSRF token for its forms and the navigation.
type adminPage struct {
	web.Page
	User    *auth.Principal
	CSRF    string
	Section string // the navigation entry to mark as current
	// Done is a one-line confirmation of what the last action did.
	Done string
}

// Can reports whether the signed-in user holds a permission (for showing
// links and buttons; the routes themselves are guarded by require).
func (p adminPage) Can(perm string) bool { return p.User.Can(auth.Permission(perm)) }

// newAdminPage builds the common data of a staff page titled by a message.
func (s *Server) newAdminPage(c *echo.Context, section, titleID string, data map[string]any) adminPage {
	loc := s.localizer(c)
	lang := adminLanguage(c, s.Catalog)
	p := adminPage{
		Page:    web.NewPage(lang, loc, loc.T(titleID, data)+" · canvass"),
		User:    currentPrincipal(c),
		CSRF:    pageCSRF(c),
		Section: section,
	}
	if id, ok := doneMessages[c.QueryParam("done")]; ok {
		p.Done = loc.T(id, nil)
	}
	return p
}

// doneMessages are the confirmations a redirect after a post may ask for
// with ?done=; only these render, so a link cannot put words on the page.
var doneMessages = map[string]string{
	"saved":           "admin.done.saved",
	"created":         "admin.done.created",
	"opened":          "admin.done.opened",
	"closed":          "admin.done.closed",
	"replaced":        "admin.done.replaced",
	"user":            "admin.done.user",
	"revoked":         "admin.done.revoked",
	"signout":         "admin.done.signed_out_everywhere",
	"password":        "admin.done.password",
	"password_tokens": "admin.done.password_tokens",
}

// renderAdmin renders a staff page with a status.
func (s *Server) renderAdmin(c *echo.Context, status int, name string, data any) error {
	var buf bytes.Buffer
	if err := s.Web.Render(&buf, name, data); err != nil {
		return err
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// adminErrorView is the data of admin/error.
type adminErrorView struct {
	adminPage
	Heading string
	Message string
	Status  int
}

// renderAdminError shows an error as a staff page in the reader's language.
func (s *Server) renderAdminError(c *echo.Context, de *surveys.Error, status int) error {
	if !wantsPage(c) {
		return errNotAPage
	}
	loc := s.localizer(c)
	v := adminErrorView{
		adminPage: s.newAdminPage(c, "", "admin.error.title", nil),
		Heading:   loc.T("admin.error.title", nil),
		Message:   loc.T(de.MessageID, de.Data),
		Status:    status,
	}
	if p, _ := s.principal(c); p != nil {
		v.User = p
	}
	return s.renderAdmin(c, status, "admin/error", v)
}

// errNotAPage makes handleError fall back to JSON for API-style clients
// of staff routes (scripts with tokens).
var errNotAPage = surveys.Errorf(surveys.ErrInternal, "error.internal", nil)
