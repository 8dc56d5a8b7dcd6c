package handlers

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/surveys"
)

const (
	principalKey = "canvass.principal"
	// authnKey caches the request's authentication (even a failed one),
	// so pages that look at who is signed in authenticate once.
	authnKey = "canvass.authn"
	// sessionTokenKey holds the raw session token of a cookie-signed-in
	// request: its CSRF token and sign-out derive from it.
	sessionTokenKey = "canvass.sessionToken"
)

// authn is the outcome of authenticating one request.
type authn struct {
	p   *auth.Principal
	err error
}

// require is the one authentication and authorization check: it finds the
// request's principal (bearer token, API token or session cookie) and lets
// the request through only if that principal holds the permission. Every
// protected route goes through it, so the policy lives in auth.Allowed
// alone. A browser without a session is sent to the sign-in page; an API
// client gets 401. A cookie-authenticated request that changes something
// must also carry the session's CSRF token.
func (s *Server) require(perm auth.Permission) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			p, err := s.principal(c)
			if err != nil {
				return err
			}
			if p == nil {
				if wantsPage(c) {
					return redirectToLogin(c)
				}
				c.Response().Header().Set("WWW-Authenticate", `Bearer realm="canvass"`)
				return surveys.Errorf(surveys.ErrUnauthorized, "error.unauthorized", nil)
			}
			if p.Via == auth.ViaSession && !safeMethod(c.Request().Method) {
				if err := s.checkCSRF(c); err != nil {
					return err
				}
			}
			if !p.Can(perm) {
				return surveys.Errorf(surveys.ErrForbidden, "error.forbidden", nil)
			}
			// What one person may see must not be kept by a shared cache
			// or the browser's back button after sign-out.
			c.Response().Header().Set("Cache-Control", "private, no-store")
			c.Set(principalKey, p)
			return next(c)
		}
	}
}

// principal authenticates the request, or returns nil when it carries no
// valid credentials. An Authorization header wins over a cookie, and a
// wrong one is not retried as a cookie.
func (s *Server) principal(c *echo.Context) (*auth.Principal, error) {
	if a, ok := c.Get(authnKey).(authn); ok {
		return a.p, a.err
	}
	var a authn
	if h := c.Request().Header.Get("Authorization"); h != "" {
		a.p, a.err = s.bearerPrincipal(c, h)
	} else if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
		a.p, a.err = s.sessionPrincipal(c, ck.Value)
	}
	c.Set(authnKey, a)
	return a.p, a.err
}

// bearerPrincipal accepts the bootstrap admin token or a user's API token.
func (s *Server) bearerPrincipal(c *echo.Context, header string) (*auth.Principal, error) {
	token, ok := strings.CutPrefix(header, "Bearer ")
	token = strings.TrimSpace(token)
	if !ok || token == "" {
		return nil, nil
	}
	if s.Bootstrap != nil && s.Bootstrap.Match(token) {
		return s.Bootstrap.Principal(), nil
	}
	if s.Auth == nil {
		return nil, nil
	}
	p, err := s.Auth.Authenticate(c.Request().Context(), token)
	if surveys.ErrorCode(err) == surveys.ErrUnauthorized || surveys.IsNotFound(err) {
		return nil, nil
	}
	return p, err
}

// sessionPrincipal accepts a live session of an enabled user. The user is
// read on every request, so a role change or a disabled account takes
// effect at once, not at the next sign-in.
func (s *Server) sessionPrincipal(c *echo.Context, token string) (*auth.Principal, error) {
	if s.Sessions == nil || s.Users == nil {
		return nil, nil
	}
	ctx := c.Request().Context()
	l, err := s.Sessions.UseLogin(ctx, auth.HashToken(token))
	if surveys.IsNotFound(err) {
		clearSessionCookie(c)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	u, err := s.Users.User(ctx, l.UserID)
	if surveys.IsNotFound(err) || (err == nil && u.Disabled) {
		_ = s.Sessions.DeleteLogin(ctx, l.ID)
		clearSessionCookie(c)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	p := u.Principal()
	p.Via = auth.ViaSession
	c.Set(sessionTokenKey, token)
	return p, nil
}

// currentPrincipal is the principal require let through.
func currentPrincipal(c *echo.Context) *auth.Principal {
	p, _ := c.Get(principalKey).(*auth.Principal)
	return p
}

// wantsPage reports whether the request comes from a browser expecting a
// page, not an API client: API paths never redirect.
func wantsPage(c *echo.Context) bool {
	r := c.Request()
	return !strings.HasPrefix(r.URL.Path, "/api/") && strings.Contains(r.Header.Get("Accept"), "text/html")
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// redirectToLogin sends a browser to the sign-in page, to come back to the
// page it asked for (a GET only: a form post cannot be replayed).
func redirectToLogin(c *echo.Context) error {
	target := loginPath
	if c.Request().Method == http.MethodGet {
		target += "?next=" + url.QueryEscape(c.Request().URL.RequestURI())
	}
	return c.Redirect(http.StatusSeeOther, target)
}

// localPath returns next when it is a path on this site, else "": a
// sign-in link must not bounce a user to another site.
func localPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || strings.ContainsAny(next, "\r\n") {
		return ""
	}
	return next
}
