package main

import (
	"strings"
	"testing"

	"canvass/sms/twiliotest"
)

// Twilio credentials that cannot be valid stop canvass at start, with the
// setting named and the secret not repeated; real-looking ones start.
func TestConfigRefusesMalformedTwilioCredentials(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, sid, token, want string
	}{
		{"token with its line break", twiliotest.AccountSID, twiliotest.AuthToken + "\n", "TWILIO_AUTH_TOKEN: must be"},
		{"token in quotes", twiliotest.AccountSID, `"` + twiliotest.AuthToken + `"`, "TWILIO_AUTH_TOKEN: must be"},
		{"an API key secret, not the token", twiliotest.AccountSID, "kX3v9Qm2Lp8Rt5Wz1Yb7Nc4Hd6Jf0Gs2", "TWILIO_AUTH_TOKEN: must be"},
		{"a key SID, not the account's", "SK" + strings.Repeat("a", 32), twiliotest.AuthToken, "TWILIO_ACCOUNT_SID=\"SK"},
		{"short SID", "AC123", twiliotest.AuthToken, "TWILIO_ACCOUNT_SID=\"AC123\": must be"},
		{"valid", twiliotest.AccountSID, twiliotest.AuthToken, ""},
	} {
		env := map[string]string{"TWILIO_ACCOUNT_SID": c.sid, "TWILIO_AUTH_TOKEN": c.token, "TWILIO_FROM": "+15005550006"}
		_, err := LoadConfig(nil, func(k string) string { return env[k] })
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: %v, want an error with %q", c.name, err, c.want)
		case err != nil && strings.Contains(err.Error(), strings.TrimSpace(c.token)):
			t.Errorf("%s: the error repeats the token: %v", c.name, err)
		}
	}
}
