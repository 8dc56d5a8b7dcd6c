package surveys

import (
	"strings"

	"golang.org/x/text/language"
)

// languageInfo is what canvass knows of a language it can name: its name in
// itself, as a resident looks for it in a switcher (x/text's display
// tables lack some, Haitian Creole among them), the English names a
// contacts file may use, whether it is written right to left, and whether
// its accents tell words apart (Vietnamese tones), so that it cannot be
// sent in plain letters.
type languageInfo struct {
	native      string
	english     []string
	rtl         bool
	accentsMean bool
}

// languages is the one table of languages, by code.
var languages = map[string]languageInfo{
	"en": {native: "English", english: []string{"english"}},
	"es": {native: "Español", english: []string{"spanish"}},
	"so": {native: "Soomaali", english: []string{"somali"}},
	"vi": {native: "Tiếng Việt", english: []string{"vietnamese"}, accentsMean: true},
	"ar": {native: "العربية", english: []string{"arabic"}, rtl: true},
	"ht": {native: "Kreyòl ayisyen", english: []string{"haitian creole", "haitian", "creole", "kreyol"}},
	"fr": {native: "Français", english: []string{"french"}},
	"pt": {native: "Português", english: []string{"portuguese"}},
	"zh": {native: "中文", english: []string{"chinese", "mandarin", "cantonese"}},
	"ru": {native: "Русский", english: []string{"russian"}},
	"am": {native: "አማርኛ", english: []string{"amharic"}},
	"ne": {native: "नेपाली", english: []string{"nepali"}},
	"my": {native: "မြန်မာဘာသာ", english: []string{"burmese"}},
	"km": {native: "ភាសាខ្មែរ", english: []string{"khmer"}},
	"ko": {native: "한국어", english: []string{"korean"}},
	"tl": {native: "Tagalog", english: []string{"tagalog", "filipino"}},
	"fa": {native: "فارسی", english: []string{"farsi", "persian"}, rtl: true},
	"ur": {native: "اردو", english: []string{"urdu"}, rtl: true},
	"sw": {native: "Kiswahili", english: []string{"swahili"}},
	"uk": {native: "Українська", english: []string{"ukrainian"}},
}

// rtlOnly are right-to-left languages canvass cannot name but may be
// given a text in.
var rtlOnly = map[string]bool{"he": true, "ps": true, "yi": true}

// LanguageName returns the language's name written in that language, or the
// code itself when canvass does not know it.
func LanguageName(code string) string {
	if l, ok := languages[code]; ok {
		return l.native
	}
	return code
}

// KnownLanguage reports whether canvass can name the language code.
func KnownLanguage(code string) bool {
	_, ok := languages[code]
	return ok
}

// KnownLanguages lists the codes of the languages canvass can name,
// sorted, for a page that offers to add one.
func KnownLanguages() []string { return MapKeys(languages) }

// IsRTL reports whether the language is written right to left.
func IsRTL(code string) bool { return languages[code].rtl || rtlOnly[code] }

// ReadsInPlainLetters reports whether a text in the language still reads
// once the accents GSM-7 lacks are taken off (SMSSettings.PlainLetters):
// yes for a language written in the Latin script (Spanish, Haitian
// Creole, Somali), unless its accents tell words apart (Vietnamese); no
// for another script, which has no plain letters to fall back on.
func ReadsInPlainLetters(code string) bool {
	script, _ := language.Make(code).Script()
	return script.String() == "Latn" && !languages[code].accentsMean
}

// ParseLanguage reads a language as a person writes it in a file: a code
// ("es", "es-MX", "ES", "es_MX"), an English name ("Spanish") or the
// language's own name ("Español"). Only languages canvass can name are
// accepted, so a typo is caught rather than stored.
func ParseLanguage(v string) (string, bool) {
	key := strings.ToLower(strings.TrimSpace(v))
	base, _, _ := strings.Cut(strings.ReplaceAll(key, "_", "-"), "-")
	if KnownLanguage(base) {
		return base, true
	}
	for code, l := range languages {
		if strings.EqualFold(l.native, key) {
			return code, true
		}
		for _, name := range l.english {
			if name == key {
				return code, true
			}
		}
	}
	return "", false
}
