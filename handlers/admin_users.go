package handlers

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/ids"
	"canvass/surveys"
)

func (s *Server) registerAdminUserRoutes(g *echo.Group) {
	manage := s.require(auth.UsersManage)
	g.GET("/users", s.showUsers, manage)
	g.POST("/users", s.postUser, manage)
	g.GET("/users/:id", s.showUser, manage)
	g.POST("/users/:id", s.postUserChange, manage)
	g.POST("/users/:id/password", s.postUserPassword, manage)
	g.POST("/users/:id/sessions/revoke", s.postUserSessionsRevoke, manage)
	g.POST("/users/:id/tokens/:token/revoke", s.postUserTokenRevoke, manage)
}

// usersView is the data of admin/users and admin/user.
type usersView struct {
	adminPage
	Users    []*auth.User
	Account  *auth.User
	Tokens   []*auth.APIToken
	Sessions []*auth.Login
	Roles    []auth.Role
	Form     userForm
	Problems []string
	// NewPassword is shown once, right after it was set.
	NewPassword string
}

// userForm echoes an add or edit form back after a problem.
type userForm struct {
	Email, Name, Role, Neighborhoods string
	Disabled                         bool
}

// readUserForm reads the fields shared by the add and edit forms and says
// what is wrong with them.
func (s *Server) readUserForm(c *echo.Context) (userForm, []string) {
	loc := s.localizer(c)
	f := userForm{
		Email:         auth.NormalizeEmail(c.FormValue("email")),
		Name:          strings.TrimSpace(c.FormValue("name")),
		Role:          c.FormValue("role"),
		Neighborhoods: strings.TrimSpace(c.FormValue("neighborhoods")),
		Disabled:      c.FormValue("disabled") == "on",
	}
	var problems []string
	if !auth.Role(f.Role).Valid() {
		problems = append(problems, loc.T("user.role_invalid", nil))
	}
	if len(f.Name) > 100 {
		problems = append(problems, loc.T("user.name_too_long", map[string]any{"Max": 100}))
	}
	for _, id := range splitList(f.Neighborhoods) {
		if !ids.Valid(id) {
			problems = append(problems, loc.T("user.neighborhood_invalid", map[string]any{"ID": id}))
		}
	}
	return f, problems
}

// splitList splits "a, b c" into ["a" "b" "c"].
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == '\t' })
}

func (s *Server) showUsers(c *echo.Context) error {
	return s.renderUsers(c, http.StatusOK, userForm{Role: string(auth.RoleOrganizer)}, nil, "")
}

func (s *Server) renderUsers(c *echo.Context, status int, f userForm, problems []string, newPassword string) error {
	users, err := s.Users.Users(c.Request().Context())
	if err != nil {
		return err
	}
	v := usersView{adminPage: s.newAdminPage(c, "users", "admin.users.title", nil), Users: users, Roles: auth.Roles, Form: f, Problems: problems, NewPassword: newPassword}
	c.Response().Header().Set("Cache-Control", "no-store")
	return s.renderAdmin(c, status, "admin/users", v)
}

// postUser adds a user with a generated password, shown once to the admin
// to pass on; the user changes it on their account page.
func (s *Server) postUser(c *echo.Context) error {
	f, problems := s.readUserForm(c)
	if id := auth.EmailProblem(f.Email); id != "" {
		problems = append([]string{s.localizer(c).T(id, nil)}, problems...)
	}
	if len(problems) > 0 {
		return s.renderUsers(c, http.StatusUnprocessableEntity, f, problems, "")
	}
	password := auth.GeneratePassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	u := &auth.User{Email: f.Email, Name: f.Name, Role: auth.Role(f.Role), PasswordHash: hash}
	if u.Role == auth.RolePartner {
		u.Neighborhoods = splitList(f.Neighborhoods)
	}
	if err := s.Users.CreateUser(c.Request().Context(), u); err != nil {
		if surveys.ErrorCode(err) == surveys.ErrConflict {
			return s.renderUsers(c, http.StatusConflict, f, []string{s.localizer(c).T("user.exists", map[string]any{"Email": f.Email})}, "")
		}
		return err
	}
	s.audit(c, auth.ActionUserCreate, u.Email, map[string]string{"role": string(u.Role)})
	return s.renderUsers(c, http.StatusCreated, userForm{Role: string(auth.RoleOrganizer)}, nil, password)
}

func (s *Server) showUser(c *echo.Context) error {
	return s.renderUser(c, http.StatusOK, nil, nil, "")
}

