// Package phone turns phone numbers as people write them into E.164, the
// one form canvass stores, pseudonymizes and sends to, and seals them for
// storage. It is pure: no database, no HTTP.
//
// The normalizer is deliberately small: international numbers are checked
// against the ITU country codes and E.164's length, national numbers against
// the default region's dialing rules (see regions.go). It does not know
// every country's numbering plan the way libphonenumber does; what it cannot
// tell apart it accepts, and Twilio rejects the rest at send time (error
// 21211), which the outbox records as a failed message.
package phone

import (
	"regexp"
	"strings"
	"unicode"
)

// Reasons a number is rejected. Each is a message ID of locales/invite.*.yaml.
const (
	ReasonEmpty       = "phone.empty"
	ReasonLetters     = "phone.letters"
	ReasonExtension   = "phone.extension"
	ReasonTooShort    = "phone.too_short"
	ReasonTooLong     = "phone.too_long"
	ReasonCountryCode = "phone.country_code"
	ReasonAreaCode    = "phone.area_code"
	ReasonNational    = "phone.national_format"
)

// Error says why a number is not a phone number canvass can text.
type Error struct {
	Reason string // a Reason* message ID
}

func (e *Error) Error() string { return "phone: " + e.Reason }

func fail(reason string) (string, error) { return "", &Error{Reason: reason} }

// Normalize returns raw in E.164 ("+16175550142"). A number without an
// international prefix is read as a national number of region (an ISO
// 3166 code such as "US"; see Regions).
func Normalize(raw, region string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return fail(ReasonEmpty)
	}
	s = strings.ReplaceAll(s, "(0)", "") // "+44 (0)20 …": the 0 is dialled only nationally
	if extension.MatchString(s) {
		return fail(ReasonExtension)
	}
	plus := false
	var digits strings.Builder
	for _, r := range s {
		if d, ok := digitValue(r); ok {
			digits.WriteByte(byte('0' + d))
			continue
		}
		switch {
		case r == '+' && digits.Len() == 0 && !plus:
			plus = true
		case unicode.IsLetter(r):
			return fail(ReasonLetters)
		case strings.ContainsRune(" \u00a0\u2007\u202f\t-‐‑‒–—./()[]'\u200e\u200f", r):
			// separators people and spreadsheets put in numbers
		default:
			return fail(ReasonLetters)
		}
	}
	d := digits.String()
	if d == "" {
		return fail(ReasonEmpty)
	}
	rg, ok := regionInfo(region)
	switch {
	case plus:
		return international(d)
	case strings.HasPrefix(d, "00"):
		return international(d[2:])
	case ok && rg.code == "1" && strings.HasPrefix(d, "011"):
		return international(d[3:])
	}
	if !ok {
		return fail(ReasonNational)
	}
	return national(d, rg)
}

// extension matches a number that ends in an extension ("x12", "ext. 12",
// "#12", ";ext=12"): a text message cannot reach an extension.
var extension = regexp.MustCompile(`(?i)\d.*?(?:ext(?:ension)?|x|#|;ext=)[.:]?\s*\d+\s*$`)

// digitValue reads ASCII digits and the digits spreadsheets in Arabic or
// Persian locales, and full-width input methods, write.
func digitValue(r rune) (int, bool) {
	for _, zero := range []rune{'0', '\u0660', '\u06f0', '\uff10'} {
		if r >= zero && r <= zero+9 {
			return int(r - zero), true
		}
	}
	return 0, false
}

// international checks digits that follow an international prefix: a
// country code, then the national number.
func international(d string) (string, error) {
	if len(d) < 7 {
		return fail(ReasonTooShort)
	}
	if len(d) > 15 {
		return fail(ReasonTooLong)
	}
	cc := countryCode(d)
	if cc == "" {
		return fail(ReasonCountryCode)
	}
	if rg, ok := regionByCode(cc); ok {
		return checkNational(d[len(cc):], rg)
	}
	return "+" + d, nil
}

// national checks a number written as it is dialled inside region.
func national(d string, rg region) (string, error) {
	if rg.trunk != "" && strings.HasPrefix(d, rg.trunk) && !rg.validLen(len(d)) {
		d = d[len(rg.trunk):]
	}
	return checkNational(d, rg)
}

// checkNational checks a national significant number against its region's
// lengths (and, for +1, the North American plan) and returns it in E.164.
func checkNational(nsn string, rg region) (string, error) {
	if rg.code == "1" && len(nsn) == 11 && nsn[0] == '1' {
		nsn = nsn[1:] // "+1 1 617 …" and "1 617 …" both happen
	}
	if rg.trunk == "0" && strings.HasPrefix(nsn, "0") {
		return fail(ReasonNational) // "+44 020 …": a trunk 0 after the country code
	}
	switch {
	case len(nsn) < rg.minLen:
		return fail(ReasonTooShort)
	case len(nsn) > rg.maxLen:
		return fail(ReasonTooLong)
	}
	if rg.code == "1" && !validNANP(nsn) {
		return fail(ReasonAreaCode)
	}
	return "+" + rg.code + nsn, nil
}

// validNANP checks a ten-digit North American number: area code and
// exchange start with 2–9, and the area code is not an N11 service code.
func validNANP(n string) bool {
	if len(n) != 10 || n[0] < '2' || n[3] < '2' {
		return false
	}
	return !(n[1] == '1' && n[2] == '1')
}

// Mask shows the last four digits of a number only ("•••• 0142"), enough
// for an organizer to recognize a contact without the list exposing it.
func Mask(e164 string) string {
	if len(e164) <= 4 {
		return "••••"
	}
	return "•••• " + e164[len(e164)-4:]
}
