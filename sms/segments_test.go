package sms

import (
	"strings"
	"testing"
)

func TestCount(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		enc        string
		units, seg int
	}{
		{"empty", "", GSM7, 0, 0},
		{"one GSM segment", strings.Repeat("a", 160), GSM7, 160, 1},
		{"two GSM segments", strings.Repeat("a", 161), GSM7, 161, 2},
		{"153 per split segment", strings.Repeat("a", 306), GSM7, 306, 2},
		{"three GSM segments", strings.Repeat("a", 307), GSM7, 307, 3},
		{"extension table counts twice", strings.Repeat("€", 80), GSM7, 160, 1},
		{"extension past the limit", strings.Repeat("{", 81), GSM7, 162, 2},
		{"GSM accents stay GSM", "¿Qué edad tiene? Niño, señor, è ò ü", GSM7, 35, 1},
		{"acute vowel forces UCS-2", "¿Cuántas personas?", UCS2, 18, 1},
		{"one UCS-2 segment", strings.Repeat("ب", 70), UCS2, 70, 1},
		{"two UCS-2 segments", strings.Repeat("ب", 71), UCS2, 71, 2},
		{"67 per split UCS-2 segment", strings.Repeat("ب", 134), UCS2, 134, 2},
		{"Vietnamese", "Bạn sống ở khu phố nào?", UCS2, 23, 1},
		{"curly quote", "It’s safe", UCS2, 9, 1},
		{"emoji is two units", strings.Repeat("😀", 35), UCS2, 70, 1},
		{"newline is GSM", "a\nb", GSM7, 3, 1},
	} {
		enc, units, seg := Count(tc.text)
		if enc != tc.enc || units != tc.units || seg != tc.seg {
			t.Errorf("%s: Count = %s %d units %d segments, want %s %d %d", tc.name, enc, units, seg, tc.enc, tc.units, tc.seg)
		}
	}
}
