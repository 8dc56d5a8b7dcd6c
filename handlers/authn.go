package handlers

import (
	"strings"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/surveys"
)

const principalKey = "canvass.principal"

// require is the one authentication and authorization check: it finds the
// request's principal (bearer token) and lets the request through only if
// that principal holds the permission. Every protected route goes through
// it, so the policy lives in auth.Allowed alone.
func (s *Server) require(perm auth.Permission) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			p, err := s.principal(c)
			if err != nil {
				return err
			}
			if p == nil {
				c.Response().Header().Set("WWW-Authenticate", `Bearer realm="canvass"`)
				return surveys.Errorf(surveys.ErrUnauthorized, "error.unauthorized", nil)
			}
			if !p.Can(perm) {
				return surveys.Errorf(surveys.ErrForbidden, "error.forbidden", nil)
			}
			c.Set(principalKey, p)
			return next(c)
		}
	}
}

// principal authenticates the request, or returns nil when it carries no
// valid credentials.
func (s *Server) principal(c *echo.Context) (*auth.Principal, error) {
	h := c.Request().Header.Get("Authorization")
	token, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || token == "" {
		return nil, nil
	}
	token = strings.TrimSpace(token)
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

// currentPrincipal is the principal require let through.
func currentPrincipal(c *echo.Context) *auth.Principal {
	p, _ := c.Get(principalKey).(*auth.Principal)
	return p
}
