package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"canvass/store/storetest"
)

// syncBuffer collects the program's log while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

const testAdminToken = "main-test-admin-token-0123456789"

// MustRunMain boots the whole program as the binary does, on port 0 with
// a temporary data folder (or a fresh database of the shared test server
// when useShared), and closes it when the test ends.
func MustRunMain(t *testing.T, env map[string]string) (*Main, *syncBuffer) {
	t.Helper()
	base := map[string]string{"CANVASS_ADDR": "127.0.0.1:0", "CANVASS_DATA": t.TempDir(), "CANVASS_ADMIN_TOKEN": testAdminToken}
	for k, v := range env {
		base[k] = v
	}
	cfg, err := LoadConfig(nil, func(k string) string { return base[k] })
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	m := NewMain(cfg, newLogger(logs, "debug"))
	if err := m.Run(context.Background()); err != nil {
		t.Fatalf("run: %v\nlog:\n%s", err, logs)
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return m, logs
}

func getJSON(t *testing.T, url string, out any) int {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+testAdminToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s: %v: %s", url, err, b)
		}
	}
	return resp.StatusCode
}

func TestMainServesExampleSurvey(t *testing.T) {
	t.Parallel()
	// The embedded database with its own data folder, as `go run` does.
	m, logs := MustRunMain(t, nil)
	if code := getJSON(t, m.URL()+"/healthz", nil); code != 200 {
		t.Fatalf("healthz: %d", code)
	}
	var list []map[string]any
	getJSON(t, m.URL()+"/api/v1/surveys", &list)
	if len(list) != 1 || list[0]["slug"] != "safety-spring-2026" || list[0]["status"] != "open" || list[0]["sms_keyword"] != "SAFE" {
		t.Fatalf("example survey not imported and opened: %v", list)
	}
	var one map[string]any
	getJSON(t, m.URL()+"/api/v1/surveys/safety-spring-2026", &one)
	if langs, _ := one["languages"].([]any); len(langs) != 6 {
		t.Fatalf("example languages: %v", one["languages"])
	}
	for _, want := range []string{"SMS is off", "embedded database", "canvass is listening"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("start-up log lacks %q:\n%s", want, logs)
		}
	}
}

func TestMainRestartKeepsDataAndDoesNotReimport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := map[string]string{"CANVASS_DATA": dir}
	m, _ := MustRunMain(t, env)
	req, _ := http.NewRequest("POST", m.URL()+"/api/v1/surveys/safety-spring-2026/close", nil)
	req.Header.Set("Authorization", "Bearer "+testAdminToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("close: %v %v", err, resp)
	}
	resp.Body.Close()
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	m2, _ := MustRunMain(t, env)
	var list []map[string]any
	getJSON(t, m2.URL()+"/api/v1/surveys", &list)
	if len(list) != 1 || list[0]["status"] != "closed" {
		t.Fatalf("after restart: %v", list)
	}
}

func TestMainOnSharedDatabaseURI(t *testing.T) {
	t.Parallel()
	// MONGODB_URI pointing at a running server (here the test suite's
	// embedded one) must work the same as MongoDB would.
	m, logs := MustRunMain(t, map[string]string{"MONGODB_URI": storetest.URI(t), "CANVASS_DATABASE": storetest.DatabaseName()})
	defer m.Store.Drop(context.Background())
	if strings.Contains(logs.String(), "using the embedded database") {
		t.Fatalf("started the embedded database despite MONGODB_URI:\n%s", logs)
	}
	if code := getJSON(t, m.URL()+"/healthz", nil); code != 200 {
		t.Fatalf("healthz: %d", code)
	}
}

func TestConfigErrors(t *testing.T) {
	t.Parallel()
	env := map[string]string{
		"CANVASS_ADDR":            "nonsense",
		"CANVASS_PUBLIC_URL":      "ftp://x/y",
		"CANVASS_ADMIN_TOKEN":     "short",
		"CANVASS_LOG_LEVEL":       "loud",
		"CANVASS_SMS_SESSION_TTL": "soon",
		"CANVASS_TRUSTED_PROXIES": "10.0.0.0/8, not-a-cidr",
		"TWILIO_AUTH_TOKEN":       "x",
		"MONGODB_URI":             "postgres://x",
		"CANVASS_TIME_ZONE":       "Mars/Olympus",
		"CANVASS_FORM_RATE":       "-3",
		"CANVASS_FORM_BURST":      "many",
	}
	_, err := LoadConfig(nil, func(k string) string { return env[k] })
	if err == nil {
		t.Fatal("bad configuration accepted")
	}
	for _, want := range []string{"CANVASS_ADDR", "CANVASS_PUBLIC_URL", "CANVASS_ADMIN_TOKEN", "CANVASS_LOG_LEVEL", "CANVASS_SMS_SESSION_TTL", "not-a-cidr", "TWILIO_ACCOUNT_SID", "MONGODB_URI",
		"CANVASS_TIME_ZONE", "CANVASS_FORM_RATE", "CANVASS_FORM_BURST"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %s:\n%v", want, err)
		}
	}
	// Flags override the environment.
	cfg, err := LoadConfig([]string{"-addr", "127.0.0.1:9999"}, func(k string) string { return map[string]string{"CANVASS_ADDR": ":1"}[k] })
	if err != nil || cfg.Addr != "127.0.0.1:9999" || cfg.SMSSessionTTL.Hours() != 24 {
		t.Fatalf("flags: %+v %v", cfg, err)
	}
	// Settings that change behaviour are in the table too: the results'
	// time zone and the form's rate limits.
	cfg, err = LoadConfig([]string{"-time-zone", "America/Chicago", "-form-rate", "12", "-form-burst", "3"}, func(string) string { return "" })
	if err != nil || cfg.TimeZone.String() != "America/Chicago" || cfg.FormPostsPerMinute != 12 || cfg.FormPostBurst != 3 {
		t.Fatalf("time zone and form limits: %+v %v", cfg, err)
	}
}

func TestUnknownCommand(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	err := run(context.Background(), []string{"frobnicate"}, func(string) string { return "" }, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Fatalf("got %v", err)
	}
	out.Reset()
	if err := run(context.Background(), []string{"help"}, func(string) string { return "" }, &out, &out); err != nil || !strings.Contains(out.String(), "CANVASS_ADMIN_TOKEN") {
		t.Fatalf("help: %v\n%s", err, out.String())
	}
}
