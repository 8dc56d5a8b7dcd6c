package surveys

import (
	"sort"
	"strings"
)

// checkSurveyTexts checks the texts that belong to the survey as a whole.
func (v *validator) checkSurveyTexts() {
	v.requiredText("title", v.s.Title)
	v.optionalText("intro", v.s.Intro)
	v.optionalText("thanks", v.s.Thanks)
	v.optionalText("invitation", v.s.Invitation)
	v.optionalText("round_label", v.s.RoundLabel)
}

// requiredText checks a text that must be there, in every language.
func (v *validator) requiredText(path string, t Text) {
	if len(t) == 0 {
		v.required(path)
		return
	}
	v.checkText(path, t)
}

// optionalText checks a text that may be left out but, once given, must be
// complete: a resident reading another language would otherwise get it in
// the fallback language in the middle of their own.
func (v *validator) optionalText(path string, t Text) {
	if len(t) > 0 {
		v.checkText(path, t)
	}
}

// checkText reports each declared language the text lacks, then each
// language it has that the survey does not declare. With no languages
// declared there is nothing to compare against, and that is reported once
// at "languages" instead of at every text.
func (v *validator) checkText(path string, t Text) {
	if len(v.langs) == 0 {
		return
	}
	for _, lang := range v.langs {
		if strings.TrimSpace(t[lang]) == "" {
			v.fail(path+"."+lang, msgMissingTranslation, map[string]any{"Language": lang})
		}
	}
	v.checkLanguageKeys(path, MapKeys(t))
}

// checkLanguageKeys reports the keys that are not declared languages.
func (v *validator) checkLanguageKeys(path string, keys []string) {
	if len(v.langs) == 0 {
		return
	}
	for _, k := range keys {
		if !v.s.HasLanguage(k) {
			v.fail(path+"."+k, msgUndeclaredLanguage, map[string]any{"Language": k})
		}
	}
}

// mapKeys returns a map's keys sorted, so problems come out in a stable order.
func MapKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
