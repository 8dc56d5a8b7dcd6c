package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"canvass/auth"
	"canvass/surveys"
)

func TestLoginSetsHostCookie(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	b := a.browser()
	loginCSRF := csrf(t, b.get("/login"))
	p := b.post("/login", url.Values{"_csrf": {loginCSRF}, "email": {"Organizer@Example.org "}, "password": {staffPassword}}) // case and spaces do not matter
	if p.Status != http.StatusSeeOther || p.Location != "/admin" {
		t.Fatalf("sign-in: %d → %q; %.300s", p.Status, p.Location, p.Body)
	}
	var c *http.Cookie
	for _, x := range b.last {
		if x.Name == "__Host-canvass_session" {
			c = x
		}
	}
	if c == nil {
		t.Fatalf("no __Host- session cookie among %v", b.last)
	}
	if !c.Secure || !c.HttpOnly || c.Path != "/" || c.Domain != "" || c.SameSite != http.SameSiteLaxMode {
		t.Errorf("session cookie %+v: want Secure, HttpOnly, Path=/, no Domain, SameSite=Lax", c)
	}
	if strings.Contains(c.Value, a.Users[auth.RoleOrganizer].ID) || len(c.Value) < 40 {
		t.Errorf("session cookie value %q is not an opaque random token", c.Value)
	}
	// The database holds the token's hash only.
	if _, err := a.Store.UseLogin(context.Background(), c.Value); !surveys.IsNotFound(err) {
		t.Errorf("the raw token is a session key in the database: %v", err)
	}
	expect(t, "surveys page with the session", b.get("/admin/surveys"), http.StatusOK, "Neighborhood Safety", "organizer@example.org")
	// A session works for the JSON API too (from this site's pages).
	api := b.do("GET", "/api/v1/surveys", nil, "", "Accept", "application/json")
	expect(t, "API with the session", api, http.StatusOK, exampleSlug)
	// Signing in again replaces the session (no fixation).
	old := c.Value
	if p := b.get("/login"); p.Status != http.StatusSeeOther || p.Location != "/admin" {
		t.Errorf("sign-in page while signed in: %d → %q, want /admin", p.Status, p.Location)
	}
	p = b.post("/login", url.Values{"_csrf": {loginCSRF}, "email": {"organizer@example.org"}, "password": {staffPassword}})
	if p.Status != http.StatusSeeOther || b.cookies["__Host-canvass_session"] == old {
		t.Error("a second sign-in kept the old session token")
	}
	if _, err := a.Store.UseLogin(context.Background(), auth.HashToken(old)); !surveys.IsNotFound(err) {
		t.Errorf("the replaced session still exists: %v", err)
	}
}

// TestLoginDoesNotTell checks that an unknown email, a wrong password and
// a disabled account all get the same answer.
func TestLoginDoesNotTell(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	off := true
	if _, err := a.Store.UpdateUser(context.Background(), a.Users[auth.RoleStaff].ID, auth.UserChange{Disabled: &off}); err != nil {
		t.Fatal(err)
	}
	var bodies []string
	for _, try := range [][2]string{
		{"nobody@example.org", staffPassword},
		{"organizer@example.org", "wrong password here"},
		{"staff@example.org", staffPassword}, // disabled
	} {
		b := a.browser()
		p := b.login(try[0], try[1])
		expect(t, "refused sign-in as "+try[0], p, http.StatusUnauthorized, "The email or password is wrong.")
		if b.cookies["__Host-canvass_session"] != "" {
			t.Errorf("refused sign-in as %s set a session", try[0])
		}
		// Remove what legitimately differs: the echoed email and the CSRF token.
		body := csrfInput.ReplaceAllString(strings.ReplaceAll(p.Body, try[0], "EMAIL"), "")
		bodies = append(bodies, body)
	}
	for i := 1; i < len(bodies); i++ {
		if bodies[i] != bodies[0] {
			t.Errorf("refusal %d differs from refusal 0: the page tells which was wrong", i)
		}
	}
}

