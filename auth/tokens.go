package auth

import (
	"strings"

	"canvass/ids"
)

// Secrets handed to users. Each carries 256 random bits, so storing only
// its SHA-256 (HashToken) is safe: there is nothing to guess, and the hash
// is the lookup key.
const (
	// APITokenPrefix marks canvass API tokens, so secret scanners and
	// people can recognize one pasted where it should not be.
	APITokenPrefix = "cvt_"
	// sessionTokenPrefix marks session cookies' values.
	sessionTokenPrefix = "cvs_"
)

// NewAPIToken returns a new API token; show it once and store HashToken.
func NewAPIToken() string { return APITokenPrefix + randomString(32) }

// NewSessionToken returns a new session token for a cookie.
func NewSessionToken() string { return sessionTokenPrefix + randomString(32) }

// IsAPIToken reports whether s looks like a canvass API token.
func IsAPIToken(s string) bool { return strings.HasPrefix(s, APITokenPrefix) }

// TokenID is the public name of a stored token: the start of its hash. It
// lets a page offer "revoke" without putting the lookup key in the HTML.
func TokenID(hash string) string {
	if len(hash) < 16 {
		return hash
	}
	return hash[:16]
}

func randomString(n int) string {
	return ids.Token(n)
}

// passwordAlphabet leaves out characters read alike (0/O, 1/l/I), since a
// generated password is often read off a screen and typed.
const passwordAlphabet = "abcdefghijkmnpqrstuvwxyz23456789"

// GeneratePassword returns a random password of four groups of five
// characters (100 bits), easy to type and well over MinPasswordLen.
func GeneratePassword() string {
	b := ids.Bytes(20)
	var sb strings.Builder
	for i, x := range b {
		if i > 0 && i%5 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(passwordAlphabet[int(x)%len(passwordAlphabet)])
	}
	return sb.String()
}

// NewID returns a random identifier with a prefix ("u_" for users): 96
// bits, unguessable, and readable in logs and URLs.
func NewID(prefix string) string { return prefix + randomString(12) }
