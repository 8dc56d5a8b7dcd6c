package handlers_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"canvass/handlers"
	"canvass/invite"
	"canvass/outbox"
	canvassphone "canvass/phone"
	"canvass/sms"
	"canvass/sms/twiliotest"
)

// inviteApp is an SMS test server with contacts and invitations on, an
// outbox worker sending to a fake Twilio, and the example survey open.
type inviteApp struct {
	*smsApp
	tw     *twiliotest.Server
	sealer *canvassphone.Sealer
	worker *outbox.Worker
}

const inviteFrom = "+15005550006"

func newInviteApp(t *testing.T) *inviteApp {
	t.Helper()
	a := &inviteApp{smsApp: newSMSApp(t), tw: twiliotest.New(t)}
	key := []byte("test-pseudonym-key-0123456789abcdef")
	var err error
	if a.sealer, err = canvassphone.NewSealer(key); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Store.SealPhonesWith(context.Background(), a.sealer); err != nil {
		t.Fatal(err)
	}
	a.worker = &outbox.Worker{
		Queue: a.Store, OptOuts: a.Store, Phones: a.sealer, ID: "test-worker", PublicURL: publicURL, Rate: 200,
		Sender: sms.NewSender(sms.SenderConfig{AccountSID: twiliotest.AccountSID, AuthToken: twiliotest.AuthToken, From: inviteFrom, HTTPClient: a.tw.Client()}),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Poll: 50 * time.Millisecond, Lease: 2 * time.Second, SendLease: 2 * time.Second,
	}
	a.Server.Invite = &handlers.InviteConfig{Store: a.Store, Pseudonyms: a.pseudonyms, Phones: a.sealer, Region: "US", Sender: inviteFrom,
		Wake: a.worker.Wake, SegmentPrice: 0.0083, Currency: "USD"}
	hs := httptest.NewServer(a.Server.Handler())
	t.Cleanup(hs.Close)
	a.URL = hs.URL
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); a.worker.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return a
}

// call sends a JSON (or raw) request with the admin token and decodes the
// JSON answer into out (when not nil); it returns the status.
func (a *inviteApp) call(method, path, contentType, body string, out any) int {
	a.t.Helper()
	req, _ := http.NewRequest(method, a.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+adminToken)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			a.t.Fatalf("%s %s: %v: %s", method, path, err, b)
		}
	}
	return resp.StatusCode
}

// waitBatch polls a batch until pred holds.
func (a *inviteApp) waitBatch(id string, pred func(*invite.Batch) bool) *invite.Batch {
	a.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		b, err := a.Store.Batch(context.Background(), id)
		if err != nil {
			a.t.Fatal(err)
		}
		if pred(b) {
			return b
		}
		if time.Now().After(deadline) {
			a.t.Fatalf("batch %s: condition not reached: %+v", id, b)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// deliver plays Twilio posting a status callback for a message it
// received, to the URL the sender gave it.
func (a *inviteApp) deliver(m twiliotest.Message, status, errorCode string) {
	a.t.Helper()
	u, err := url.Parse(m.StatusCallback)
	if err != nil || !strings.HasPrefix(m.StatusCallback, publicURL+"/sms/twilio/status?ref=") {
		a.t.Fatalf("status callback URL %q", m.StatusCallback)
	}
	form := url.Values{"MessageSid": {m.SID}, "MessageStatus": {status}, "To": {m.To}, "From": {inviteFrom},
		"AccountSid": {twiliotest.AccountSID}, "ApiVersion": {"2010-04-01"}}
	if errorCode != "" {
		form.Set("ErrorCode", errorCode)
	}
	if code, body := a.post(u.RequestURI(), form, twilioToken); code != http.StatusNoContent && code != http.StatusOK {
		a.t.Fatalf("status callback: %d %s", code, body)
	}
}

func decodeJSON(r io.Reader, out any) error { return json.NewDecoder(r).Decode(out) }
