package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"canvass/auth"
	"canvass/store/storetest"
	"canvass/surveys"
)

func TestUsers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	if n, err := st.CountUsers(ctx); err != nil || n != 0 {
		t.Fatalf("fresh database: %d users, %v", n, err)
	}
	u := &auth.User{Email: "ana@example.org", Role: auth.RoleOrganizer, PasswordHash: "h1"}
	if err := st.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if u.ID == "" || u.CreatedAt.IsZero() {
		t.Fatalf("created user lacks ID or time: %+v", u)
	}
	dup := &auth.User{Email: "ana@example.org", Role: auth.RoleStaff}
	if err := st.CreateUser(ctx, dup); surveys.ErrorCode(err) != surveys.ErrConflict {
		t.Fatalf("second user with one email: %v, want conflict", err)
	}
	got, err := st.UserByEmail(ctx, "ana@example.org")
	if err != nil || got.ID != u.ID || got.PasswordHash != "h1" {
		t.Fatalf("by email: %+v %v", got, err)
	}
	if _, err := st.UserByEmail(ctx, "bo@example.org"); !surveys.IsNotFound(err) {
		t.Fatalf("unknown email: %v", err)
	}
	role, hoods, off := auth.RolePartner, []string{"north"}, true
	got, err = st.UpdateUser(ctx, u.ID, storeUserChange(&role, &hoods, &off))
	if err != nil || got.Role != auth.RolePartner || len(got.Neighborhoods) != 1 || !got.Disabled {
		t.Fatalf("update: %+v %v", got, err)
	}
	if err := st.SetPassword(ctx, u.ID, "h2"); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.User(ctx, u.ID); got.PasswordHash != "h2" {
		t.Fatalf("password not changed: %q", got.PasswordHash)
	}
	if _, err := st.UpdateUser(ctx, "u_missing", storeUserChange(&role, nil, nil)); !surveys.IsNotFound(err) {
		t.Fatalf("update missing: %v", err)
	}
	all, err := st.Users(ctx)
	if err != nil || len(all) != 1 {
		t.Fatalf("users: %d %v", len(all), err)
	}
}

// TestCreateFirstAdminOnce races first-start requests: exactly one wins.
func TestCreateFirstAdminOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = st.CreateFirstAdmin(ctx, &auth.User{Email: "admin" + string(rune('a'+i)) + "@example.org", Role: auth.RoleAdmin})
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case surveys.ErrorCode(err) != surveys.ErrConflict:
			t.Errorf("losing first-admin request: %v, want conflict", err)
		}
	}
	if n, _ := st.CountUsers(ctx); won != 1 || n != 1 {
		t.Fatalf("%d requests created a first admin, %d users exist; want exactly 1", won, n)
	}
}

