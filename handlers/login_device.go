package handlers

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/labstack/echo/v5"

	"canvass/ids"
)

// deviceCookie marks a browser that signed in to an account before. It
// lets that browser keep trying when a guesser with many addresses has
// used up the account's allowance (login_limit.go). It proves nothing on
// its own, grants nothing, and is bound to one email: the password is
// still checked.
const (
	deviceCookie = "__Host-canvass_device"
	deviceMaxAge = 90 * 24 * 60 * 60 // seconds
)

// deviceSigner makes and checks device cookies with a key made at start:
// a restart forgets every device, which costs an owner under attack at
// most one window's wait on their usual browser. Nothing is stored.
type deviceSigner struct{ key []byte }

func newDeviceSigner() deviceSigner {
	return deviceSigner{key: ids.Bytes(32)}
}

// issue returns a new cookie value for email: a random nonce and its MAC.
func (d deviceSigner) issue(email string) string {
	n := ids.Token(16)
	return n + "." + d.mac(email, n)
}

// nonce returns the nonce of a cookie value issued for email, or "".
func (d deviceSigner) nonce(value, email string) string {
	n, mac, ok := strings.Cut(value, ".")
	if !ok || n == "" || !hmac.Equal([]byte(mac), []byte(d.mac(email, n))) {
		return ""
	}
	return n
}

func (d deviceSigner) mac(email, nonce string) string {
	m := hmac.New(sha256.New, d.key)
	m.Write([]byte(email + "\x00" + nonce))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// loginAttemptOf describes a sign-in request for the limits.
func (s *Server) loginAttemptOf(c *echo.Context, email string) loginAttempt {
	a := loginAttempt{address: formRateKey(c.RealIP()), email: email}
	if ck, err := c.Cookie(deviceCookie); err == nil {
		a.device = s.logins.devices.nonce(ck.Value, email)
	}
	return a
}

// rememberDevice marks this browser as one email signed in from.
func (s *Server) rememberDevice(c *echo.Context, email string) {
	c.SetCookie(&http.Cookie{Name: deviceCookie, Value: s.logins.devices.issue(email), Path: "/", Secure: true, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, MaxAge: deviceMaxAge})
}
