package sms

// Twilio's credentials have fixed shapes: an account SID is "AC" and 32
// hexadecimal digits, an auth token 32 hexadecimal digits. A value of
// another shape (a stray space, quotes, a newline, an API key secret) can
// never authenticate, and twilio-go refuses some of them locally with an
// error that reads like a refused message: canvass checks them at start.

// ValidAccountSID reports whether s has the shape of a Twilio account SID.
func ValidAccountSID(s string) bool {
	return len(s) == 34 && s[:2] == "AC" && isHex(s[2:])
}

// ValidAuthToken reports whether s has the shape of a Twilio auth token.
func ValidAuthToken(s string) bool { return len(s) == 32 && isHex(s) }

func isHex(s string) bool {
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
