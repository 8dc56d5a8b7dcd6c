package main

import (
	"bytes"
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"canvass/auth"
	"canvass/store"
	"canvass/store/storetest"
)

// TestUsersCommand adds, lists and resets users on the shared test
// database, then checks that the password it printed signs in.
func TestUsersCommand(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := map[string]string{"MONGODB_URI": storetest.URI(t), "CANVASS_DATABASE": storetest.DatabaseName(), "CANVASS_PUBLIC_URL": "https://survey.example.org"}
	getenv := func(k string) string { return env[k] }
	t.Cleanup(func() {
		st, err := store.Open(ctx, store.Options{URI: env["MONGODB_URI"], Database: env["CANVASS_DATABASE"]})
		if err == nil {
			_ = st.Drop(ctx)
			_ = st.Close(ctx)
		}
	})
	var stdin bytes.Buffer
	cmd := usersCommand(&stdin)
	do := func(input string, args ...string) (string, error) {
		stdin.Reset()
		stdin.WriteString(input)
		var out, errOut bytes.Buffer
		err := cmd(ctx, args, getenv, &out, &errOut)
		return out.String(), err
	}
	out, err := do("", "add", "--email", "Ana@Example.org", "--role", "admin")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`Password, shown only now: (\S+)`).FindStringSubmatch(out)
	if m == nil || !strings.Contains(out, "https://survey.example.org/login") {
		t.Fatalf("add printed %q", out)
	}
	generated := m[1]
	if _, err := do("", "add", "--email", "ana@example.org", "--role", "staff"); err == nil || !strings.Contains(err.Error(), "user.exists") && !strings.Contains(err.Error(), "conflict") {
		t.Errorf("adding the same email again: %v", err)
	}
	for _, bad := range [][]string{{"add", "--email", "not-an-email", "--role", "admin"}, {"add", "--email", "x@example.org", "--role", "root"}, {"frobnicate"}} {
		if _, err := do("", bad...); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
	if _, err := do("short\n", "add", "--email", "bo@example.org", "--role", "partner", "--password-stdin"); err == nil {
		t.Error("a short password from stdin was accepted")
	}
	out, err = do("a long enough password\n", "add", "--email", "bo@example.org", "--role", "partner", "--neighborhoods", "north, riverside", "--password-stdin")
	if err != nil || strings.Contains(out, "shown only now") {
		t.Fatalf("add with stdin password: %q %v", out, err)
	}
	out, err = do("", "list")
	if err != nil || !strings.Contains(out, "ana@example.org") || !strings.Contains(out, "partner") {
		t.Fatalf("list: %q %v", out, err)
	}

	st, err := store.Open(ctx, store.Options{URI: env["MONGODB_URI"], Database: env["CANVASS_DATABASE"]})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	ana, err := st.UserByEmail(ctx, "ana@example.org")
	if err != nil || ana.Role != auth.RoleAdmin {
		t.Fatalf("stored admin: %+v %v", ana, err)
	}
	if ok, _ := auth.VerifyPassword(ana.PasswordHash, generated); !ok {
		t.Error("the printed password does not match the stored hash")
	}
	bo, _ := st.UserByEmail(ctx, "bo@example.org")
	if len(bo.Neighborhoods) != 2 || bo.Neighborhoods[1] != "riverside" {
		t.Errorf("partner neighborhoods %v", bo.Neighborhoods)
	}
	// A reset revokes the API tokens whoever knew the old password made.
	token := auth.NewAPIToken()
	if err := st.CreateAPIToken(ctx, &auth.APIToken{ID: auth.HashToken(token), UserID: ana.ID, Name: "script"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Authenticate(ctx, token); err != nil {
		t.Fatal(err)
	}
	out, err = do("", "reset-password", "--email", "ana@example.org")
	if err != nil || !strings.Contains(out, "shown only now") || !strings.Contains(out, "1 API token(s) revoked") {
		t.Fatalf("reset: %q %v", out, err)
	}
	if _, err := st.Authenticate(ctx, token); err == nil {
		t.Error("an API token survived the password reset")
	}
	entries, _ := st.Audit(ctx, auth.AuditFilter{ActorEmail: "(command line)"})
	if len(entries) != 3 {
		t.Errorf("audit entries of the command line: %d, want 3 (two adds, one reset)", len(entries))
	}
}

// TestFirstStartPath boots the program on an empty database: the log says
// how to create the first admin, and /setup does it with the admin token.
func TestFirstStartPath(t *testing.T) {
	t.Parallel()
	m, logs := MustRunMain(t, map[string]string{"CANVASS_IMPORT_EXAMPLES": "false"})
	if !strings.Contains(logs.String(), "no staff account yet") || !strings.Contains(logs.String(), "/setup") {
		t.Errorf("the start log does not explain the first start:\n%s", logs)
	}
	resp, err := http.Get(m.URL() + "/setup")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/setup on a fresh installation: %d", resp.StatusCode)
	}
}

// TestUsersCommandBesideServer runs a users command on the data folder of
// a running server: it reaches the server's embedded database through its
// socket, and the user it adds can sign in at once.
func TestUsersCommandBesideServer(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	m, _ := MustRunMain(t, map[string]string{"CANVASS_DATA": dir, "CANVASS_IMPORT_EXAMPLES": "false"})
	var out, errOut bytes.Buffer
	env := map[string]string{"CANVASS_DATA": dir}
	err := usersCommand(strings.NewReader(""))(context.Background(), []string{"add", "--email", "cy@example.org", "--role", "staff"},
		func(k string) string { return env[k] }, &out, &errOut)
	if err != nil {
		t.Fatalf("users add beside the server: %v\n%s", err, errOut.String())
	}
	if u, err := m.Store.UserByEmail(context.Background(), "cy@example.org"); err != nil || u.Role != auth.RoleStaff {
		t.Fatalf("the server does not see the added user: %+v %v", u, err)
	}
	if err := m.Store.Ping(context.Background()); err != nil {
		t.Fatalf("the command stopped the server's database: %v", err)
	}
}