func TestLoginsExpireAndRevoke(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	now := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	st.SetClock(func() time.Time { return now })
	for _, l := range []*auth.Login{{ID: "s1", UserID: "u1"}, {ID: "s2", UserID: "u1"}, {ID: "s3", UserID: "u2"}} {
		if err := st.CreateLogin(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	if l, err := st.UseLogin(ctx, "s1"); err != nil || l.UserID != "u1" || !l.ExpiresAt.Equal(now.Add(auth.SessionIdle)) {
		t.Fatalf("live session: %+v %v", l, err)
	}
	// Idle expiry: s1 unused for exactly SessionIdle ends; s2, used just
	// before, lives on.
	now = now.Add(auth.SessionIdle - time.Minute)
	if _, err := st.UseLogin(ctx, "s2"); err != nil {
		t.Fatalf("s2 within idle limit: %v", err)
	}
	now = now.Add(time.Minute)
	if _, err := st.UseLogin(ctx, "s1"); !surveys.IsNotFound(err) {
		t.Fatalf("idle session read: %v, want not_found", err)
	}
	// Absolute expiry: s2 kept busy still ends at SessionMaxAge.
	deadline := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC).Add(auth.SessionMaxAge)
	for now.Add(time.Hour).Before(deadline) {
		now = now.Add(time.Hour)
		if _, err := st.UseLogin(ctx, "s2"); err != nil {
			t.Fatalf("busy session at %s: %v", now, err)
		}
	}
	now = deadline
	if _, err := st.UseLogin(ctx, "s2"); !surveys.IsNotFound(err) {
		t.Fatalf("session past its deadline: %v, want not_found", err)
	}
	if n, err := st.SweepLogins(ctx); err != nil || n != 1 {
		t.Fatalf("sweep deleted %d, %v; want 1 (s3, never read)", n, err)
	}
	now = now.Add(time.Hour)
	for _, l := range []*auth.Login{{ID: "s4", UserID: "u1"}, {ID: "s5", UserID: "u1"}, {ID: "s6", UserID: "u2"}} {
		_ = st.CreateLogin(ctx, l)
	}
	if ls, err := st.UserLogins(ctx, "u1"); err != nil || len(ls) != 2 {
		t.Fatalf("u1 sessions: %v %v", ls, err)
	}
	if n, err := st.DeleteUserLogins(ctx, "u1"); err != nil || n != 2 {
		t.Fatalf("revoke all: %d %v", n, err)
	}
	if _, err := st.UseLogin(ctx, "s4"); !surveys.IsNotFound(err) {
		t.Fatalf("revoked session read: %v", err)
	}
	if _, err := st.UseLogin(ctx, "s6"); err != nil {
		t.Fatalf("another user's session was revoked too: %v", err)
	}
}

func TestAPITokens(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	u := &auth.User{Email: "ana@example.org", Role: auth.RoleStaff}
	if err := st.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	token := auth.NewAPIToken()
	rec := &auth.APIToken{ID: auth.HashToken(token), UserID: u.ID, Name: "exports"}
	if err := st.CreateAPIToken(ctx, rec); err != nil {
		t.Fatal(err)
	}
	p, err := st.Authenticate(ctx, token)
	if err != nil || p.ID != u.ID || p.Role != auth.RoleStaff || p.Via != auth.ViaToken {
		t.Fatalf("authenticate: %+v %v", p, err)
	}
	if got, _ := st.APIToken(ctx, rec.ID); got.LastUsedAt.IsZero() {
		t.Error("last use not recorded")
	}
	if _, err := st.Authenticate(ctx, token+"x"); surveys.ErrorCode(err) != surveys.ErrUnauthorized {
		t.Fatalf("wrong token: %v", err)
	}
	other := &auth.User{Email: "bo@example.org", Role: auth.RoleStaff}
	_ = st.CreateUser(ctx, other)
	if _, err := st.DeleteAPIToken(ctx, other.ID, rec.PublicID); !surveys.IsNotFound(err) {
		t.Fatalf("another user revoked the token: %v", err)
	}
	off := true
	_, _ = st.UpdateUser(ctx, u.ID, storeUserChange(nil, nil, &off))
	if _, err := st.Authenticate(ctx, token); surveys.ErrorCode(err) != surveys.ErrUnauthorized {
		t.Fatalf("token of a disabled user: %v", err)
	}
	off = false
	_, _ = st.UpdateUser(ctx, u.ID, storeUserChange(nil, nil, &off))
	if _, err := st.DeleteAPIToken(ctx, u.ID, rec.PublicID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Authenticate(ctx, token); surveys.ErrorCode(err) != surveys.ErrUnauthorized {
		t.Fatalf("revoked token: %v", err)
	}
	expired := auth.NewAPIToken()
	_ = st.CreateAPIToken(ctx, &auth.APIToken{ID: auth.HashToken(expired), UserID: u.ID, ExpiresAt: time.Now().Add(-time.Minute)})
	if _, err := st.Authenticate(ctx, expired); surveys.ErrorCode(err) != surveys.ErrUnauthorized {
		t.Fatalf("expired token: %v", err)
	}
}
