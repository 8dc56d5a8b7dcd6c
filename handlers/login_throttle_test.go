package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"canvass/handlers"
)

// newProxiedStaffApp trusts the test client as a reverse proxy, so each
// request names its client address in X-Forwarded-For.
func newProxiedStaffApp(t *testing.T) *staffApp {
	return newStaffApp(t, withChange(func(s *handlers.Server) { s.Options.TrustedProxies = []string{"127.0.0.1/32", "::1/128"} }))
}

// loginFrom signs b in from the client address addr.
func loginFrom(b *browser, addr, email, password string) page {
	b.t.Helper()
	form := b.get("/login")
	return b.post("/login", url.Values{"_csrf": {csrf(b.t, form)}, "email": {email}, "password": {password}}, "X-Forwarded-For", addr)
}

// TestLoginOwnerNotLockedOut guesses an account's password from five
// addresses: the owner still signs in from a sixth, while one address
// that keeps guessing is stopped.
func TestLoginOwnerNotLockedOut(t *testing.T) {
	t.Parallel()
	a := newProxiedStaffApp(t)
	for i := 1; i <= 5; i++ {
		expect(t, fmt.Sprintf("wrong password from address %d", i), loginFrom(a.browser(), fmt.Sprintf("203.0.113.%d", i), "admin@example.org", "not the password"),
			http.StatusUnauthorized)
	}
	expect(t, "the owner from a sixth address", loginFrom(a.browser(), "198.51.100.6", "admin@example.org", staffPassword), http.StatusSeeOther)

	for i := range 4 {
		expect(t, fmt.Sprintf("guess %d more from address 1", i+2), loginFrom(a.browser(), "203.0.113.1", "admin@example.org", "guess"), http.StatusUnauthorized)
	}
	p := loginFrom(a.browser(), "203.0.113.1", "admin@example.org", staffPassword)
	expect(t, "a sixth try from address 1, even right", p, http.StatusTooManyRequests, "Too many sign-in attempts")
	if p.Header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	// Address 1 may still sign in to another account: only the pair is held.
	expect(t, "another account from address 1", loginFrom(a.browser(), "203.0.113.1", "staff@example.org", staffPassword), http.StatusSeeOther)
}

// TestLoginGuessedFromManyAddresses spreads guesses over enough addresses
// to use up the account's allowance: a new browser then waits, the
// owner's own browser (which signed in before) does not, and a device
// cookie of another account does not help a guesser.
func TestLoginGuessedFromManyAddresses(t *testing.T) {
	t.Parallel()
	a := newProxiedStaffApp(t)
	owner := a.browser()
	expect(t, "the owner signs in at work", loginFrom(owner, "198.51.100.1", "admin@example.org", staffPassword), http.StatusSeeOther)
	expect(t, "and signs out", owner.post("/logout", url.Values{"_csrf": {csrf(t, owner.get("/account"))}}), http.StatusSeeOther)
	guesser := a.browser()
	expect(t, "the guesser signs in to their own account", loginFrom(guesser, "203.0.113.200", "partner@example.org", staffPassword), http.StatusSeeOther)
	expect(t, "and signs out", guesser.post("/logout", url.Values{"_csrf": {csrf(t, guesser.get("/account"))}}), http.StatusSeeOther)

	for i := 1; i <= 20; i++ {
		expect(t, fmt.Sprintf("guess from address %d", i), loginFrom(a.browser(), fmt.Sprintf("203.0.113.%d", i), "admin@example.org", "guess"), http.StatusUnauthorized)
	}
	expect(t, "a new browser at a new address", loginFrom(a.browser(), "203.0.113.99", "admin@example.org", staffPassword), http.StatusTooManyRequests)
	expect(t, "the guesser's browser, with its own account's cookie", loginFrom(guesser, "203.0.113.98", "admin@example.org", "guess"), http.StatusTooManyRequests)
	expect(t, "the owner's browser, from home", loginFrom(owner, "198.51.100.2", "admin@example.org", staffPassword), http.StatusSeeOther)
}
