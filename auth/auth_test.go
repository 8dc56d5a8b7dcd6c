package auth

import "testing"

// TestPolicy spells out the whole policy, so a change to grants shows up
// as a change here too.
func TestPolicy(t *testing.T) {
	want := map[Permission][]Role{
		SurveysRead:   {RoleAdmin, RoleOrganizer, RoleStaff},
		SurveysWrite:  {RoleAdmin, RoleOrganizer},
		ResultsRead:   {RoleAdmin, RoleOrganizer, RoleStaff, RolePartner},
		ResponsesRead: {RoleAdmin, RoleStaff},
		ContactsWrite: {RoleAdmin, RoleOrganizer},
		UsersManage:   {RoleAdmin},
		AuditRead:     {RoleAdmin},
		AccountSelf:   {RoleAdmin, RoleOrganizer, RoleStaff, RolePartner},
	}
	for perm, roles := range want {
		allowed := map[Role]bool{}
		for _, r := range roles {
			allowed[r] = true
		}
		for _, r := range append(Roles, Role(""), Role("root")) {
			if got := Allowed(r, perm); got != allowed[r] {
				t.Errorf("Allowed(%q, %s) = %v, want %v", r, perm, got, allowed[r])
			}
		}
	}
	for perm := range grants {
		if _, ok := want[perm]; !ok {
			t.Errorf("permission %s is granted but not in this test", perm)
		}
	}
	var nobody *Principal
	if nobody.Can(SurveysRead) {
		t.Error("a nil principal can read surveys")
	}
}

func TestBootstrapToken(t *testing.T) {
	b := NewBootstrapToken("a-bootstrap-token-of-24-chars")
	if !b.Match("a-bootstrap-token-of-24-chars") || b.Match("a-bootstrap-token-of-24-charz") || b.Match("") {
		t.Error("bootstrap token matches wrongly")
	}
	if NewBootstrapToken("").Match("") {
		t.Error("an unset bootstrap token matches the empty string")
	}
}
