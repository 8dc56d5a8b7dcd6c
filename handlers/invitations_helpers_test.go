package handlers_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"canvass/sms/twiliotest"
)

// inviteApp is an SMS test server with contacts and invitations on, an
// outbox worker sending to a fake Twilio (tw), and the example survey
// open.
type inviteApp struct{ *smsApp }

func newInviteApp(t *testing.T, opts ...appOption) *inviteApp {
	t.Helper()
	return &inviteApp{newSMSApp(t, append([]appOption{withSending()}, opts...)...)}
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
