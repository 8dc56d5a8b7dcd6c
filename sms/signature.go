package sms

import (
	"crypto/subtle"
	"net/url"

	"github.com/twilio/twilio-go/client"
)

// SignatureHeader carries Twilio's signature of a webhook request.
const SignatureHeader = "X-Twilio-Signature"

// Verifier checks X-Twilio-Signature on webhook requests.
//
// Twilio signs the URL it was configured with. Behind a proxy or a tunnel
// the request reaching canvass has another scheme and host, so the URL is
// rebuilt from the configured public base URL and the request's path and
// query, never from the request's Host header (which a caller controls).
type Verifier struct {
	validator client.RequestValidator
	base      string
}

// NewVerifier returns a Verifier for the account's auth token and the
// public base URL (CANVASS_PUBLIC_URL, without a trailing slash).
func NewVerifier(authToken, publicURL string) *Verifier {
	return &Verifier{validator: client.NewRequestValidator(authToken), base: publicURL}
}

// Verify reports whether sig is Twilio's signature of a POST to
// pathAndQuery (as in the request line: "/sms/twilio/status?ref=1") with
// the form parameters of its body. twilio-go compares in constant time and
// accepts the URL with or without its default port, as Twilio signs both ways.
func (v *Verifier) Verify(pathAndQuery string, form url.Values, sig string) bool {
	if sig == "" {
		return false
	}
	params := make(map[string]string, len(form))
	for k, vs := range form {
		if len(vs) > 0 {
			params[k] = vs[0]
		}
	}
	return v.validator.Validate(v.base+pathAndQuery, params, sig)
}

// FromAccount reports whether a webhook's form names account as its
// AccountSid. A valid signature proves who signed, not for which account:
// a number of a subaccount, or of another account sharing the token's
// owner, can be pointed at this URL. An empty AccountSid never matches.
func FromAccount(form url.Values, account string) bool {
	got := form.Get("AccountSid")
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(account)) == 1
}
