package handlers

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/surveys"
)

// Cookies of signed-in staff. The __Host- prefix makes browsers insist on
// Secure, Path=/ and no Domain, so neither a sibling subdomain nor a
// plain-HTTP page can set or overwrite them. Browsers treat
// http://localhost as secure, so local development works too.
const (
	sessionCookie = "__Host-canvass_session"
	// preSessionCookie carries the CSRF secret of forms shown before
	// sign-in (sign-in and first-start pages): a double-submit token.
	preSessionCookie = "__Host-canvass_presession"
	// csrfField is the hidden form field (or X-CSRF-Token header) that
	// carries the CSRF token.
	csrfField  = "_csrf" // the same field name as the resident form's
	csrfHeader = "X-CSRF-Token"
)

func setSessionCookie(c *echo.Context, token string) {
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: token, Path: "/", Secure: true, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, MaxAge: int(auth.SessionMaxAge.Seconds())})
}

func clearSessionCookie(c *echo.Context) {
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: "", Path: "/", Secure: true, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// csrfToken is the token a signed-in page puts in its forms. It is derived
// from the session's own secret, so it needs no storage, changes with each
// sign-in, and cannot be computed by a page that cannot read the cookie.
func sessionCSRF(sessionToken string) string {
	h := sha256.Sum256([]byte("canvass-csrf|" + sessionToken))
	return base64.RawURLEncoding.EncodeToString(h[:])
}

// pageCSRF returns the CSRF token for the forms of the page being built:
// the session's, or before sign-in the pre-session cookie's (set here when
// the browser has none yet).
func pageCSRF(c *echo.Context) string {
	if t, ok := c.Get(sessionTokenKey).(string); ok {
		return sessionCSRF(t)
	}
	if ck, err := c.Cookie(preSessionCookie); err == nil && len(ck.Value) >= 32 {
		return sessionCSRF(ck.Value)
	}
	secret := auth.NewSessionToken()
	c.SetCookie(&http.Cookie{Name: preSessionCookie, Value: secret, Path: "/", Secure: true, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	return sessionCSRF(secret)
}

// checkCSRF refuses a state-changing browser request that another site
// could have made: one marked cross-site by the browser, from a foreign
// Origin, or without the token of this session (or pre-session).
func (s *Server) checkCSRF(c *echo.Context) error {
	r := c.Request()
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" || !s.sameOrigin(r) {
		return surveys.Errorf(surveys.ErrForbidden, "csrf.invalid", nil)
	}
	var secret string
	if t, ok := c.Get(sessionTokenKey).(string); ok {
		secret = t
	} else if ck, err := c.Cookie(preSessionCookie); err == nil {
		secret = ck.Value
	}
	got := r.Header.Get(csrfHeader)
	if got == "" {
		got = c.FormValue(csrfField)
	}
	want := sessionCSRF(secret)
	if secret == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return surveys.Errorf(surveys.ErrForbidden, "csrf.invalid", nil)
	}
	return nil
}

// sameOrigin reports whether the request's Origin, when the browser sent
// one, is this site: the public URL's host or the host it was sent to.
func (s *Server) sameOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	if u.Host == r.Host {
		return true
	}
	pub, err := url.Parse(s.Options.PublicURL)
	return err == nil && u.Host == pub.Host
}
