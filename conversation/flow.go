package conversation

import (
	"strconv"

	"canvass/surveys"
)

// start begins a survey for the resident, replacing any session they had:
// texting the keyword again restarts. An alias keyword or a survey in one
// language skips the language menu.
func (c *Conversation) start(t Turn, kw keyword) Outcome {
	rec, lang := kw.rec, kw.lang
	s := &rec.Survey
	sess := &Session{
		ID: SessionID(s.Slug, t.Respondent), Survey: s.Slug, Version: rec.Version,
		Respondent: t.Respondent, Answers: map[string][]string{}, StartedAt: t.Now, Keyword: kw.word,
	}
	switch {
	case lang != "" && s.HasLanguage(lang):
		sess.Language = lang
	case len(s.Languages) == 1:
		sess.Language = s.Languages[0]
	}
	event := "start"
	if t.Session != nil && t.Session.ID == sess.ID {
		event = "restart"
	}
	if sess.Language == "" {
		sess.Stage = StageLanguage
		return Outcome{Replies: []string{c.notice(s), c.languageMenu(s)}, Session: sess, Event: event}
	}
	return Outcome{Replies: c.resume(s, sess), Session: sess, Event: event}
}

// continueSession applies a message to the resident's live session.
func (c *Conversation) continueSession(t Turn) Outcome {
	s, sess := t.Survey, t.Session.clone()
	if lang, isCommand := c.langCommand(s, sess, t.Body); isCommand {
		if lang == "" {
			sess.Stage, sess.Tries = StageLanguage, 0
			return Outcome{Replies: []string{c.languageMenu(s)}, Session: sess, Event: "language_menu"}
		}
		sess.Language = lang
		return Outcome{Replies: c.resume(s, sess), Session: sess, Event: "language"}
	}
	switch sess.Stage {
	case StageLanguage:
		return c.chooseLanguage(t, s, sess)
	case StageConsent:
		return c.consent(t, s, sess)
	}
	return c.answer(t, s, sess)
}

// resume sends what the session waits for, after a language was chosen:
// the consent question, the intro and first question, or the current one.
func (c *Conversation) resume(s *surveys.Survey, sess *Session) []string {
	sess.Tries = 0
	switch {
	case sess.ResponseID != "":
		sess.Stage = StageConsent
		return []string{c.consentText(sess.Language)}
	case sess.Question == "":
		sess.Stage = StageQuestion
		first := c.nextQuestion(s, sess, nil)
		if first == nil {
			return nil // a survey without questions does not validate
		}
		sess.Question = first.ID
		return []string{c.intro(s, sess.Language), c.questionText(s, first, sess.Language)}
	}
	sess.Stage = StageQuestion
	if q := c.current(s, sess); q != nil {
		return []string{c.questionText(s, q, sess.Language)}
	}
	return nil
}

func (c *Conversation) chooseLanguage(t Turn, s *surveys.Survey, sess *Session) Outcome {
	lang, ok := parseLanguage(s, FoldWord(t.Body))
	if !ok {
		// A short word on what to send, never a language picked for the
		// resident: their next "1" would be taken as an answer in a
		// language they did not choose. The menu comes again every
		// MaxTries replies, when it has likely scrolled away.
		sess.Tries++
		retry := c.tr.T(s.DefaultLanguage, "sms.language_retry", map[string]any{"Count": len(s.Languages)})
		replies := []string{retry}
		if sess.Tries%c.opts.MaxTries == 0 {
			replies = append(replies, c.languageMenu(s))
		}
		return Outcome{Replies: replies, Session: sess, Event: "invalid"}
	}
	sess.Language = lang
	return Outcome{Replies: c.resume(s, sess), Session: sess, Event: "language"}
}

// langCommand recognizes "LANG es" and its translations ("IDIOMA 2",
// "لغة ar"): the command word, then a language by number, code, name or
// alias keyword. The word alone asks for the menu (lang ""). A text answer
// that merely starts with the word ("language barriers") is not a command.
func (c *Conversation) langCommand(s *surveys.Survey, sess *Session, body string) (lang string, ok bool) {
	toks := tokenize(body)
	for k := 1; k <= len(toks) && k <= 3; k++ {
		word := ""
		for _, t := range toks[:k] {
			word += t.text
		}
		if word != "lang" && !c.words.lang[word] {
			continue
		}
		rest := ""
		for _, t := range toks[k:] {
			rest += t.text
		}
		if rest == "" {
			return "", true
		}
		if l, found := parseLanguage(s, rest); found {
			return l, true
		}
	}
	return "", false
}

// parseLanguage reads a language choice: its number in the menu, its code,
// its name in itself, or one of the survey's alias keywords for it.
func parseLanguage(s *surveys.Survey, folded string) (string, bool) {
	for i, l := range s.Languages {
		if folded == strconv.Itoa(i+1) || folded == l || folded == FoldWord(surveys.LanguageName(l)) {
			return l, true
		}
	}
	if s.SMS != nil {
		for _, l := range surveys.MapKeys(s.SMS.Aliases) {
			for _, a := range s.SMS.Aliases[l] {
				if FoldWord(a) == folded && s.HasLanguage(l) {
					return l, true
				}
			}
		}
	}
	return "", false
}

// consent reads the answer to "results by text later?". Anything but a
// clear yes, after the tries run out, is a no.
func (c *Conversation) consent(t Turn, s *surveys.Survey, sess *Session) Outcome {
	yes, ok := c.words.YesNo(t.Body)
	if !ok && c.words.IsSkip(t.Body) {
		ok = true
	}
	if !ok {
		sess.Tries++
		if sess.Tries < c.opts.MaxTries {
			return Outcome{Replies: []string{c.consentText(sess.Language)}, Session: sess, Event: "invalid"}
		}
	}
	out := Outcome{Replies: []string{c.thanks(s, sess.Language, yes)}, Event: "consent_no"}
	if yes {
		out.Event = "consent_yes"
		out.Followup = &Followup{Survey: s.Slug, Language: sess.Language, Neighborhood: sess.Neighborhood}
	}
	return out
}
