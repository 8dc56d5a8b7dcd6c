package sms

import (
	"sync"

	"github.com/warthog618/sms"
	"github.com/warthog618/sms/encoding/gsm7/charset"
	"github.com/warthog618/sms/encoding/tpdu"
)

// Encodings a text can travel in.
const (
	// GSM7 is the GSM 03.38 7-bit alphabet: 160 characters in one segment,
	// 153 a segment when split; its extension characters (^ { } [ ] ~ | \ €)
	// count as two.
	GSM7 = "GSM-7"
	// UCS2 is used as soon as one character is outside GSM-7 (Arabic,
	// Vietnamese tone marks, emoji, curly quotes): 70 UTF-16 units in one
	// segment, 67 a segment when split.
	UCS2 = "UCS-2"
)

// Count tells how text travels by SMS: its encoding, its length in that
// encoding's units (septets or UTF-16 units) and the number of segments,
// each billed as one message. It uses warthog618/sms, which implements
// 3GPP TS 23.038 and 23.040, with the default GSM alphabet only: US
// carriers do not use the national language shift tables.
func Count(text string) (encoding string, units, segments int) {
	charsetReady.Do(loadCharsets)
	if text == "" {
		return GSM7, 0, 0
	}
	ud, _, alpha := tpdu.EncodeUserData([]byte(text))
	pdus, err := sms.Encode([]byte(text))
	if err != nil {
		// Encode fails only on a conflicting data coding scheme, which the
		// default options never produce; count it as the costly case.
		return UCS2, len([]rune(text)), len(pdus)
	}
	if alpha == tpdu.AlphaUCS2 {
		return UCS2, len(ud) / 2, len(pdus)
	}
	return GSM7, len(ud), len(pdus)
}

// warthog618/sms fills its default GSM-7 tables lazily on first use, and
// without a lock: two messages counted at once for the first time race on
// them. They are filled once here before any count.
var charsetReady sync.Once

func loadCharsets() {
	charset.DefaultEncoder()
	charset.DefaultDecoder()
	charset.DefaultExtEncoder()
	charset.DefaultExtDecoder()
}
