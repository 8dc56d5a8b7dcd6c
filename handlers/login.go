package handlers

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v5"
	"github.com/labstack/echo/v5/middleware"

	"canvass/auth"
	"canvass/surveys"
)

const loginPath = "/login"

// registerLoginRoutes adds sign-in, sign-out and the first-start page.
func (s *Server) registerLoginRoutes(e *echo.Echo) {
	if s.Web == nil || s.Users == nil || s.Sessions == nil {
		return
	}
	s.logins = newLoginLimiter()
	limit := middleware.BodyLimit(16 << 10)
	e.GET(loginPath, s.showLogin, s.adminContext)
	e.POST(loginPath, s.postLogin, s.adminContext, limit)
	e.POST("/logout", s.postLogout, s.adminContext, limit)
	e.GET("/setup", s.showSetup, s.adminContext)
	e.POST("/setup", s.postSetup, s.adminContext, limit)
}

// loginView is the data of admin/login.
type loginView struct {
	adminPage
	Email string
	Next  string
	Error string
	// SetupURL is shown while no user exists yet.
	SetupURL string
}

func (s *Server) showLogin(c *echo.Context) error {
	if p, _ := s.principal(c); p != nil && p.Via == auth.ViaSession {
		return c.Redirect(http.StatusSeeOther, s.afterLogin(c.QueryParam("next")))
	}
	return s.renderLogin(c, http.StatusOK, "", c.QueryParam("next"), "")
}

func (s *Server) renderLogin(c *echo.Context, status int, email, next, errID string) error {
	v := loginView{adminPage: s.newAdminPage(c, "", "admin.login.title", nil), Email: email, Next: localPath(next)}
	if errID != "" {
		v.Error = s.localizer(c).T(errID, map[string]any{"Minutes": int(loginWindow.Minutes())})
	}
	if n, err := s.Users.CountUsers(c.Request().Context()); err == nil && n == 0 {
		v.SetupURL = "/setup"
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return s.renderAdmin(c, status, "admin/login", v)
}

// postLogin signs a user in. Every refusal reads the same ("email or
// password is wrong") and costs the same argon2id time, so the answer
// does not tell whether an address has an account.
func (s *Server) postLogin(c *echo.Context) error {
	if err := s.checkCSRF(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	email := auth.NormalizeEmail(c.FormValue("email"))
	password := c.FormValue("password")
	next := c.FormValue("next")
	try := s.loginAttemptOf(c, email)
	if wait := s.logins.admit(try); wait > 0 {
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		return s.renderLogin(c, http.StatusTooManyRequests, email, next, "login.too_many")
	}
	if len(password) > auth.MaxPasswordLen || email == "" {
		s.logins.failed(try)
		return s.renderLogin(c, http.StatusUnauthorized, email, next, "login.failed")
	}
	u, err := s.Users.UserByEmail(ctx, email)
	if err != nil && !surveys.IsNotFound(err) {
		return err
	}
	if u == nil {
		auth.BurnPasswordTime(password)
		s.logins.failed(try)
		return s.renderLogin(c, http.StatusUnauthorized, email, next, "login.failed")
	}
	ok, verr := auth.VerifyPassword(u.PasswordHash, password)
	if verr != nil || !ok || u.Disabled {
		s.logins.failed(try)
		s.auditAs(c, nil, auth.ActionLoginFailed, u.Email, nil)
		return s.renderLogin(c, http.StatusUnauthorized, email, next, "login.failed")
	}
	s.logins.succeeded(try)
	s.rememberDevice(c, u.Email)
	if auth.NeedsRehash(u.PasswordHash) {
		if h, err := auth.HashPassword(password); err == nil {
			_ = s.Users.SetPassword(ctx, u.ID, h)
		}
	}
	if err := s.startSession(c, u); err != nil {
		return err
	}
	s.auditAs(c, u.Principal(), auth.ActionLogin, u.Email, nil)
	return c.Redirect(http.StatusSeeOther, s.afterLogin(next))
}

// startSession signs u in on this browser with a new session; any session
// the browser had is ended first (no session fixation).
func (s *Server) startSession(c *echo.Context, u *auth.User) error {
	ctx := c.Request().Context()
	if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
		_ = s.Sessions.DeleteLogin(ctx, auth.HashToken(ck.Value))
	}
	// Sessions only pile up through sign-ins, so sweeping here keeps the
	// collection to one lifetime's worth without a background job.
	if _, err := s.Sessions.SweepLogins(ctx); err != nil {
		s.Logger.Warn("sweeping expired sessions failed", "err", err)
	}
	token := auth.NewSessionToken()
	ua := c.Request().UserAgent()
	if len(ua) > 200 {
		ua = ua[:200]
	}
	l := &auth.Login{ID: auth.HashToken(token), UserID: u.ID, IP: c.RealIP(), UserAgent: ua}
	if err := s.Sessions.CreateLogin(ctx, l); err != nil {
		return err
	}
	if err := s.Users.RecordLogin(ctx, u.ID); err != nil {
		s.Logger.Warn("recording a sign-in failed", "err", err)
	}
	setSessionCookie(c, token)
	c.Set(sessionTokenKey, token)
	return nil
}

// afterLogin is where a signed-in browser goes: the page it asked for, or
// the staff home.
func (s *Server) afterLogin(next string) string {
	if p := localPath(next); p != "" && !strings.HasPrefix(p, loginPath) {
		return p
	}
	return "/admin"
}

// postLogout ends this browser's session. It needs the session's CSRF
// token, so another site cannot sign a user out.
func (s *Server) postLogout(c *echo.Context) error {
	p, err := s.principal(c)
	if err != nil {
		return err
	}
	if p != nil && p.Via == auth.ViaSession {
		if err := s.checkCSRF(c); err != nil {
			return err
		}
		token, _ := c.Get(sessionTokenKey).(string)
		if err := s.Sessions.DeleteLogin(c.Request().Context(), auth.HashToken(token)); err != nil {
			return err
		}
		s.auditAs(c, p, auth.ActionLogout, p.Email, nil)
	}
	clearSessionCookie(c)
	return c.Redirect(http.StatusSeeOther, loginPath)
}
