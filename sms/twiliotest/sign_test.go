package twiliotest

import (
	"net/url"
	"testing"
)

// The examples of Twilio's webhook security documentation: a signer that
// agreed only with canvass's verifier could share its mistakes.
func TestSignMatchesTwiliosExamples(t *testing.T) {
	t.Parallel()
	for phone, want := range map[string]string{
		"+14158675309": "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
		"+14158675310": "GvWf1cFY/Q7PnoempGyD5oXAezc=",
	} {
		form := url.Values{"CallSid": {"CA1234567890ABCDE"}, "Caller": {phone}, "Digits": {"1234"}, "From": {phone}, "To": {"+18005551212"}}
		if got := Sign("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", form); got != want {
			t.Errorf("caller %s: Sign = %s, want %s", phone, got, want)
		}
	}
}
