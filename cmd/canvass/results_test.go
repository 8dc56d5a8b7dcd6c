package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// The commands run against the data folder of a stopped server, then the
// server started again serves what they wrote.
func TestSeedCheckAndRebuildCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := map[string]string{"CANVASS_DATA": dir}
	m, _ := MustRunMain(t, env) // imports the example survey
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	getenv := func(k string) string { return env[k] }
	cli := func(args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := run(context.Background(), args, getenv, &out, &errOut)
		return out.String() + errOut.String(), err
	}
	out, err := cli("seed", "--survey", "safety-spring-2026", "--responses", "300", "--seed", "7", "--batch", "120")
	if err != nil || !strings.Contains(out, "added 300 synthetic responses") {
		t.Fatalf("seed: %v\n%s", err, out)
	}
	if out, err := cli("seed", "--survey", "safety-spring-2026", "--responses", "10"); err == nil || !strings.Contains(out+err.Error(), "--force") {
		t.Fatalf("seeding a survey with responses must ask for --force: %v %s", err, out)
	}
	if out, err := cli("results", "check", "--survey", "safety-spring-2026"); err != nil || !strings.Contains(out, "agree with all 300 responses") {
		t.Fatalf("check: %v\n%s", err, out)
	}
	if out, err := cli("results", "rebuild", "--all"); err != nil || !strings.Contains(out, "rebuilt from 300 responses") {
		t.Fatalf("rebuild: %v\n%s", err, out)
	}
	if _, err := cli("results", "rebuild"); err == nil {
		t.Fatal("rebuild without a survey must fail")
	}
	if _, err := cli("results", "check", "--survey", "nope"); err == nil {
		t.Fatal("check of an unknown survey must fail")
	}
	m2, _ := MustRunMain(t, env)
	var res struct {
		Total  int64            `json:"total"`
		Groups []map[string]any `json:"groups"`
	}
	if code := getJSON(t, m2.URL()+"/api/v1/surveys/safety-spring-2026/results?split=age", &res); code != 200 || res.Total != 300 || len(res.Groups) < 7*8 {
		t.Fatalf("results after seeding: %d total=%d groups=%d", code, res.Total, len(res.Groups))
	}
	var geo map[string]any
	if code := getJSON(t, m2.URL()+"/api/v1/surveys/safety-spring-2026/boundaries", &geo); code != 200 || geo["type"] != "FeatureCollection" {
		t.Fatalf("the example's boundaries are imported on first start: %d", code)
	}
}
