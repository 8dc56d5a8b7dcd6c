package sms

import (
	"slices"
	"testing"
)

// TestPlainLetters checks the conversion against the GSM 03.38 table:
// what GSM-7 has stays (é è ù ì ò ñ ü ¿ ¡ and the extension table's € and
// brackets), other accented letters lose the accent that GSM-7 lacks, and
// typographic punctuation becomes the plain one that reads the same.
func TestPlainLetters(t *testing.T) {
	for _, tc := range []struct{ in, punct, plain string }{
		{"¿Cuántas personas?", "¿Cuántas personas?", "¿Cuantas personas?"},
		{"Niño, señor, è ò ü é ù ì à Ä Ö Ñ Ü Å Ø Æ ß É Ç", "Niño, señor, è ò ü é ù ì à Ä Ö Ñ Ü Å Ø Æ ß É Ç", "Niño, señor, è ò ü é ù ì à Ä Ö Ñ Ü Å Ø Æ ß É Ç"},
		{"¡Sí! á í ó ú Á Í Ó Ú", "¡Sí! á í ó ú Á Í Ó Ú", "¡Si! a i o u A I O U"},
		{"Èd pou manje, sèvis, Kreyòl, twò chè", "Èd pou manje, sèvis, Kreyòl, twò chè", "Ed pou manje, sèvis, Kreyòl, twò chè"},
		{"ê ô â ç ã õ", "ê ô â ç ã õ", "e o a c a o"},
		{"Ǜ ầ", "Ǜ ầ", "Ü a"},
		{"It’s “safe” – really… 1\u00a0000", `It's "safe" - really... 1 000`, `It's "safe" - really... 1 000`},
		{"soft\u00adhyphen\u200b", "softhyphen", "softhyphen"},
		{"€ [x] {y} ~ | \\ ^", "€ [x] {y} ~ | \\ ^", "€ [x] {y} ~ | \\ ^"},
		{"Tiếng Việt: đường", "Tiếng Việt: đường", "Tieng Viet: duong"},
		{"مرحبا 😀", "مرحبا 😀", "مرحبا 😀"},
		{"Cafe\u0301 y me\u0301dico a\u0301gil", "Cafe\u0301 y me\u0301dico a\u0301gil", "Café y médico agil"},
	} {
		if got := PlainPunctuation(tc.in); got != tc.punct {
			t.Errorf("PlainPunctuation(%q) = %q, want %q", tc.in, got, tc.punct)
		}
		if got := PlainLetters(tc.in); got != tc.plain {
			t.Errorf("PlainLetters(%q) = %q, want %q", tc.in, got, tc.plain)
		}
	}
	// A Spanish question that was UCS-2 in two segments is GSM-7 in one.
	q := "¿Cuánta seguridad siente al caminar por su vecindario de noche?\nResponda de 1 (Muy inseguro) a 5 (Muy seguro)."
	if enc, _, seg := Count(q); enc != UCS2 || seg != 2 {
		t.Fatalf("as written: %s %d", enc, seg)
	}
	if enc, _, seg := Count(PlainLetters(q)); enc != GSM7 || seg != 1 {
		t.Errorf("plain letters: %s %d", enc, seg)
	}
}

func TestUCS2Characters(t *testing.T) {
	got := UCS2Characters("¿Qué opción? Sí, sí. Número “1”")
	if want := []string{"ó", "í", "ú", "“", "”"}; !slices.Equal(got, want) {
		t.Errorf("UCS2Characters = %q, want %q", got, want)
	}
	if got := UCS2Characters("¿Qué edad tiene? Niño €"); got != nil {
		t.Errorf("a GSM-7 text has %q", got)
	}
	got = Replacements("It’s “safe”… isn’t it\u00ad")
	if want := []string{"’ → '", `“ → "`, `” → "`, "… → ...", "U+00AD → ∅"}; !slices.Equal(got, want) {
		t.Errorf("Replacements = %q, want %q", got, want)
	}
}
