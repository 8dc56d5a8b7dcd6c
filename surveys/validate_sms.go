package surveys

import (
	"fmt"
	"unicode/utf8"
)

// Keyword length bounds, counted after NormalizeKeyword: one letter is
// easily sent by mistake, and a long word is easily mistyped on a phone.
const (
	minKeywordLen = 2
	maxKeywordLen = 20
)

// checkSMS checks the keyword and aliases residents text to start the
// survey. Each must reach this survey and nothing else: not a carrier
// command, not another word of this survey, not another open survey.
func (v *validator) checkSMS() {
	sms := v.s.SMS
	if sms == nil {
		return
	}
	owned := map[string]bool{}
	if sms.Keyword == "" {
		v.required("sms.keyword")
	} else {
		v.checkKeyword("sms.keyword", sms.Keyword, owned)
	}
	langs := MapKeys(sms.Aliases)
	v.checkLanguageKeys("sms.aliases", langs)
	for _, lang := range langs {
		for k, alias := range sms.Aliases[lang] {
			v.checkKeyword(fmt.Sprintf("sms.aliases.%s[%d]", lang, k), alias, owned)
		}
	}
	for i, lang := range sms.PlainLetters {
		path := fmt.Sprintf("sms.plain_letters[%d]", i)
		switch {
		case !v.s.HasLanguage(lang):
			v.fail(path, msgPlainUndeclared, map[string]any{"Language": lang})
		case !ReadsInPlainLetters(lang):
			v.fail(path, msgPlainUnreadable, map[string]any{"Language": LanguageName(lang)})
		}
	}
}

// checkKeyword checks one keyword or alias and records it in owned.
func (v *validator) checkKeyword(path, raw string, owned map[string]bool) {
	kw := NormalizeKeyword(raw)
	n := utf8.RuneCountInString(kw)
	switch {
	case n < minKeywordLen || n > maxKeywordLen:
		v.fail(path, msgKeywordFormat, map[string]any{
			"Keyword": raw, "Min": minKeywordLen, "Max": maxKeywordLen,
		})
	case IsReservedKeyword(kw):
		v.fail(path, msgKeywordReserved, map[string]any{"Keyword": kw})
	case owned[kw]:
		v.fail(path, msgKeywordDuplicate, map[string]any{"Keyword": kw})
	case v.keywordOwner(kw) != "" && v.env.Live:
		v.fail(path, msgKeywordTaken, map[string]any{"Keyword": kw, "Survey": v.keywordOwner(kw)})
	case v.keywordOwner(kw) != "":
		v.warn(path, msgKeywordInUse, map[string]any{"Keyword": kw, "Survey": v.keywordOwner(kw)})
	}
	owned[kw] = true
}

// keywordOwner returns the slug of another open survey that owns kw.
func (v *validator) keywordOwner(kw string) string {
	if slug := v.env.OpenKeywords[kw]; slug != v.s.Slug {
		return slug
	}
	return ""
}

// Keywords returns every word that starts the survey by SMS, its keyword
// and aliases, normalized as residents' texts are; nil without SMS.
func (s *Survey) Keywords() []string {
	if s.SMS == nil {
		return nil
	}
	var out []string
	if s.SMS.Keyword != "" {
		out = append(out, NormalizeKeyword(s.SMS.Keyword))
	}
	for _, lang := range MapKeys(s.SMS.Aliases) {
		for _, w := range s.SMS.Aliases[lang] {
			out = append(out, NormalizeKeyword(w))
		}
	}
	return out
}
