package conversation

import (
	"strings"

	"canvass/surveys"
)

// carrierCommand handles the words carriers give a meaning (CTIA): STOP and
// its family, plain-language revocations ("PARAR", "NO MAS"), START and
// HELP. They come before anything else, including an answer: a revocation
// is honoured at once, whatever the conversation was waiting for.
func (c *Conversation) carrierCommand(t Turn) (Outcome, bool) {
	kw := surveys.NormalizeKeyword(t.Body)
	stopLang, plainStop := c.words.StopLanguage(t.Body)
	stop := surveys.IsOptOutWord(kw) || plainStop
	if !stop {
		if lang, ok := c.words.StopRequest(t.Body); ok {
			// A short message asking to stop ("stop please") is honoured
			// at once, except as the answer to a free-text question, where
			// "stop the speeding" is an answer: the resident is asked, and
			// the same message again is kept as the answer.
			if q := c.textQuestion(t); q != "" {
				if t.Session.StopAsked != q {
					s := t.Session.clone()
					s.StopAsked = q
					return c.finishTurn(t, Outcome{Replies: []string{c.tr.T(c.sessionLang(t), "sms.stop_check", nil)}, Session: s, Event: "stop_check"}), true
				}
			} else {
				stop, stopLang, plainStop = true, lang, lang != ""
			}
		}
	}
	if stop {
		out := Outcome{OptOut: boolPtr(true), EndAll: true, Event: "opt_out"}
		// One confirmation only: a repeated STOP gets none, as does
		// anything else from an opted-out number but HELP; the
		// redelivery of the STOP that opted out gets it again.
		if !t.OptedOut || t.OptOutSID == t.MessageSID {
			lang := c.sessionLang(t)
			if plainStop && (t.Session == nil || t.Session.Language == "") {
				lang = stopLang
			}
			out.Replies = []string{c.tr.T(lang, "sms.opted_out", nil)}
		}
		out.Language = c.residentLang(t, stopLang, plainStop)
		return out, true
	}
	optIn := kw == "START" || kw == "UNSTOP" || (kw == "YES" && t.OptedOut)
	switch {
	case optIn:
		return Outcome{
			Replies: []string{c.tr.T(c.sessionLang(t), "sms.opted_in", nil)},
			OptOut:  boolPtr(false), Language: c.residentLang(t, "", false), Session: t.Session, Unchanged: true, Event: "opt_in",
		}, true
	case surveys.IsHelpWord(kw):
		// HELP is answered even after STOP: carriers require it, and it is
		// how a resident who stopped finds out how to come back.
		return Outcome{Replies: []string{c.help(t, "")}, Session: t.Session, Unchanged: true, Event: "help"}, true
	}
	if lang, ok := c.words.HelpLanguage(t.Body); ok {
		// A plain-language help word answers in its own language when the
		// conversation has none yet: AYUDA from a new number gets Spanish.
		return Outcome{Replies: []string{c.help(t, lang)}, Session: t.Session, Unchanged: true, Event: "help"}, true
	}
	if t.OptedOut {
		return Outcome{Session: t.Session, Unchanged: true, Event: "ignored"}, true
	}
	return Outcome{}, false
}

// textQuestion is the free-text question the session waits on, or "".
func (c *Conversation) textQuestion(t Turn) string {
	if t.Session == nil || t.Session.Stage != StageQuestion || t.Survey == nil {
		return ""
	}
	if q, ok := t.Survey.Question(t.Session.Question); ok && q.Type == surveys.TypeText {
		return q.ID
	}
	return ""
}

func boolPtr(b bool) *bool { return &b }

// residentLang is the language to record with an opt-out: the
// conversation's, else the plain-language opt-out's, else the one
// recorded before ("" keeps it).
func (c *Conversation) residentLang(t Turn, wordLang string, plain bool) string {
	switch {
	case t.Session != nil && t.Session.Language != "":
		return t.Session.Language
	case plain && wordLang != "":
		return wordLang
	}
	return ""
}

// sessionLang is the language to write to the resident in: their
// session's, else the one recorded with their opt-out, else the one open
// survey's default, else English.
func (c *Conversation) sessionLang(t Turn) string {
	switch {
	case t.Session != nil && t.Session.Language != "":
		return t.Session.Language
	case t.OptOutLanguage != "":
		return t.OptOutLanguage
	case t.Survey != nil:
		return t.Survey.DefaultLanguage
	case len(t.Open) == 1:
		return t.Open[0].DefaultLanguage
	}
	return "en"
}

// help is the HELP reply carriers require: the program's name, how to
// stop, how often canvass texts, that rates may apply, and where to learn
// more.
func (c *Conversation) help(t Turn, wordLang string) string {
	lang := c.sessionLang(t)
	if wordLang != "" && (t.Session == nil || t.Session.Language == "") {
		lang = wordLang
	}
	program, contact := c.tr.T(lang, "sms.program", nil), c.opts.Contact
	var sv *surveys.Survey
	switch {
	case t.Survey != nil:
		sv = t.Survey
	case len(t.Open) == 1:
		sv = &t.Open[0].Survey
	}
	if sv != nil {
		program = sv.Title.In(lang, sv.DefaultLanguage)
		if sv.Contact != "" {
			contact = sv.Contact
		}
	}
	return c.tr.T(lang, "sms.help", map[string]any{"Program": program, "Contact": contact, "URL": c.opts.ContactURL})
}

// nudge answers a message that is neither a keyword nor part of a
// conversation: it tells the resident what to text.
func (c *Conversation) nudge(t Turn) string {
	lang := c.sessionLang(t)
	switch len(t.Open) {
	case 0:
		return c.tr.T(lang, "sms.none_open", nil)
	case 1:
		return c.tr.T(lang, "sms.unknown_one", map[string]any{"Keyword": keywordFor(t, t.Open[0], lang)})
	}
	// Each survey by the word this resident texts for it (keywordFor).
	kws := make([]string, 0, len(t.Open))
	for _, r := range t.Open {
		kws = append(kws, keywordFor(t, r, lang))
	}
	return c.tr.T(lang, "sms.unknown_many", map[string]any{"Keywords": strings.Join(kws, ", ")})
}

// keywordFor is the word that starts rec for this resident: the keyword
// they texted for it before, else its alias in their language, else its
// keyword.
func keywordFor(t Turn, rec *surveys.Record, lang string) string {
	for _, s := range append([]*Session{t.Session}, t.Sessions...) {
		if s != nil && s.Survey == rec.Slug && s.Keyword != "" {
			return s.Keyword
		}
	}
	return rec.KeywordIn(lang)
}
