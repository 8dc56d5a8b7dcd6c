package surveys

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// Numbers are read the same on every channel: a resident writes digits of
// their own script (Arabic-Indic ٣, Persian ۳, full-width ３) on a phone
// keyboard as readily as 3, by SMS or on the web form.

// ASCIIDigit maps a decimal digit of any script (Eastern Arabic ٠-٩,
// Persian ۰-۹, Devanagari, full-width, ...) to '0'-'9'. Unicode encodes
// every script's decimal digits as runs of ten from zero, and the Nd table
// lists those runs, so a digit's value is its offset in its run modulo 10.
func ASCIIDigit(r rune) (rune, bool) {
	if r >= '0' && r <= '9' {
		return r, true
	}
	if r < 0x80 || !unicode.Is(unicode.Nd, r) {
		return 0, false
	}
	for _, rg := range unicode.Nd.R16 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return '0' + (r-rune(rg.Lo))%10, true
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return '0' + (r-rune(rg.Lo))%10, true
		}
	}
	return 0, false
}

// ParseWhole reads a whole number written with digits of any script, a
// minus sign (- or −), and thousands grouped by "," "." "٬" or a space
// ("1,200", "1.200", "١٬٢٠٠"); false when it is not one ("1.5", "12,5").
func ParseWhole(s string) (int, bool) {
	norm := strings.Map(func(r rune) rune {
		if d, ok := ASCIIDigit(r); ok {
			return d
		}
		switch r {
		case '\u2212', '\uff0d':
			return '-'
		case '.', '\u066c', ' ', '\u00a0', '\u202f':
			return ','
		}
		return r
	}, strings.TrimSpace(s))
	if !wholeNumber.MatchString(norm) {
		return 0, false
	}
	n, err := strconv.Atoi(strings.ReplaceAll(norm, ",", ""))
	return n, err == nil
}

// wholeNumber is a normalized whole number: digits, thousands grouped by
// commas.
var wholeNumber = regexp.MustCompile(`^-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)$`)
