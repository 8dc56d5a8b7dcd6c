package handlers

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/surveys"
)

// setupView is the data of admin/setup: the first-start page that creates
// the first admin. It proves the visitor runs the installation by asking
// for CANVASS_ADMIN_TOKEN, and exists only while no user does.
type setupView struct {
	adminPage
	// TokenSet is false when no CANVASS_ADMIN_TOKEN is configured: the
	// page then explains the two ways to create the first admin.
	TokenSet bool
	Email    string
	Problems []string
}

func (s *Server) showSetup(c *echo.Context) error {
	if done, err := s.setupDone(c); err != nil || done {
		return err
	}
	return s.renderSetup(c, http.StatusOK, "", nil)
}

// setupDone redirects to the sign-in page once any user exists.
func (s *Server) setupDone(c *echo.Context) (bool, error) {
	n, err := s.Users.CountUsers(c.Request().Context())
	if err != nil {
		return false, err
	}
	if n > 0 {
		return true, c.Redirect(http.StatusSeeOther, loginPath)
	}
	return false, nil
}

func (s *Server) renderSetup(c *echo.Context, status int, email string, problems []string) error {
	v := setupView{
		adminPage: s.newAdminPage(c, "", "admin.setup.title", nil),
		TokenSet:  s.bootstrapSet(),
		Email:     email,
		Problems:  problems,
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return s.renderAdmin(c, status, "admin/setup", v)
}

// bootstrapSet reports whether CANVASS_ADMIN_TOKEN is configured.
func (s *Server) bootstrapSet() bool {
	return s.Bootstrap != nil && s.Bootstrap.Set()
}

// postSetup creates the first admin and signs them in. The token guess is
// rate limited like a sign-in, per address.
func (s *Server) postSetup(c *echo.Context) error {
	if err := s.checkCSRF(c); err != nil {
		return err
	}
	if done, err := s.setupDone(c); err != nil || done {
		return err
	}
	if !s.bootstrapSet() {
		return s.renderSetup(c, http.StatusForbidden, "", nil)
	}
	ipKey := "setup|" + formRateKey(c.RealIP())
	if wait := s.logins.wait(ipKey, loginFailsPerPair); wait > 0 {
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		return surveys.Errorf(surveys.ErrTooMany, "login.too_many", map[string]any{"Minutes": int(loginWindow.Minutes())})
	}
	loc := s.localizer(c)
	email := auth.NormalizeEmail(c.FormValue("email"))
	password := c.FormValue("password")
	if !s.Bootstrap.Match(c.FormValue("token")) {
		s.logins.add(ipKey)
		return s.renderSetup(c, http.StatusUnauthorized, email, []string{loc.T("setup.token_wrong", nil)})
	}
	var problems []string
	if id := auth.EmailProblem(email); id != "" {
		problems = append(problems, loc.T(id, nil))
	}
	if id := auth.PasswordProblem(password, email); id != "" {
		problems = append(problems, loc.T(id, map[string]any{"Min": auth.MinPasswordLen, "Max": auth.MaxPasswordLen}))
	} else if password != c.FormValue("password2") {
		problems = append(problems, loc.T("password.mismatch", nil))
	}
	if len(problems) > 0 {
		return s.renderSetup(c, http.StatusUnprocessableEntity, email, problems)
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	u := &auth.User{Email: email, Role: auth.RoleAdmin, PasswordHash: hash}
	if err := s.Users.CreateFirstAdmin(c.Request().Context(), u); err != nil {
		if surveys.ErrorCode(err) == surveys.ErrConflict {
			return c.Redirect(http.StatusSeeOther, loginPath)
		}
		return err
	}
	if err := s.startSession(c, u); err != nil {
		return err
	}
	s.auditAs(c, u.Principal(), auth.ActionSetupFirstAdmin, u.Email, map[string]string{"role": string(u.Role)})
	return c.Redirect(http.StatusSeeOther, "/admin")
}
