package handlers

import (
	"errors"
	"net"
	"net/http"
	"time"

	"github.com/labstack/echo/v5"
	"github.com/labstack/echo/v5/middleware"

	"canvass/surveys"
)

// maxFormBytes bounds a posted form: room for ten full-length text answers
// in a non-Latin script, URL-encoded (2,000 characters × up to 6 bytes).
const maxFormBytes = 128 << 10

const staticRoute = "/static/:name"

// Default per-IP limits of the resident form. Residents at one community
// event often share one router, hence the generous bursts.
const (
	defaultFormPostsPerMinute = 30
	defaultFormPostBurst      = 20
	pageLimitFactor           = 4 // pages per minute, relative to posts
)

// formRateStore is the part of Echo's in-memory rate limiter the POST
// handler calls itself, so a limited resident gets the form back with the
// answers still filled in, not an empty error page.
type formRateStore interface {
	AllowContext(c *echo.Context, identifier string) (bool, error)
}

// formLimiters returns the middleware limiting page views per IP and the
// store limiting submissions per IP. The client IP is c.RealIP(), which
// reads X-Forwarded-For only from the configured trusted proxies.
func (s *Server) formLimiters() (echo.MiddlewareFunc, formRateStore) {
	perMinute, burst := s.Options.FormPostsPerMinute, s.Options.FormPostBurst
	if perMinute <= 0 {
		perMinute = defaultFormPostsPerMinute
	}
	if burst <= 0 {
		burst = defaultFormPostBurst
	}
	posts := middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
		Rate: perMinute / 60, Burst: burst, ExpiresIn: 10 * time.Minute,
	})
	pageStore := middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
		Rate: pageLimitFactor * perMinute / 60, Burst: pageLimitFactor * burst, ExpiresIn: 10 * time.Minute,
	})
	pages := middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store:               pageStore,
		IdentifierExtractor: func(c *echo.Context) (string, error) { return formRateKey(c.RealIP()), nil },
		DenyHandler: func(c *echo.Context, _ string, _ error) error {
			return surveys.Errorf(surveys.ErrTooMany, "form.too_many_pages", nil)
		},
	})
	return pages, posts
}

// formRateKey is the rate-limit identity of a client address: the address
// itself for IPv4, its /64 network for IPv6, since one household or phone
// is given a whole /64 and can pick any address in it.
func formRateKey(ip string) string {
	parsed := net.ParseIP(ip)
	if parsed == nil || parsed.To4() != nil {
		return ip
	}
	return parsed.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// errCrossSite is a post that did not come from the form's own page.
func errCrossSite() error { return surveys.Errorf(surveys.ErrForbidden, "form.csrf", nil) }

// formCSRFLength is the length of the CSRF tokens the server makes (Echo's
// default), and of the one it uses when Fetch Metadata did the check
// (middleware.CSRFUsingSecFetchSite); the form page cache counts on it.
const formCSRFLength = 32

// formCSRF protects the form with Echo's CSRF middleware. Browsers that send
// Fetch Metadata are checked by Sec-Fetch-Site alone (same-origin passes,
// cross-site and same-site posts are refused); older browsers, common on
// old phones, fall back to a token in a cookie that the form repeats in a
// hidden field. Both work with JavaScript off.
func (s *Server) formCSRF() echo.MiddlewareFunc {
	return middleware.CSRFWithConfig(middleware.CSRFConfig{
		TokenLength:           formCSRFLength,
		TokenLookup:           "form:" + fieldCSRF,
		CookieName:            "canvass_csrf",
		CookiePath:            "/s/",
		CookieMaxAge:          7 * 24 * 3600, // a form left open for days still posts
		CookieHTTPOnly:        true,
		CookieSecure:          s.secureCookies(),
		CookieSameSite:        http.SameSiteLaxMode,
		AllowSecFetchSiteFunc: func(*echo.Context) (bool, error) { return false, errCrossSite() },
		ErrorHandler:          func(*echo.Context, error) error { return errCrossSite() },
	})
}

// csrfToken is the value of the form's hidden CSRF field.
func csrfToken(c *echo.Context) string {
	t, _ := c.Get("csrf").(string)
	return t
}

// readForm parses the (size-limited) body before anything reads a field,
// so an oversized form is a 413, not a missing CSRF token.
func readForm(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		if err := c.Request().ParseForm(); err != nil {
			var sc echo.HTTPStatusCoder
			if errors.As(err, &sc) && sc.StatusCode() == http.StatusRequestEntityTooLarge {
				return echo.ErrStatusRequestEntityTooLarge
			}
			return surveys.Errorf(surveys.ErrInvalid, "error.bad_request", nil)
		}
		return next(c)
	}
}

// formHeaders keeps resident pages to their own origin: no script, style,
// frame or form target from anywhere else.
func formHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		return next(c)
	}
}

// serveFavicon answers browsers that ask for /favicon.ico whatever the
// page says.
func (s *Server) serveFavicon(c *echo.Context) error {
	s.Web.ServeFile(c.Response(), c.Request(), "favicon.ico")
	return nil
}

// serveAsset serves a content-hashed static file of the web package.
func (s *Server) serveAsset(c *echo.Context) error {
	s.Web.ServeAsset(c.Response(), c.Request(), c.Param("name"))
	return nil
}
