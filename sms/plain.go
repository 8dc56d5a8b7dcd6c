package sms

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/warthog618/sms/encoding/gsm7/charset"
	"golang.org/x/text/unicode/norm"
)

// One character outside GSM-7 makes a whole message UCS-2, which fits
// less than half as many characters a segment. Often it is one a reader
// would not miss: a curly quote pasted from a word processor, or an
// accent on a letter that reads as well without it.

// UCS2Characters lists the characters of text outside GSM-7, each once in
// the order they first appear: the ones that make it travel as UCS-2.
func UCS2Characters(text string) []string {
	var seen []rune
	for _, r := range text {
		if !isGSM7(r) && !slices.Contains(seen, r) {
			seen = append(seen, r)
		}
	}
	if seen == nil {
		return nil
	}
	out := make([]string, len(seen))
	for i, r := range seen {
		out[i] = string(r)
	}
	return out
}

// isGSM7 reports whether r is in the GSM 03.38 default alphabet or its
// extension table.
func isGSM7(r rune) bool {
	if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == ' ' {
		return true // most of every text, checked without a table
	}
	charsetReady.Do(loadCharsets)
	if _, ok := charset.DefaultEncoder()[r]; ok {
		return true
	}
	_, ok := charset.DefaultExtEncoder()[r]
	return ok
}

// PlainPunctuation replaces the typographic characters outside GSM-7 with
// the GSM-7 ones a reader takes for the same: ’ and ‘ by ', “ and ” by ",
// dashes by -, … by ..., unusual spaces by a space; invisible ones (a
// zero-width space, a soft hyphen) are dropped. Nothing else changes.
func PlainPunctuation(text string) string {
	return rewrite(text, false)
}

// PlainLetters is PlainPunctuation, and letters outside GSM-7 lose their
// accents, only as many as it takes to reach a GSM-7 letter: á→a, È→E,
// ầ→a, Ǜ→Ü, ç→c. Letters GSM-7 has keep theirs (é, è, ò, ñ, ü), and so do
// ¿ and ¡. Characters without such a form (Arabic, emoji) stay, so the
// text may still be UCS-2. It is for languages written in the Latin
// script that read well without their accents: Spanish, Haitian Creole.
func PlainLetters(text string) string {
	return rewrite(text, true)
}

// rewrite replaces every character outside GSM-7 that has a plain form.
// A text already in GSM-7, most of them, is returned as it is.
func rewrite(text string, letters bool) string {
	i := strings.IndexFunc(text, func(r rune) bool { return !isGSM7(r) })
	if i < 0 {
		return text
	}
	if letters {
		// A letter and its accent typed as two characters (a text pasted
		// from some Mac apps) is the one GSM-7 letter it may make: e+◌́ is é.
		text = norm.NFC.String(text)
		i = strings.IndexFunc(text, func(r rune) bool { return !isGSM7(r) })
		if i < 0 {
			return text
		}
	}
	var b strings.Builder
	b.Grow(len(text))
	b.WriteString(text[:i])
	for _, r := range text[i:] {
		if isGSM7(r) {
			b.WriteRune(r)
			continue
		}
		if s, ok := sameReading(r); ok {
			b.WriteString(s)
			continue
		}
		if letters {
			if s, ok := plainLetter(r); ok {
				b.WriteString(s)
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Replacements lists, once each, the replacements PlainPunctuation makes
// in text ("’ → '"): an alternative an organizer can type, which reads
// the same.
func Replacements(text string) []string {
	var out []string
	for _, r := range text {
		if s, ok := sameReading(r); ok && !isGSM7(r) {
			pair := string(r) + " → " + s
			if s == "" {
				// Invisible: named by its code point, and simply dropped.
				pair = fmt.Sprintf("U+%04X → ∅", r)
			}
			if !slices.Contains(out, pair) {
				out = append(out, pair)
			}
		}
	}
	return out
}

// sameReading is the GSM-7 text a reader takes for r, when there is one.
func sameReading(r rune) (string, bool) {
	switch r {
	case '‘', '’', '‚', '‛', '′', 'ʼ':
		return "'", true
	case '“', '”', '„', '‟', '″':
		return `"`, true
	case '‐', '‑', '‒', '–', '—', '―', '−':
		return "-", true
	case '…':
		return "...", true
	case '\u00a0', '\u2002', '\u2003', '\u2007', '\u2009', '\u200a', '\u202f', '\t':
		return " ", true
	case '\u200b', '\u00ad', '\u2060', '\ufeff':
		return "", true
	}
	return "", false
}

// plainLetter takes accents off r, the last first, until it is a GSM-7
// letter: Ǜ (U, diaeresis, grave) is Ü, not U. A few letters whose mark
// is not a separate accent in Unicode are mapped by hand.
func plainLetter(r rune) (string, bool) {
	switch r {
	case 'đ':
		return "d", true
	case 'Đ':
		return "D", true
	case 'ł':
		return "l", true
	case 'Ł':
		return "L", true
	case 'º':
		return "o", true
	case 'ª':
		return "a", true
	}
	var buf [utf8.UTFMax]byte
	d := norm.NFD.Properties(buf[:utf8.EncodeRune(buf[:], r)]).Decomposition()
	for len(d) > 0 {
		last, size := utf8.DecodeLastRune(d)
		if size == len(d) || !unicode.Is(unicode.Mn, last) {
			return "", false
		}
		d = d[:len(d)-size]
		if base, n := utf8.DecodeRune(d); n == len(d) {
			// Down to the bare letter: no need to compose.
			return string(base), isGSM7(base)
		}
		if c := norm.NFC.String(string(d)); allGSM7(c) {
			return c, true
		}
	}
	return "", false
}

func allGSM7(s string) bool {
	for _, r := range s {
		if !isGSM7(r) {
			return false
		}
	}
	return true
}
