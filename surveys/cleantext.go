package surveys

import "strings"

// CleanText is the one rule for text a resident typed, whatever the
// channel (a text answer on the web form, an SMS body): it keeps what a
// person writes and drops what only a machine or an attacker would send.
// Dropped are control characters (NUL, ESC, DEL, the C1 range) other than
// tab and line breaks, and the bidirectional embedding, override and
// isolate characters (U+202A–U+202E, U+2066–U+2069), which can make a
// stored answer read differently in a table or export than it was typed
// ("Trojan Source"). Line breaks become "\n". The marks LRM, RLM and ALM,
// and joiners, stay: Arabic and other scripts use them in ordinary text.
// Invalid UTF-8 becomes U+FFFD.
func CleanText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	prevCR := false
	for _, r := range s {
		cr := r == '\r'
		switch {
		case cr:
			b.WriteByte('\n')
		case r == '\n' && prevCR: // "\r\n" is one line break
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20, r >= 0x7f && r <= 0x9f, isBidiControl(r):
		default:
			b.WriteRune(r)
		}
		prevCR = cr
	}
	return b.String()
}

// isBidiControl reports the characters that change the direction of the
// text around them: embeddings and overrides (LRE, RLE, PDF, LRO, RLO)
// and isolates (LRI, RLI, FSI, PDI).
func isBidiControl(r rune) bool {
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}
