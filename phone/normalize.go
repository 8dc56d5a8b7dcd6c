// Package phone turns phone numbers as people write them into E.164, the
// one form canvass stores, pseudonymizes and sends to, and seals them for
// storage. It is pure: no database, no HTTP.
//
// Numbers are read and checked against libphonenumber's numbering plans
// (github.com/nyaruka/phonenumbers, the port RapidPro and courier use).
// On top of it canvass adds only its own policy: a number with words or an
// extension in it is refused rather than guessed at, and a leading 00 is
// an international prefix whatever the default region.
package phone

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/nyaruka/phonenumbers"
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
// 3166 code such as "US"; see Regions). Numbers libphonenumber does not
// know as valid are refused: a text to them could not arrive.
func Normalize(raw, region string) (string, error) {
	region = strings.ToUpper(strings.TrimSpace(region))
	s := strings.TrimSpace(strings.Map(plainSpace, raw))
	if s == "" {
		return fail(ReasonEmpty)
	}
	// libphonenumber would keep the extension aside and turn the letters
	// of "1-800-FLOWERS" into digits; a text reaches neither, and a cell
	// holding words ("Tel: …", "mom's") is a note rather than a number.
	s, ext := phonenumbers.MaybeSeparateExtensionFromPhone(s)
	if ext != "" {
		return fail(ReasonExtension)
	}
	if strings.ContainsFunc(s, unicode.IsLetter) {
		return fail(ReasonLetters)
	}
	digits := phonenumbers.NormalizeDigitsOnly(s)
	if digits == "" {
		return fail(ReasonEmpty)
	}
	e164, reason := parse(s, region)
	// Where 00 is not the international prefix (the US dials 011), people
	// who call abroad still write it, as their relatives' countries do.
	if reason != "" && !hasPlus(s) && strings.HasPrefix(digits, "00") {
		e164, reason = parse("+"+digits[2:], region)
	}
	if reason != "" {
		return fail(reason)
	}
	return e164, nil
}

// plainSpace turns every kind of space into a plain one and drops
// invisible format characters: spreadsheets in French or Arabic locales
// write no-break spaces and direction marks into numbers, which
// libphonenumber does not read.
func plainSpace(r rune) rune {
	switch {
	case unicode.IsSpace(r):
		return ' '
	case unicode.Is(unicode.Cf, r):
		return -1
	}
	return r
}

func hasPlus(s string) bool { return strings.ContainsAny(s, "+\uff0b") }

// parse reads s with libphonenumber and returns it in E.164, or the
// reason it is refused.
func parse(s, region string) (string, string) {
	n, err := phonenumbers.Parse(s, region)
	switch {
	case err == nil:
	case errors.Is(err, phonenumbers.ErrInvalidCountryCode) && hasPlus(s):
		return "", ReasonCountryCode
	case errors.Is(err, phonenumbers.ErrInvalidCountryCode):
		return "", ReasonNational // no country code, and region is none libphonenumber knows
	case errors.Is(err, phonenumbers.ErrTooShortNSN), errors.Is(err, phonenumbers.ErrTooShortAfterIDD):
		return "", ReasonTooShort
	case errors.Is(err, phonenumbers.ErrNumTooLong):
		return "", ReasonTooLong
	default:
		return "", ReasonLetters
	}
	switch phonenumbers.IsPossibleNumberWithReason(n) {
	case phonenumbers.TOO_SHORT, phonenumbers.IS_POSSIBLE_LOCAL_ONLY: // a local number lacks its area code
		return "", ReasonTooShort
	case phonenumbers.TOO_LONG:
		return "", ReasonTooLong
	case phonenumbers.INVALID_LENGTH:
		return "", lengthReason(n)
	}
	if !phonenumbers.IsValidNumber(n) {
		return "", ReasonAreaCode
	}
	return phonenumbers.Format(n, phonenumbers.E164), ""
}

// lengthReason words a length that falls in a gap of a country's plan
// (nine digits in Colombia, whose plan has shorter and longer numbers) as
// too short or too long against that country's mobile numbers, which
// are what gets texted.
func lengthReason(n *phonenumbers.PhoneNumber) string {
	region := phonenumbers.GetRegionCodeForCountryCode(int(n.GetCountryCode()))
	ex := phonenumbers.GetExampleNumberForType(region, phonenumbers.MOBILE)
	if ex != nil && len(phonenumbers.GetNationalSignificantNumber(n)) > len(phonenumbers.GetNationalSignificantNumber(ex)) {
		return ReasonTooLong
	}
	return ReasonTooShort
}

// Regions lists the region codes Normalize accepts as a default.
func Regions() []string {
	return slices.Sorted(maps.Keys(phonenumbers.GetSupportedRegions()))
}

// KnownRegion reports whether Normalize can read national numbers of code.
func KnownRegion(code string) bool {
	return phonenumbers.GetSupportedRegions()[strings.ToUpper(strings.TrimSpace(code))]
}

// Mask shows the last four digits of a number only ("•••• 0142"), enough
// for an organizer to recognize a contact without the list exposing it.
func Mask(e164 string) string {
	if len(e164) <= 4 {
		return "••••"
	}
	return "•••• " + e164[len(e164)-4:]
}
