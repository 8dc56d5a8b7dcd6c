package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"canvass/auth"
)

func TestUserAdministration(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	ctx := context.Background()
	admin := a.browser()
	admin.mustLogin("admin@example.org")
	list := admin.get("/admin/users")
	expect(t, "users page", list, http.StatusOK, "organizer@example.org", "partner@example.org", "north-of-main")
	tok := csrf(t, list)

	expect(t, "bad user", admin.post("/admin/users", url.Values{"_csrf": {tok}, "email": {"nope"}, "role": {"root"}, "neighborhoods": {"North Side"}}),
		http.StatusUnprocessableEntity, "Enter an email address", "Choose a role.", "“North”")
	expect(t, "duplicate", admin.post("/admin/users", url.Values{"_csrf": {tok}, "email": {"STAFF@example.org"}, "role": {"staff"}}),
		http.StatusConflict, "already exists")
	p := admin.post("/admin/users", url.Values{"_csrf": {tok}, "email": {"Rosa@Example.org"}, "name": {"Rosa"}, "role": {"partner"}, "neighborhoods": {"riverside, eastgate"}})
	expect(t, "add partner", p, http.StatusCreated, "shown only now")
	password := regexp.MustCompile(`<code class="secret">([^<]+)</code>`).FindStringSubmatch(p.Body)
	if password == nil {
		t.Fatal("no password shown")
	}
	rosa, err := a.Store.UserByEmail(ctx, "rosa@example.org")
	if err != nil || rosa.Role != auth.RolePartner || len(rosa.Neighborhoods) != 2 {
		t.Fatalf("stored partner %+v %v", rosa, err)
	}
	// The shown password signs in; the partner's home is their account.
	b := a.browser()
	if p := b.login("rosa@example.org", password[1]); p.Status != http.StatusSeeOther {
		t.Fatalf("sign-in with the shown password: %d", p.Status)
	}
	expect(t, "partner account", b.get("/account"), http.StatusOK, "riverside, eastgate")

	// Promoting the partner and disabling them signs them out.
	userPage := admin.get("/admin/users/" + rosa.ID)
	p = admin.post("/admin/users/"+rosa.ID, url.Values{"_csrf": {csrf(t, userPage)}, "name": {"Rosa"}, "role": {"staff"}, "disabled": {"on"}})
	expect(t, "change", p, http.StatusSeeOther)
	if p := b.get("/account"); p.Status != http.StatusSeeOther {
		t.Errorf("disabled user still signed in: %d", p.Status)
	}
	rosa, _ = a.Store.User(ctx, rosa.ID)
	if rosa.Role != auth.RoleStaff || !rosa.Disabled || len(rosa.Neighborhoods) != 0 {
		t.Errorf("after the change: %+v", rosa)
	}

	// The last active admin cannot demote or disable themselves.
	me := a.Users[auth.RoleAdmin]
	mine := admin.get("/admin/users/" + me.ID)
	expect(t, "demote the last admin", admin.post("/admin/users/"+me.ID, url.Values{"_csrf": {csrf(t, mine)}, "role": {"organizer"}}),
		http.StatusUnprocessableEntity, "last active admin")

	// A reset password is shown once and the old one stops working.
	p = admin.post("/admin/users/"+a.Users[auth.RoleStaff].ID+"/password", url.Values{"_csrf": {csrf(t, mine)}})
	expect(t, "reset password", p, http.StatusOK, "shown only now")
	if p := a.browser().login("staff@example.org", staffPassword); p.Status != http.StatusUnauthorized {
		t.Errorf("old password after reset: %d", p.Status)
	}

	entries, _ := a.Store.Audit(ctx, auth.AuditFilter{Action: "user."})
	var got []string
	for _, e := range entries {
		got = append(got, e.Action+" "+e.Target)
	}
	want := []string{"user.password staff@example.org", "user.update rosa@example.org", "user.create rosa@example.org"}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("audit of user changes %v, want %v", got, want)
	}
	if d := entries[1].Detail; d["role"] != "partner → staff" || d["disabled"] != "true" {
		t.Errorf("user change detail %v", d)
	}
}
