package surveys

// languageNames gives each language's name in itself, as a resident looks
// for it in a switcher. x/text's display tables lack some (Haitian Creole),
// so the languages canvass ships are listed here.
var languageNames = map[string]string{
	"en": "English",
	"es": "Español",
	"so": "Soomaali",
	"vi": "Tiếng Việt",
	"ar": "العربية",
	"ht": "Kreyòl ayisyen",
	"fr": "Français",
	"pt": "Português",
	"zh": "中文",
	"ru": "Русский",
	"am": "አማርኛ",
	"ne": "नेपाली",
	"my": "မြန်မာဘာသာ",
	"km": "ភាសាខ្មែរ",
	"ko": "한국어",
	"tl": "Tagalog",
	"fa": "فارسی",
	"ur": "اردو",
	"sw": "Kiswahili",
	"uk": "Українська",
}

// LanguageName returns the language's name written in that language, or the
// code itself when canvass does not know it.
func LanguageName(code string) string {
	if n, ok := languageNames[code]; ok {
		return n
	}
	return code
}

// KnownLanguage reports whether canvass can name the language code.
func KnownLanguage(code string) bool {
	_, ok := languageNames[code]
	return ok
}

// IsRTL reports whether the language is written right to left.
func IsRTL(code string) bool {
	switch code {
	case "ar", "fa", "ur", "he", "ps", "yi":
		return true
	}
	return false
}
