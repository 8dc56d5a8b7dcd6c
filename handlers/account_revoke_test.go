package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"canvass/auth"
)

// tokenWorks reports whether an API token still reads results.
func (a *staffApp) tokenWorks(token string) bool {
	a.t.Helper()
	req, _ := http.NewRequest("GET", a.URL+"/api/v1/surveys/"+exampleSlug+"/results", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusUnauthorized {
		a.t.Fatalf("results with a token: %d", resp.StatusCode)
	}
	return resp.StatusCode == http.StatusOK
}

// newToken gives a user one more API token.
func (a *staffApp) newToken(role auth.Role) string {
	a.t.Helper()
	token := auth.NewAPIToken()
	if err := a.Store.CreateAPIToken(context.Background(), &auth.APIToken{ID: auth.HashToken(token), UserID: a.Users[role].ID, Name: "script"}); err != nil {
		a.t.Fatal(err)
	}
	return token
}

// TestAdminChangesRevokeTokens has an admin reset a password, change a
// role and disable an account, over HTTP: each revokes that user's API
// tokens; a new name does not.
func TestAdminChangesRevokeTokens(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	admin := a.browser()
	admin.mustLogin("admin@example.org")
	change := func(role auth.Role, form url.Values) {
		t.Helper()
		path := "/admin/users/" + a.Users[role].ID
		form.Set("_csrf", csrf(t, admin.get(path)))
		if p := admin.post(path, form); p.Status != http.StatusSeeOther {
			t.Fatalf("change %s: %d %.300s", role, p.Status, p.Body)
		}
	}
	for _, r := range auth.Roles {
		if !a.tokenWorks(a.Tokens[r]) {
			t.Fatalf("%s token does not work to begin with", r)
		}
	}

	change(auth.RoleStaff, url.Values{"name": {"Sam"}, "role": {"staff"}})
	if !a.tokenWorks(a.Tokens[auth.RoleStaff]) {
		t.Error("a new name revoked the user's token")
	}

	page := admin.get("/admin/users/" + a.Users[auth.RoleStaff].ID)
	expect(t, "user page says what a change ends", page, http.StatusOK, "revokes their API tokens")
	expect(t, "admin resets the password", admin.post("/admin/users/"+a.Users[auth.RoleStaff].ID+"/password", url.Values{"_csrf": {csrf(t, page)}}), http.StatusOK)
	if a.tokenWorks(a.Tokens[auth.RoleStaff]) {
		t.Error("a token survived an admin's password reset")
	}

	change(auth.RoleOrganizer, url.Values{"role": {"staff"}})
	if a.tokenWorks(a.Tokens[auth.RoleOrganizer]) {
		t.Error("a token survived a change of role")
	}

	change(auth.RolePartner, url.Values{"role": {"partner"}, "neighborhoods": {"north-of-main"}, "disabled": {"on"}})
	if a.tokenWorks(a.Tokens[auth.RolePartner]) {
		t.Error("a disabled user's token works")
	}
	change(auth.RolePartner, url.Values{"role": {"partner"}, "neighborhoods": {"north-of-main"}})
	if a.tokenWorks(a.Tokens[auth.RolePartner]) {
		t.Error("enabling the user again brought back a token made before they were disabled")
	}
	entries, _ := a.Store.Audit(context.Background(), auth.AuditFilter{Action: auth.ActionUserPassword})
	if len(entries) != 1 || entries[0].Detail["tokens_revoked"] != "1" {
		t.Errorf("audit of the reset: %+v", entries)
	}
}

// TestOwnPasswordChangeRevokesTokens changes one's own password three
// ways: with the box as the page ticks it (tokens revoked), with it
// unticked (kept), and from a form that does not ask (revoked).
func TestOwnPasswordChangeRevokesTokens(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	b := a.browser()
	b.mustLogin("staff@example.org")
	current := staffPassword
	change := func(name string, tokens []string, wantDone string) {
		t.Helper()
		page := b.get("/account")
		expect(t, name+": account page", page, http.StatusOK, `name="tokens" value="revoke" checked`)
		next := current + " again"
		form := url.Values{"_csrf": {csrf(t, page)}, "current": {current}, "password": {next}, "password2": {next}}
		if tokens != nil {
			form["tokens"] = tokens
		}
		p := b.post("/account/password", form)
		if p.Status != http.StatusSeeOther || p.Location != "/account?done="+wantDone {
			t.Fatalf("%s: %d → %q; %.300s", name, p.Status, p.Location, p.Body)
		}
		current = next
	}

	other := a.browser()
	other.mustLogin("staff@example.org")
	change("box ticked", []string{"keep", "revoke"}, "password_tokens")
	if a.tokenWorks(a.Tokens[auth.RoleStaff]) {
		t.Error("the token survived a password change with the box ticked")
	}
	expect(t, "done message", b.get("/account?done=password_tokens"), http.StatusOK, "your API tokens revoked")
	if p := other.get("/account"); p.Status != http.StatusSeeOther {
		t.Errorf("another session survived the password change: %d", p.Status)
	}

	kept := a.newToken(auth.RoleStaff)
	change("box unticked", []string{"keep"}, "password")
	if !a.tokenWorks(kept) {
		t.Error("the token was revoked although the box was unticked")
	}

	change("a form that does not ask", nil, "password_tokens")
	if a.tokenWorks(kept) {
		t.Error("a password change from a form without the box kept the tokens")
	}
}
