package auth

import "testing"

func TestChangeRevokes(t *testing.T) {
	staff, admin, on, off := RoleStaff, RoleAdmin, true, false
	name, hoods := "Sam", []string{"north"}
	u := &User{Role: RoleStaff}
	for _, tc := range []struct {
		name string
		u    *User
		ch   UserChange
		want bool
	}{
		{"same role, enabled", u, UserChange{Role: &staff, Disabled: &off}, false},
		{"name and neighborhoods", u, UserChange{Name: &name, Neighborhoods: &hoods}, false},
		{"new role", u, UserChange{Role: &admin}, true},
		{"disabled", u, UserChange{Disabled: &on}, true},
		{"already disabled, stays so", &User{Role: RoleStaff, Disabled: true}, UserChange{Disabled: &on}, false},
		{"enabled again", &User{Role: RoleStaff, Disabled: true}, UserChange{Disabled: &off}, false},
	} {
		if got := ChangeRevokes(tc.u, tc.ch); got != tc.want {
			t.Errorf("%s: ChangeRevokes = %v, want %v", tc.name, got, tc.want)
		}
	}
}
