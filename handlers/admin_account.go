package handlers

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/surveys"
)

// tokenExpiryDays are the lifetimes offered for a new API token (0: until
// revoked).
var tokenExpiryDays = []int{30, 90, 365, 0}

func (s *Server) registerAccountRoutes(g *echo.Group) {
	self := s.require(auth.AccountSelf)
	g.GET("", s.showAccount, self)
	g.POST("/password", s.postOwnPassword, self)
	g.POST("/tokens", s.postOwnToken, self)
	g.POST("/tokens/:token/revoke", s.postRevokeOwnToken, self)
	g.POST("/sessions/revoke", s.postRevokeOwnSessions, self)
}

// accountView is the data of admin/account.
type accountView struct {
	adminPage
	Account  *auth.User // nil for the bootstrap token, which is no user
	Tokens   []*auth.APIToken
	Sessions []*auth.Login
	// CurrentSession is the hash of this browser's session.
	CurrentSession string
	// NewToken is shown once, right after it was made.
	NewToken    string
	ExpiryDays  []int
	Problems    []string
	TokenName   string
	PasswordMin int
}

func (s *Server) showAccount(c *echo.Context) error {
	return s.renderAccount(c, http.StatusOK, func(*accountView) {})
}

func (s *Server) renderAccount(c *echo.Context, status int, fill func(*accountView)) error {
	ctx := c.Request().Context()
	p := currentPrincipal(c)
	v := accountView{adminPage: s.newAdminPage(c, "account", "admin.account.title", nil), ExpiryDays: tokenExpiryDays, PasswordMin: auth.MinPasswordLen}
	if p.Via != auth.ViaBootstrap {
		u, err := s.Users.User(ctx, p.ID)
		if err != nil {
			return err
		}
		v.Account = u
		if v.Tokens, err = s.Tokens.UserAPITokens(ctx, u.ID); err != nil {
			return err
		}
		if v.Sessions, err = s.Sessions.UserLogins(ctx, u.ID); err != nil {
			return err
		}
		if t, ok := c.Get(sessionTokenKey).(string); ok {
			v.CurrentSession = auth.HashToken(t)
		}
	}
	fill(&v)
	c.Response().Header().Set("Cache-Control", "no-store")
	return s.renderAdmin(c, status, "admin/account", v)
}

// accountUser is the signed-in user; the bootstrap token has none.
func (s *Server) accountUser(c *echo.Context) (*auth.User, error) {
	p := currentPrincipal(c)
	if p.Via == auth.ViaBootstrap {
		return nil, surveys.Errorf(surveys.ErrForbidden, "account.bootstrap", nil)
	}
	return s.Users.User(c.Request().Context(), p.ID)
}

// postOwnPassword changes the user's password after checking the current
// one, and signs out every other session: whoever knew the old password
// may be signed in elsewhere. It revokes the user's API tokens too, for
// the same reason, unless they untick the box that asks (ticked by
// default; a form without it revokes).
func (s *Server) postOwnPassword(c *echo.Context) error {
	u, err := s.accountUser(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	loc := s.localizer(c)
	current, next := c.FormValue("current"), c.FormValue("password")
	var problems []string
	if ok, _ := auth.VerifyPassword(u.PasswordHash, current); !ok {
		problems = append(problems, loc.T("account.current_wrong", nil))
	} else if id := auth.PasswordProblem(next, u.Email); id != "" {
		problems = append(problems, loc.T(id, map[string]any{"Min": auth.MinPasswordLen, "Max": auth.MaxPasswordLen}))
	} else if next != c.FormValue("password2") {
		problems = append(problems, loc.T("password.mismatch", nil))
	}
	if len(problems) > 0 {
		return s.renderAccount(c, http.StatusUnprocessableEntity, func(v *accountView) { v.Problems = problems })
	}
	hash, err := auth.HashPassword(next)
	if err != nil {
		return err
	}
	if err := s.Users.SetPassword(ctx, u.ID, hash); err != nil {
		return err
	}
	detail, done := map[string]string{"by": "self"}, "password"
	if keepTokens(c) {
		if _, err := s.Sessions.DeleteUserLogins(ctx, u.ID); err != nil {
			return err
		}
		detail["tokens_kept"] = "true"
	} else {
		n, err := auth.RevokeAccess(ctx, s.revoker(), u.ID)
		if err != nil {
			return err
		}
		addRevoked(detail, n)
		done = "password_tokens"
	}
	if err := s.startSession(c, u); err != nil {
		return err
	}
	s.audit(c, auth.ActionUserPassword, u.Email, detail)
	return c.Redirect(http.StatusSeeOther, "/account?done="+done)
}

// keepTokens reads the password form's choice: the page sends "keep" and,
// while the box is ticked, "revoke" too. Only "keep" alone keeps the
// tokens, so a form that does not ask revokes them.
func keepTokens(c *echo.Context) bool {
	form, err := c.FormValues()
	if err != nil {
		return false
	}
	choice := form["tokens"]
	return len(choice) > 0 && !slices.Contains(choice, "revoke")
}

// postOwnToken makes an API token and shows it once.
func (s *Server) postOwnToken(c *echo.Context) error {
	u, err := s.accountUser(c)
	if err != nil {
		return err
	}
	name := strings.TrimSpace(c.FormValue("name"))
	if n := utf8.RuneCountInString(name); n == 0 || n > 60 {
		return s.renderAccount(c, http.StatusUnprocessableEntity, func(v *accountView) {
			v.Problems = []string{s.localizer(c).T("token.name_invalid", map[string]any{"Max": 60})}
			v.TokenName = name
		})
	}
	days, _ := strconv.Atoi(c.FormValue("days"))
	token := auth.NewAPIToken()
	t := &auth.APIToken{ID: auth.HashToken(token), UserID: u.ID, Name: name}
	if days > 0 && days <= 3650 {
		t.ExpiresAt = time.Now().UTC().AddDate(0, 0, days)
	}
	if err := s.Tokens.CreateAPIToken(c.Request().Context(), t); err != nil {
		return err
	}
	detail := map[string]string{"token": t.PublicID, "name": name}
	if days > 0 {
		detail["days"] = strconv.Itoa(days)
	}
	s.audit(c, auth.ActionTokenCreate, u.Email, detail)
	// Shown in this response only (no redirect): the token exists nowhere
	// else, and reloading must not show it again.
	return s.renderAccount(c, http.StatusCreated, func(v *accountView) { v.NewToken = token })
}

func (s *Server) postRevokeOwnToken(c *echo.Context) error {
	u, err := s.accountUser(c)
	if err != nil {
		return err
	}
	t, err := s.Tokens.DeleteAPIToken(c.Request().Context(), u.ID, c.Param("token"))
	if err != nil {
		return err
	}
	s.audit(c, auth.ActionTokenRevoke, u.Email, map[string]string{"token": t.PublicID, "name": t.Name})
	return c.Redirect(http.StatusSeeOther, "/account?done=revoked")
}

// postRevokeOwnSessions signs the user out everywhere, this browser too.
func (s *Server) postRevokeOwnSessions(c *echo.Context) error {
	u, err := s.accountUser(c)
	if err != nil {
		return err
	}
	n, err := s.Sessions.DeleteUserLogins(c.Request().Context(), u.ID)
	if err != nil {
		return err
	}
	s.audit(c, auth.ActionSessionsRevoke, u.Email, map[string]string{"sessions": strconv.FormatInt(n, 10)})
	clearSessionCookie(c)
	return c.Redirect(http.StatusSeeOther, loginPath)
}
