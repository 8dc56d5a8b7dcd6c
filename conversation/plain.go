package conversation

import (
	"canvass/sms"
	"canvass/surveys"
)

// plainLetters rewrites the outcome's replies in plain letters (package
// sms's PlainLetters) when the survey sends the resident's language so
// (sms.plain_letters). Every text a resident gets passes here, the
// survey's own and canvass's, so none is missed; the session keeps the
// replies as sent, for a redelivered message to get them again.
func plainLetters(t Turn, out Outcome) Outcome {
	sv := replySurvey(t, out)
	if sv == nil || !sv.SMS.SendsPlain(replyLanguage(t, out, sv)) {
		return out
	}
	replies := make([]string, len(out.Replies))
	for i, r := range out.Replies {
		replies[i] = sms.PlainLetters(r)
	}
	if s := out.Session; s != nil && !out.Unchanged && s.LastSID == t.MessageSID {
		s.LastReply = replies // the outcome's own session, stamped by finishTurn
	}
	out.Replies = replies
	return out
}

// replySurvey is the survey the replies speak for: the one the outcome's
// session is with (a keyword may have started another, or a newer
// version), else the turn's, else the only open one.
func replySurvey(t Turn, out Outcome) *surveys.Survey {
	if s := out.Session; s != nil {
		if t.Survey != nil && t.Session != nil && t.Session.Survey == s.Survey && t.Session.Version == s.Version {
			return t.Survey // the definition of the session's version
		}
		if r := openRecord(t.Open, s.Survey); r != nil {
			return &r.Survey
		}
	}
	switch {
	case t.Survey != nil:
		return t.Survey
	case len(t.Open) == 1:
		return &t.Open[0].Survey
	}
	return nil
}

// replyLanguage is the language the replies are in: the session's, else
// (no session) the one recorded with an opt-out, else the survey's
// default, which speaks before the resident picks a language.
func replyLanguage(t Turn, out Outcome, sv *surveys.Survey) string {
	sess := out.Session
	if sess == nil {
		sess = t.Session
	}
	switch {
	case sess != nil && sess.Language != "":
		return sess.Language
	case sess == nil && t.OptOutLanguage != "":
		return t.OptOutLanguage
	}
	return sv.DefaultLanguage
}
