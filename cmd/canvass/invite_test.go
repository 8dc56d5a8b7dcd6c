package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"canvass/invite"
	"canvass/sms/twiliotest"
	"canvass/store/storetest"
)

// runWithTwilio boots the program with SMS on, its Twilio calls going to tw.
func runWithTwilio(t *testing.T, tw *twiliotest.Server, dataDir string) *Main {
	t.Helper()
	env := map[string]string{
		"CANVASS_ADDR": "127.0.0.1:0", "CANVASS_DATA": dataDir, "CANVASS_ADMIN_TOKEN": testAdminToken,
		"TWILIO_ACCOUNT_SID": twiliotest.AccountSID, "TWILIO_AUTH_TOKEN": twiliotest.AuthToken, "TWILIO_FROM": "+15005550006",
		"CANVASS_SMS_RATE": "5", "CANVASS_PUBLIC_URL": "https://survey.example.org",
	}
	cfg, err := LoadConfig(nil, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	m := NewMain(cfg, newLogger(logs, "info"))
	m.TwilioHTTP = tw.Client()
	if err := m.Run(context.Background()); err != nil {
		t.Fatalf("run: %v\n%s", err, logs)
	}
	return m
}

func apiCall(t *testing.T, method, url, contentType, body string, out any) int {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+testAdminToken)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v: %s", method, url, err, b)
		}
	}
	return resp.StatusCode
}

// A restart in the middle of a batch sends every message exactly once:
// the outbox is in the database, and the new process picks up where the
// old one stopped.
func TestInvitationsSurviveARestart(t *testing.T) {
	t.Parallel()
	tw := twiliotest.New(t)
	dir := t.TempDir()
	m := runWithTwilio(t, tw, dir)
	var csv strings.Builder
	csv.WriteString("phone,language,neighborhood,consent_source,consent_date\n")
	const n = 12
	for i := range n {
		fmt.Fprintf(&csv, "617-555-%04d,%s,riverside,door knocking,2026-03-01\n", 2000+i, []string{"en", "es", "so", "vi", "ar", "ht"}[i%6])
	}
	var imported struct{ Created int }
	if code := apiCall(t, "POST", m.URL()+"/api/v1/contacts/import", "text/csv", csv.String(), &imported); code != http.StatusOK || imported.Created != n {
		t.Fatalf("import: %d %+v", code, imported)
	}
	path := m.URL() + "/api/v1/surveys/safety-spring-2026/invitations"
	var est struct{ Segments int }
	apiCall(t, "POST", path+"/preview", "application/json", `{}`, &est)
	var batch struct{ ID string }
	if code := apiCall(t, "POST", path, "application/json", fmt.Sprintf(`{"estimated_segments": %d}`, est.Segments), &batch); code != http.StatusAccepted {
		t.Fatalf("send: %d", code)
	}
	tw.WaitMessages(t, 3)
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	stoppedAt := len(tw.Messages())
	if stoppedAt >= n {
		t.Fatalf("all %d sent before the restart; the test proves nothing", stoppedAt)
	}
	m2 := runWithTwilio(t, tw, dir)
	defer m2.Close()
	storetest.WaitBatch(t, m2.Store, batch.ID, func(b *invite.Batch) bool { return b.Pending() == 0 })
	var b struct {
		State  string
		Counts struct{ Accepted int }
	}
	apiCall(t, "GET", m2.URL()+"/api/v1/batches/"+batch.ID, "", "", &b)
	if b.State != "done" || b.Counts.Accepted != n {
		t.Fatalf("after the restart: %+v", b)
	}
	for to, c := range tw.CountTo() {
		if c != 1 {
			t.Errorf("%s received %d messages", to, c)
		}
	}
	if got := len(tw.CountTo()); got != n {
		t.Errorf("%d numbers received a message, want %d", got, n)
	}
	for _, msg := range tw.Messages() {
		if !strings.HasPrefix(msg.StatusCallback, "https://survey.example.org/sms/twilio/status?ref=") {
			t.Errorf("status callback %q is not built from CANVASS_PUBLIC_URL", msg.StatusCallback)
		}
	}
}
