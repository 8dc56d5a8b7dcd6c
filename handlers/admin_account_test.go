package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"canvass/auth"
)

func TestAPITokenLifecycle(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	b := a.browser()
	b.mustLogin("staff@example.org")
	acct := b.get("/account")
	p := b.post("/account/tokens", url.Values{"_csrf": {csrf(t, acct)}, "name": {"nightly export"}, "days": {"30"}})
	expect(t, "create token", p, http.StatusCreated, "nightly export", "will not be shown again")
	token := tokenInPage(t, p.Body)
	if strings.Contains(b.get("/account").Body, token) {
		t.Fatal("the token is shown again after creation")
	}
	call := func() int {
		req, _ := http.NewRequest("GET", a.URL+"/api/v1/surveys", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if s := call(); s != http.StatusOK {
		t.Fatalf("new token: %d", s)
	}
	stored, err := a.Store.UserAPITokens(context.Background(), a.Users[auth.RoleStaff].ID)
	if err != nil || len(stored) != 2 {
		t.Fatalf("tokens: %v %v", stored, err)
	}
	var mine *auth.APIToken
	for _, st := range stored {
		if st.Name == "nightly export" {
			mine = st
		}
	}
	if mine.ID != auth.HashToken(token) || strings.Contains(mine.ID, token) {
		t.Fatalf("stored token %+v: want only its hash", mine)
	}
	acct = b.get("/account")
	p = b.post("/account/tokens/"+mine.PublicID+"/revoke", url.Values{"_csrf": {csrf(t, acct)}})
	expect(t, "revoke", p, http.StatusSeeOther)
	if s := call(); s != http.StatusUnauthorized {
		t.Fatalf("revoked token: %d, want 401", s)
	}
	entries, _ := a.Store.Audit(context.Background(), auth.AuditFilter{Action: "token."})
	if len(entries) != 2 || entries[0].Action != auth.ActionTokenRevoke || entries[1].Action != auth.ActionTokenCreate {
		t.Errorf("audit of token changes: %+v", entries)
	}
}

func tokenInPage(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, auth.APITokenPrefix)
	if i < 0 {
		t.Fatalf("no token in the page: %.500s", body)
	}
	end := strings.IndexAny(body[i:], "<\" ")
	return body[i : i+end]
}

// TestSessionAPINeedsCSRF: the JSON API accepts a browser session too,
// but a change through it needs the session's CSRF token in a header.
func TestSessionAPINeedsCSRF(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	b := a.browser()
	b.mustLogin("organizer@example.org")
	tok := csrf(t, b.get("/admin/surveys"))
	path := "/api/v1/surveys/" + exampleSlug + "/close"
	expect(t, "no token", b.do("POST", path, nil, "", "Accept", "application/json"), http.StatusForbidden)
	expect(t, "wrong token", b.do("POST", path, nil, "", "Accept", "application/json", "X-CSRF-Token", tok+"x"), http.StatusForbidden)
	expect(t, "token", b.do("POST", path, nil, "", "Accept", "application/json", "X-CSRF-Token", tok), http.StatusOK, `"status":"closed"`)
	entries, _ := a.Store.Audit(context.Background(), auth.AuditFilter{Action: auth.ActionSurveyClose})
	if len(entries) != 1 || entries[0].ActorEmail != "organizer@example.org" {
		t.Errorf("audit of the API close: %+v", entries)
	}
}
