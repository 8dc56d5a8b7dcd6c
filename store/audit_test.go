package store_test

import (
	"context"
	"testing"
	"time"

	"canvass/auth"
	"canvass/store/storetest"
)

func storeUserChange(role *auth.Role, hoods *[]string, disabled *bool) auth.UserChange {
	return auth.UserChange{Role: role, Neighborhoods: hoods, Disabled: disabled}
}

func TestAuditFilters(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	t0 := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	entries := []auth.AuditEntry{
		{At: t0, ActorEmail: "ana@example.org", Action: auth.ActionSurveyCreate, Target: "s1"},
		{At: t0.Add(time.Minute), ActorEmail: "ana@example.org", Action: auth.ActionSurveyOpen, Target: "s1"},
		{At: t0.Add(2 * time.Minute), ActorEmail: "bo@example.org", Action: auth.ActionResponsesExport, Target: "s1", Detail: map[string]string{"format": "csv"}},
		{At: t0.Add(3 * time.Minute), ActorEmail: "ana@example.org", Action: auth.ActionSurveyCreate, Target: "s2"},
	}
	for i := range entries {
		if err := st.AppendAudit(ctx, &entries[i]); err != nil {
			t.Fatal(err)
		}
	}
	ids := func(f auth.AuditFilter) []string {
		t.Helper()
		got, err := st.Audit(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range got {
			out = append(out, e.Action+"@"+e.Target)
		}
		return out
	}
	cases := []struct {
		name string
		f    auth.AuditFilter
		want []string
	}{
		{"all, newest first", auth.AuditFilter{}, []string{"survey.create@s2", "export.responses@s1", "survey.open@s1", "survey.create@s1"}},
		{"actor", auth.AuditFilter{ActorEmail: "bo@example.org"}, []string{"export.responses@s1"}},
		{"action", auth.AuditFilter{Action: auth.ActionSurveyCreate}, []string{"survey.create@s2", "survey.create@s1"}},
		{"action prefix", auth.AuditFilter{Action: "survey."}, []string{"survey.create@s2", "survey.open@s1", "survey.create@s1"}},
		{"target", auth.AuditFilter{Target: "s2"}, []string{"survey.create@s2"}},
		{"time range", auth.AuditFilter{Since: t0.Add(time.Minute), Until: t0.Add(3 * time.Minute)}, []string{"export.responses@s1", "survey.open@s1"}},
		{"limit", auth.AuditFilter{Limit: 1}, []string{"survey.create@s2"}},
		{"next page", auth.AuditFilter{Before: entries[2].ID, Limit: 1}, []string{"survey.open@s1"}},
		{"regex is quoted", auth.AuditFilter{Action: "s.*."}, nil},
	}
	for _, c := range cases {
		if got := ids(c.f); !equal(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
	got, _ := st.Audit(ctx, auth.AuditFilter{ActorEmail: "bo@example.org"})
	if got[0].Detail["format"] != "csv" || !got[0].At.Equal(t0.Add(2*time.Minute)) {
		t.Errorf("entry read back wrong: %+v", got[0])
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