func (s *Server) renderUser(c *echo.Context, status int, f *userForm, problems []string, newPassword string) error {
	ctx := c.Request().Context()
	u, err := s.Users.User(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	v := usersView{adminPage: s.newAdminPage(c, "users", "admin.user.title", map[string]any{"Email": u.Email}), Account: u, Roles: auth.Roles, Problems: problems, NewPassword: newPassword}
	if v.Tokens, err = s.Tokens.UserAPITokens(ctx, u.ID); err != nil {
		return err
	}
	if v.Sessions, err = s.Sessions.UserLogins(ctx, u.ID); err != nil {
		return err
	}
	v.Form = userForm{Email: u.Email, Name: u.Name, Role: string(u.Role), Neighborhoods: strings.Join(u.Neighborhoods, ", "), Disabled: u.Disabled}
	if f != nil {
		v.Form = *f
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return s.renderAdmin(c, status, "admin/user", v)
}

// postUserChange changes a user's name, role, neighborhoods or access. A
// disabled user is signed out everywhere at once.
func (s *Server) postUserChange(c *echo.Context) error {
	ctx := c.Request().Context()
	u, err := s.Users.User(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	f, problems := s.readUserForm(c)
	f.Email = u.Email
	role := auth.Role(f.Role)
	if len(problems) == 0 && u.Role == auth.RoleAdmin && (role != auth.RoleAdmin || f.Disabled) {
		if last, err := s.lastAdmin(ctx, u.ID); err != nil {
			return err
		} else if last {
			problems = append(problems, s.localizer(c).T("user.last_admin", nil))
		}
	}
	if len(problems) > 0 {
		return s.renderUser(c, http.StatusUnprocessableEntity, &f, problems, "")
	}
	hoods := []string{}
	if role == auth.RolePartner {
		hoods = splitList(f.Neighborhoods)
	}
	ch := auth.UserChange{Name: &f.Name, Role: &role, Neighborhoods: &hoods, Disabled: &f.Disabled}
	if _, err := s.Users.UpdateUser(ctx, u.ID, ch); err != nil {
		return err
	}
	detail := map[string]string{}
	if auth.ChangeRevokes(u, ch) {
		n, err := auth.RevokeAccess(ctx, s.revoker(), u.ID)
		if err != nil {
			return err
		}
		addRevoked(detail, n)
	}
	if role != u.Role {
		detail["role"] = string(u.Role) + " → " + string(role)
	}
	if f.Disabled != u.Disabled {
		detail["disabled"] = strconv.FormatBool(f.Disabled)
	}
	if !slices.Equal(hoods, u.Neighborhoods) && (len(hoods) > 0 || len(u.Neighborhoods) > 0) {
		detail["neighborhoods"] = strings.Join(hoods, ",")
	}
	s.audit(c, auth.ActionUserUpdate, u.Email, detail)
	return c.Redirect(http.StatusSeeOther, "/admin/users/"+u.ID+"?done=user")
}

// lastAdmin reports whether id is the only enabled admin: demoting or
// disabling them would lock everyone out of user administration.
func (s *Server) lastAdmin(ctx context.Context, id string) (bool, error) {
	users, err := s.Users.Users(ctx)
	if err != nil {
		return false, err
	}
	for _, u := range users {
		if u.ID != id && u.Role == auth.RoleAdmin && !u.Disabled {
			return false, nil
		}
	}
	return true, nil
}

// postUserPassword gives a user a new generated password (shown once),
// signs them out everywhere and revokes their API tokens.
func (s *Server) postUserPassword(c *echo.Context) error {
	ctx := c.Request().Context()
	u, err := s.Users.User(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	password := auth.GeneratePassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	if err := s.Users.SetPassword(ctx, u.ID, hash); err != nil {
		return err
	}
	n, err := auth.RevokeAccess(ctx, s.revoker(), u.ID)
	if err != nil {
		return err
	}
	detail := map[string]string{"by": "admin"}
	addRevoked(detail, n)
	s.audit(c, auth.ActionUserPassword, u.Email, detail)
	return s.renderUser(c, http.StatusOK, nil, nil, password)
}

func (s *Server) postUserSessionsRevoke(c *echo.Context) error {
	ctx := c.Request().Context()
	u, err := s.Users.User(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	n, err := s.Sessions.DeleteUserLogins(ctx, u.ID)
	if err != nil {
		return err
	}
	s.audit(c, auth.ActionSessionsRevoke, u.Email, map[string]string{"sessions": strconv.FormatInt(n, 10)})
	return c.Redirect(http.StatusSeeOther, "/admin/users/"+u.ID+"?done=signout")
}

func (s *Server) postUserTokenRevoke(c *echo.Context) error {
	ctx := c.Request().Context()
	u, err := s.Users.User(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	t, err := s.Tokens.DeleteAPIToken(ctx, u.ID, c.Param("token"))
	if err != nil {
		return err
	}
	s.audit(c, auth.ActionTokenRevoke, u.Email, map[string]string{"token": t.PublicID, "name": t.Name})
	return c.Redirect(http.StatusSeeOther, "/admin/users/"+u.ID+"?done=revoked")
}

// accessRevoker is the two stores auth.RevokeAccess clears.
type accessRevoker struct {
	SessionStore
	TokenStore
}

func (s *Server) revoker() accessRevoker { return accessRevoker{s.Sessions, s.Tokens} }

// addRevoked notes in an audit entry's detail what a revocation ended.
func addRevoked(detail map[string]string, n auth.Revoked) {
	detail["sessions_ended"] = strconv.FormatInt(n.Sessions, 10)
	detail["tokens_revoked"] = strconv.FormatInt(n.Tokens, 10)
}
