package conversation

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"canvass/surveys"
)

// Translator renders canvass's own texts (not a survey's) in a language:
// the SMS prompts, hints and word lists of locales/sms.*.yaml and the
// answer hints of locales/answers.*.yaml. The conversation takes it as an
// interface so this package stays free of the catalog.
type Translator interface {
	T(lang, id string, data map[string]any) string
}

// TranslatorFunc adapts a function to Translator.
type TranslatorFunc func(lang, id string, data map[string]any) string

// T calls f.
func (f TranslatorFunc) T(lang, id string, data map[string]any) string { return f(lang, id, data) }

// Word lists residents may text, one message ID each in locales/sms.*.yaml,
// comma-separated, so translators keep them with the texts that mention them.
const (
	wordsSkip = "sms.words.skip" // skip an optional question
	wordsAnd  = "sms.words.and"  // joins choices: "1 and 3"
	wordsLang = "sms.words.lang" // the LANG command
	wordsStop = "sms.words.stop" // plain-language opt-outs
	wordsHelp = "sms.words.help" // plain-language help
	wordsYes  = "sms.words.yes"
	wordsNo   = "sms.words.no"
	wordsNew  = "sms.words.new" // someone else on this phone answers
)

// Words holds the words residents text, folded (FoldWord), by list. A
// word of any catalog language counts: a Spanish speaker answering an
// English survey "1 y 3" or "PARAR" means just that.
type Words struct {
	skip, and, lang, yes, no, new map[string]bool
	// stop and help map each plain-language opt-out or help word to its
	// language, so the reply can be written in it.
	stop, help map[string]string
}

// NewWords reads the word lists of langs from tr.
func NewWords(tr Translator, langs []string) *Words {
	w := &Words{stop: map[string]string{}, help: map[string]string{}}
	read := func(id string) map[string]bool {
		set := map[string]bool{}
		for _, lang := range langs {
			for _, word := range wordList(tr, lang, id) {
				set[word] = true
			}
		}
		return set
	}
	w.skip, w.and, w.lang = read(wordsSkip), read(wordsAnd), read(wordsLang)
	w.yes, w.no = read(wordsYes), read(wordsNo)
	w.new = read(wordsNew)
	for _, lang := range langs {
		for _, word := range wordList(tr, lang, wordsStop) {
			if _, ok := w.stop[word]; !ok {
				w.stop[word] = lang
			}
		}
		for _, word := range wordList(tr, lang, wordsHelp) {
			if _, ok := w.help[word]; !ok {
				w.help[word] = lang
			}
		}
	}
	return w
}

// wordList returns the folded words of one list in one language. A list
// that is missing renders as its own ID, which folds to nothing useful and
// is dropped.
func wordList(tr Translator, lang, id string) []string {
	raw := tr.T(lang, id, nil)
	if raw == id {
		return nil
	}
	var out []string
	for _, w := range strings.Split(raw, ",") {
		if f := FoldWord(w); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// displayWord is the first word of a list in lang, in capitals, as the
// prompts show it ("Reply SALTAR to skip").
func displayWord(tr Translator, lang, id string) string {
	first, _, _ := strings.Cut(tr.T(lang, id, nil), ",")
	return strings.ToUpper(strings.TrimSpace(first))
}

// IsSkip reports whether the message asks to skip the question.
func (w *Words) IsSkip(body string) bool {
	f := FoldWord(body)
	return f == "skip" || w.skip[f]
}

// StopLanguage reports whether the whole message is a plain-language
// opt-out ("PARAR", "NO MAS", "JOOJI") and in which language.
func (w *Words) StopLanguage(body string) (lang string, ok bool) {
	lang, ok = w.stop[FoldWord(body)]
	return lang, ok
}

// carrierStops are the single words that ask to stop in any language of
// carriers' own keyword lists, when they come with a word or two more
// ("stop please", "STOP!!! now").
var carrierStops = map[string]bool{"stop": true, "stopall": true, "unsubscribe": true, "optout": true}

// maxStopWords bounds a message read as a request to stop: "please stop
// texting me" is one, a sentence that happens to hold "stop" is not.
const maxStopWords = 4

// StopRequest reports whether a short message asks to stop: one of up to
// maxStopWords words, or two of them together, is a carrier stop word or
// a plain-language opt-out of some language ("stop please", "ALTO ya",
// "por favor parar"). lang is the opt-out's language, "" for a carrier
// word.
func (w *Words) StopRequest(body string) (lang string, ok bool) {
	words := strings.FieldsFunc(norm.NFKC.String(body), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	})
	if len(words) == 0 || len(words) > maxStopWords {
		return "", false
	}
	for i := range words {
		one := FoldWord(words[i])
		if carrierStops[one] {
			return "", true
		}
		if lang, ok := w.stop[one]; ok {
			return lang, true
		}
		if i+1 < len(words) {
			if lang, ok := w.stop[one+FoldWord(words[i+1])]; ok {
				return lang, true
			}
		}
	}
	return "", false
}

// IsNew reports whether the message asks to answer as a new respondent.
func (w *Words) IsNew(body string) bool {
	f := FoldWord(body)
	return f == "new" || w.new[f]
}

// HelpLanguage reports whether the whole message is a plain-language help
// word ("AYUDA", "CAAWIN") and in which language.
func (w *Words) HelpLanguage(body string) (lang string, ok bool) {
	lang, ok = w.help[FoldWord(body)]
	return lang, ok
}

// YesNo reads a yes/no answer: yes, no, or neither (ok false).
func (w *Words) YesNo(body string) (yes, ok bool) {
	f := FoldWord(body)
	switch {
	case f == "1" || w.yes[f]:
		return true, true
	case f == "2" || w.no[f]:
		return false, true
	}
	return false, false
}

// FoldWord is the form words are compared in: digits of any script as
// ASCII digits, letters lower case without accents or Arabic vowel marks,
// Arabic letter variants unified, everything else (spaces, punctuation)
// dropped. "No más", "NO MAS" and "nomas" fold alike, as do "bỏ qua" and
// "bo qua", the way residents type them on phones without accents.
func FoldWord(s string) string {
	var b strings.Builder
	// NFKD: compatibility forms (full-width ＳＴＯＰ, ligatures) decompose
	// to the plain letters, accents to marks dropped below.
	for _, r := range norm.NFKD.String(s) {
		if d, ok := surveys.ASCIIDigit(r); ok {
			b.WriteRune(d)
			continue
		}
		if !unicode.IsLetter(r) || r == 'ـ' { // tatweel only stretches a word
			continue
		}
		b.WriteRune(foldArabic(unicode.ToLower(r)))
	}
	return b.String()
}

// foldArabic unifies the spellings residents use interchangeably: hamza
// forms of alef (decomposed by NFD into alef and a dropped mark, except
// wasla), alef maqsura and ya, ta marbuta and ha.
func foldArabic(r rune) rune {
	switch r {
	case 'ٱ', 'أ', 'إ', 'آ':
		return 'ا'
	case 'ى':
		return 'ي'
	case 'ة':
		return 'ه'
	case 'đ': // Vietnamese; NFD leaves it whole
		return 'd'
	}
	return r
}
