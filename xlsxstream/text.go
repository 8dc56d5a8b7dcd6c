package xlsxstream

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Excel's limits on text, in characters as Excel counts them: UTF-16
// code units, so an emoji counts two.
const (
	MaxCellText  = 32767
	MaxSheetName = 31
)

// appendText writes s as an inline string's <t>, marked to keep its
// leading and trailing whitespace when it has some (Excel trims it
// otherwise).
func appendText(b []byte, s string) []byte {
	b = append(b, `<t>`...)
	start := len(b)
	b = appendEscaped(b, s, MaxCellText)
	b = escapeLiteralEscapes(b, start)
	if edgeSpace(b[start:]) {
		b = slices.Insert(b, start-1, []byte(` xml:space="preserve"`)...)
	}
	return append(b, `</t>`...)
}

// appendEscaped writes s as XML text or attribute value, keeping at most
// max characters: markup escaped, a carriage return as a reference (a
// parser would turn a literal one into a line feed), characters XML 1.0
// cannot carry and invalid UTF-8 dropped.
func appendEscaped(b []byte, s string, max int) []byte {
	units := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		raw := s[i : i+size]
		i += size
		if (r == utf8.RuneError && size == 1) || !xmlChar(r) {
			continue
		}
		if units += utf16.RuneLen(r); units > max {
			break
		}
		switch r {
		case '&':
			b = append(b, "&amp;"...)
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		case '"':
			b = append(b, "&quot;"...)
		case '\r':
			b = append(b, "&#xD;"...)
		default:
			b = append(b, raw...)
		}
	}
	return b
}

// xmlChar is whether XML 1.0 can carry r at all.
func xmlChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
		return false
	}
	return r <= utf8.MaxRune
}

// escapeLiteralEscapes protects text that looks like Excel's own escape
// for a character, _xHHHH_ (how Excel stores control characters): Excel
// would show "_x0041_" as "A". The underscore is escaped in turn, as
// _x005F_. It works on b[start:], already XML-escaped, so that it sees the
// text as written, after characters were dropped.
func escapeLiteralEscapes(b []byte, start int) []byte {
	for i := start; i < len(b); i++ {
		if b[i] == '_' && looksLikeEscape(b[i+1:]) {
			b = slices.Insert(b, i+1, []byte("x005F_")...)
			i += len("x005F_") // on to the inserted underscore, then past it
		}
	}
	return b
}

// looksLikeEscape is whether b starts with xHHHH_.
func looksLikeEscape(b []byte) bool {
	if len(b) < 6 || b[0] != 'x' || b[5] != '_' {
		return false
	}
	for _, c := range b[1:5] {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// edgeSpace is whether escaped text starts or ends with whitespace.
func edgeSpace(esc []byte) bool {
	if len(esc) == 0 {
		return false
	}
	space := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }
	return space(esc[0]) || space(esc[len(esc)-1]) ||
		bytes.HasPrefix(esc, []byte("&#xD;")) || bytes.HasSuffix(esc, []byte("&#xD;"))
}

// sheetNameForbidden are the characters Excel refuses in a sheet's name.
const sheetNameForbidden = `[]:*?/\`

// ValidSheetName says why Excel would refuse name as a sheet's name, or
// nil: empty, over MaxSheetName characters, holding any of []:*?/\ or a
// control character, starting or ending with an apostrophe, or
// "History", which Excel reserves.
func ValidSheetName(name string) error {
	switch {
	case name == "":
		return errors.New("xlsxstream: empty sheet name")
	case !utf8.ValidString(name):
		return fmt.Errorf("xlsxstream: sheet name %q is not UTF-8", name)
	case utf16Len(name) > MaxSheetName:
		return fmt.Errorf("xlsxstream: sheet name %q is over %d characters", name, MaxSheetName)
	case strings.ContainsAny(name, sheetNameForbidden):
		return fmt.Errorf("xlsxstream: sheet name %q holds one of %s", name, sheetNameForbidden)
	case strings.HasPrefix(name, "'") || strings.HasSuffix(name, "'"):
		return fmt.Errorf("xlsxstream: sheet name %q starts or ends with an apostrophe", name)
	case strings.EqualFold(name, "History"):
		return errors.New("xlsxstream: Excel reserves the sheet name History")
	}
	for _, r := range name {
		if r < 0x20 || !xmlChar(r) {
			return fmt.Errorf("xlsxstream: sheet name %q holds a control character", name)
		}
	}
	return nil
}

// SheetName makes text, such as a translated word, a valid sheet name:
// the characters Excel refuses dropped, apostrophes trimmed from the
// ends, cut at MaxSheetName characters; "Sheet1" if nothing valid is left.
func SheetName(text string) string {
	var b strings.Builder
	units := 0
	for _, r := range strings.ToValidUTF8(text, "") {
		if r < 0x20 || !xmlChar(r) || strings.ContainsRune(sheetNameForbidden, r) {
			continue
		}
		if units += utf16.RuneLen(r); units > MaxSheetName {
			break
		}
		b.WriteRune(r)
	}
	name := strings.Trim(b.String(), "'")
	if ValidSheetName(name) != nil {
		return "Sheet1"
	}
	return name
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
