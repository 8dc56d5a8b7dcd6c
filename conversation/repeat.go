package conversation

import "canvass/surveys"

// One response per resident and survey (unless the survey allows repeats):
// a resident who finished and texts the keyword again is told their answers
// are in; someone else on the same phone replies NEW (in any language) to
// answer as a new respondent.

// answered returns the resident's session with rec that already stored a
// response (ended, or waiting for the results-by-text consent), nil when
// there is none or the survey takes repeated answers.
func answered(t Turn, rec *surveys.Record) *Session {
	if rec.AllowRepeats {
		return nil
	}
	id := SessionID(rec.Slug, t.Respondent)
	for _, s := range append([]*Session{t.Session}, t.Sessions...) {
		if s != nil && s.ID == id && s.ResponseID != "" {
			return s
		}
	}
	return nil
}

// alreadyAnswered tells the resident their answers are in and how a second
// person answers; their session is kept as it is but for the stamp.
func (c *Conversation) alreadyAnswered(t Turn, rec *surveys.Record, sess *Session) Outcome {
	lang := sess.Language
	if lang == "" || !rec.HasLanguage(lang) {
		lang = rec.DefaultLanguage
	}
	reply := c.tr.T(lang, "sms.already_answered", map[string]any{
		"Title": rec.Title.In(lang, rec.DefaultLanguage), "New": displayWord(c.tr, lang, wordsNew),
	})
	return Outcome{Replies: []string{reply}, Session: sess.clone(), Event: "already_answered"}
}

// afterEnd answers a message to an ended conversation: NEW starts it again
// for someone else on this phone (while the survey is open); anything else
// is told what to text, in the resident's language.
func (c *Conversation) afterEnd(t Turn) Outcome {
	if t.Session.Lapsed && !c.words.IsNew(t.Body) {
		return c.lapsedNotice(t)
	}
	if rec := openRecord(t.Open, t.Session.Survey); rec != nil && c.words.IsNew(t.Body) {
		lang := t.Session.Language
		if !rec.HasLanguage(lang) {
			lang = ""
		}
		out := c.start(t, keyword{rec: rec, lang: lang, word: t.Session.Keyword})
		out.Event = "new_respondent"
		return out
	}
	return Outcome{Replies: []string{c.nudge(t)}, Session: t.Session, Unchanged: true, Event: "unknown"}
}

// Ended is the record a session leaves when its conversation ends, for a
// caller that ends one outside a turn (another survey's keyword replaced it).
func Ended(s *Session) *Session { return ended(s, nil) }

// ended is the record a session leaves when its conversation ends: no
// answers, the response it stored (if any), its language.
func ended(s *Session, r *surveys.Response) *Session {
	d := s.clone()
	d.Stage, d.Question, d.Tries, d.Answers, d.Resume = StageDone, "", 0, nil, false
	if r != nil {
		d.ResponseID = r.ID
	}
	return d
}

// CurrentSession is the session a message continues: the resident's most
// recently updated live one, else their latest ended one (whose language
// replies keep to), nil for none.
func CurrentSession(all []*Session) *Session {
	var live, done *Session
	for _, s := range all {
		if s.Stage == StageDone {
			if done == nil || s.UpdatedAt.After(done.UpdatedAt) {
				done = s
			}
		} else if live == nil || s.UpdatedAt.After(live.UpdatedAt) {
			live = s
		}
	}
	if live != nil {
		return live
	}
	return done
}