func TestLoginRateLimit(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	b := a.browser()
	for i := range 5 {
		if p := b.login("admin@example.org", "not the password "+string(rune('a'+i))); p.Status != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i, p.Status)
		}
	}
	// This address is now held back from the account for the window, even
	// with the right password (other addresses are not: login_throttle_test.go).
	p := b.login("admin@example.org", staffPassword)
	expect(t, "sixth try", p, http.StatusTooManyRequests, "Too many sign-in attempts")
	if p.Header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	// Unknown addresses are limited the same way, so the limit does not
	// reveal which accounts exist.
	for range 5 {
		b.login("ghost@example.org", "whatever it is")
	}
	expect(t, "unknown email, sixth try", b.login("ghost@example.org", "whatever it is"), http.StatusTooManyRequests)
	// Another account from the same address is not locked.
	expect(t, "another account", b.login("organizer@example.org", staffPassword), http.StatusSeeOther)
}

func TestLoginNeedsCSRF(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	b := a.browser()
	form := url.Values{"email": {"admin@example.org"}, "password": {staffPassword}}
	expect(t, "no CSRF token", b.post("/login", form), http.StatusForbidden)
	form.Set("_csrf", csrf(t, b.get("/login")))
	expect(t, "cross-site post", b.post("/login", form, "Sec-Fetch-Site", "cross-site"), http.StatusForbidden)
	expect(t, "foreign origin", b.post("/login", form, "Origin", "https://evil.example"), http.StatusForbidden)
	expect(t, "same-origin post", b.post("/login", form, "Origin", a.URL, "Sec-Fetch-Site", "same-origin"), http.StatusSeeOther)
}

// TestSessionExpiry moves the store's clock: an idle session ends after
// auth.SessionIdle, a busy one at auth.SessionMaxAge.
func TestSessionExpiry(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	now := time.Now().UTC()
	a.Store.SetClock(func() time.Time { return now })
	b := a.browser()
	b.mustLogin("staff@example.org")
	expect(t, "fresh session", b.get("/admin/surveys"), http.StatusOK)
	now = now.Add(auth.SessionIdle - time.Minute)
	expect(t, "within the idle limit", b.get("/admin/surveys"), http.StatusOK)
	now = now.Add(auth.SessionIdle - time.Minute) // used a moment ago: extended
	expect(t, "extended by use", b.get("/admin/surveys"), http.StatusOK)
	now = now.Add(auth.SessionIdle)
	p := b.get("/admin/surveys")
	if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login") {
		t.Fatalf("idle session: %d → %q, want the sign-in page", p.Status, p.Location)
	}
	if _, ok := b.cookies["__Host-canvass_session"]; ok {
		t.Error("the expired session's cookie was not cleared")
	}

	b.mustLogin("staff@example.org")
	start := now
	for now.Add(time.Hour).Before(start.Add(auth.SessionMaxAge)) {
		now = now.Add(time.Hour)
		expect(t, "busy session at "+now.Sub(start).String(), b.get("/account"), http.StatusOK)
	}
	now = start.Add(auth.SessionMaxAge)
	if p := b.get("/account"); p.Status != http.StatusSeeOther {
		t.Fatalf("session past its absolute limit: %d, want a redirect to sign in", p.Status)
	}
}

