package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"canvass/handlers"
)

// TestTwilioWebhookOtherAccount sends webhooks with a valid signature that
// name another AccountSid, or none: they are refused and change nothing.
func TestTwilioWebhookOtherAccount(t *testing.T) {
	t.Parallel()
	ours := "AC" + strings.Repeat("0", 32) // what inbound() names
	a := newSMSApp(t, withChange(func(s *handlers.Server) { s.SMS.AccountSID = ours }))
	const from = "+16175550177"
	for _, tc := range []struct {
		name, path, account string
		want                int
	}{
		{"text, another account", "/sms/twilio", "AC" + strings.Repeat("9", 32), http.StatusForbidden},
		{"text, no account", "/sms/twilio", "", http.StatusForbidden},
		{"status, another account", "/sms/twilio/status", "AC" + strings.Repeat("9", 32), http.StatusForbidden},
		{"text, this account", "/sms/twilio", ours, http.StatusOK},
		{"status, this account", "/sms/twilio/status", ours, http.StatusNoContent},
	} {
		form := inbound(a.nextSID(), from, "SAFE")
		if strings.HasSuffix(tc.path, "/status") {
			form = url.Values{"MessageSid": form["MessageSid"], "MessageStatus": {"delivered"}, "To": {from}}
		}
		form.Del("AccountSid")
		if tc.account != "" {
			form.Set("AccountSid", tc.account)
		}
		if code, body := a.post(tc.path, form, twilioToken); code != tc.want {
			t.Errorf("%s: %d, want %d: %.200s", tc.name, code, tc.want, body)
		}
		if tc.want == http.StatusForbidden && a.session(from) != nil {
			t.Fatalf("%s: a refused text started a conversation", tc.name)
		}
	}
	if a.session(from) == nil {
		t.Error("the text from this account started no conversation")
	}
}
