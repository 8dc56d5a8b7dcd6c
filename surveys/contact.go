package surveys

import (
	"net/mail"
	"net/url"
	"strings"
	"unicode"
)

// maxContact bounds a contact: it travels in an SMS HELP reply.
const maxContact = 100

// ValidContact reports whether s is a contact a resident can use: a phone
// number (7 to 15 digits, with the usual spaces, dashes, dots and
// parentheses, an optional leading +), an email address, or an http(s)
// web address.
func ValidContact(s string) bool {
	if s == "" || len(s) > maxContact || strings.TrimSpace(s) != s {
		return false
	}
	if u, err := url.Parse(s); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		return true
	}
	if a, err := mail.ParseAddress(s); err == nil && a.Address == s && a.Name == "" {
		return true
	}
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == ' ', r == '-', r == '.', r == '(', r == ')':
		case unicode.IsSpace(r):
		default:
			return false
		}
	}
	return digits >= 7 && digits <= 15
}
