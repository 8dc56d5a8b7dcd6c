package surveys

import (
	"golang.org/x/text/unicode/norm"
	"slices"
	"strings"
	"unicode"
)

// The words below are the ones US carriers (CTIA guidelines) and Twilio act
// on when they arrive as a whole message. A survey keyword equal to one of
// them would never reach canvass, or would opt the resident out instead, so
// validation rejects them and the SMS layer checks them before anything else.
// Every function takes a keyword already passed through NormalizeKeyword.

// NormalizeKeyword turns what a resident or an organizer typed into the form
// keywords are compared in: upper case, letters and digits only, so "stop.",
// " Stop " and "opt-out" read as STOP, STOP and OPTOUT.
func NormalizeKeyword(s string) string {
	var b strings.Builder
	// NFKC first: a full-width ＳＴＯＰ from an East Asian keyboard is STOP.
	for _, r := range norm.NFKC.String(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// IsOptOutWord reports whether a message of only this word revokes consent.
func IsOptOutWord(normalized string) bool {
	switch normalized {
	case "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT":
		return true
	}
	return false
}

// IsOptInWord reports whether a message of only this word restores consent.
func IsOptInWord(normalized string) bool {
	switch normalized {
	case "START", "YES", "UNSTOP":
		return true
	}
	return false
}

// IsHelpWord reports whether a message of only this word asks for the
// program's help text, which carriers require an answer to.
func IsHelpWord(normalized string) bool {
	switch normalized {
	case "HELP", "INFO":
		return true
	}
	return false
}

// IsCommandWord reports whether the word is one of canvass's own commands
// within a conversation (change language, skip a question).
func IsCommandWord(normalized string) bool {
	switch normalized {
	case "LANG", "SKIP":
		return true
	}
	return false
}

// IsReservedKeyword reports whether the word may not start a survey because
// carriers, Twilio or the conversation itself already give it a meaning.
func IsReservedKeyword(normalized string) bool {
	return IsOptOutWord(normalized) || IsOptInWord(normalized) ||
		IsHelpWord(normalized) || IsCommandWord(normalized)
}

// KeywordIn is the keyword a resident texts to start the survey in lang,
// as posters print it and the SMS preview sends it: the language's first
// alias (which also picks the language), else the survey's keyword.
func (s *Survey) KeywordIn(lang string) string {
	if s.SMS == nil {
		return ""
	}
	if aliases := s.SMS.Aliases[lang]; len(aliases) > 0 && !slices.Contains(aliases, "") {
		return strings.ToUpper(aliases[0])
	}
	return strings.ToUpper(s.SMS.Keyword)
}