func TestLogoutAndRevocation(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	b := a.browser()
	b.mustLogin("organizer@example.org")
	token := b.cookies["__Host-canvass_session"]
	page := b.get("/admin/surveys")
	expect(t, "logout without CSRF", b.post("/logout", nil), http.StatusForbidden)
	p := b.post("/logout", url.Values{"_csrf": {csrf(t, page)}})
	if p.Status != http.StatusSeeOther || p.Location != "/login" {
		t.Fatalf("logout: %d → %q", p.Status, p.Location)
	}
	// The old cookie, replayed, is refused: the session is gone server-side.
	replay := a.browser()
	replay.cookies["__Host-canvass_session"] = token
	if p := replay.get("/admin/surveys"); p.Status != http.StatusSeeOther {
		t.Errorf("replayed cookie after logout: %d, want a redirect to sign in", p.Status)
	}

	// An admin signs a user out everywhere.
	b1, b2 := a.browser(), a.browser()
	b1.mustLogin("staff@example.org")
	b2.mustLogin("staff@example.org")
	admin := a.browser()
	admin.mustLogin("admin@example.org")
	userPage := admin.get("/admin/users/" + a.Users[auth.RoleStaff].ID)
	expect(t, "user page", userPage, http.StatusOK, "2 live sessions.")
	p = admin.post("/admin/users/"+a.Users[auth.RoleStaff].ID+"/sessions/revoke", url.Values{"_csrf": {csrf(t, userPage)}})
	expect(t, "revoke all", p, http.StatusSeeOther)
	for i, x := range []*browser{b1, b2} {
		if p := x.get("/admin/surveys"); p.Status != http.StatusSeeOther {
			t.Errorf("session %d after revoke-all: %d", i, p.Status)
		}
	}

	// A disabled user's live session stops working at once.
	b3 := a.browser()
	b3.mustLogin("organizer@example.org")
	off := true
	if _, err := a.Store.UpdateUser(context.Background(), a.Users[auth.RoleOrganizer].ID, auth.UserChange{Disabled: &off}); err != nil {
		t.Fatal(err)
	}
	if p := b3.get("/admin/surveys"); p.Status != http.StatusSeeOther {
		t.Errorf("disabled user's session: %d", p.Status)
	}
}

func TestFirstStartSetup(t *testing.T) {
	t.Parallel()
	t.Run("no users yet", func(t *testing.T) {
		t.Parallel()
		ctx := context.Background()
		fresh := newEmptyStaffApp(t)
		b := fresh.browser()
		form := b.get("/setup")
		expect(t, "setup page", form, http.StatusOK, "CANVASS_ADMIN_TOKEN")
		tok := csrf(t, form)
		expect(t, "wrong token", b.post("/setup", url.Values{"_csrf": {tok}, "token": {"guess"}, "email": {"me@example.org"}, "password": {staffPassword}, "password2": {staffPassword}}),
			http.StatusUnauthorized, "That is not the admin token.")
		expect(t, "short password", b.post("/setup", url.Values{"_csrf": {tok}, "token": {adminToken}, "email": {"me@example.org"}, "password": {"short"}, "password2": {"short"}}),
			http.StatusUnprocessableEntity, "at least 12 characters")
		p := b.post("/setup", url.Values{"_csrf": {tok}, "token": {adminToken}, "email": {"me@example.org"}, "password": {staffPassword}, "password2": {staffPassword}})
		if p.Status != http.StatusSeeOther || p.Location != "/admin" {
			t.Fatalf("setup: %d → %q; %.300s", p.Status, p.Location, p.Body)
		}
		expect(t, "signed in as the first admin", b.get("/admin/users"), http.StatusOK, "me@example.org")
		again := fresh.browser()
		if p := again.get("/setup"); p.Status != http.StatusSeeOther || p.Location != "/login" {
			t.Errorf("setup after the first admin: %d → %q", p.Status, p.Location)
		}
		entries, _ := fresh.Store.Audit(ctx, auth.AuditFilter{Action: auth.ActionSetupFirstAdmin})
		if len(entries) != 1 || entries[0].ActorEmail != "me@example.org" {
			t.Errorf("audit: %+v", entries)
		}
	})

	t.Run("with users", func(t *testing.T) {
		t.Parallel()
		a := newStaffApp(t)
		if p := a.browser().get("/setup"); p.Status != http.StatusSeeOther {
			t.Errorf("setup with users: %d", p.Status)
		}
	})
}
