package conversation

import (
	"time"

	"canvass/surveys"
)

// A conversation left without a reply for the session TTL pauses rather
// than losing what the resident typed: their next text says so and offers
// to go on where they stopped (1) or start over (2). The answers are kept
// for the keep period after that; then they are deleted (Lapse) and the
// resident's next text is told so, once.

// Paused reports whether the conversation waited longer than the session
// TTL for a reply.
func (s *Session) Paused(now time.Time) bool {
	return s.Stage != StageDone && !s.PausesAt.IsZero() && !now.Before(s.PausesAt)
}

// paused handles a message to a paused conversation that holds answers,
// or the reply to the offer it made. Another survey's keyword is not
// handled here: it starts that survey. A paused conversation without
// answers has nothing to lose and simply goes on.
func (c *Conversation) paused(t Turn) (Outcome, bool) {
	sess := t.Session
	if sess == nil || sess.Stage != StageQuestion || t.Survey == nil || !t.SurveyOpen {
		return Outcome{}, false
	}
	if !sess.Resume && !(sess.Paused(t.Now) && len(sess.Answers) > 0) {
		return Outcome{}, false
	}
	kw, isKeyword := findKeyword(t.Open, t.Body)
	if isKeyword && kw.rec.Slug != sess.Survey {
		return Outcome{}, false
	}
	s, next := t.Survey, sess.clone()
	if next.Resume && !isKeyword {
		switch c.resumeChoice(t.Body) {
		case resumeGoOn:
			next.Resume = false
			return Outcome{Replies: c.resume(s, next), Session: next, Event: "resume"}, true
		case resumeStartOver:
			if rec := openRecord(t.Open, sess.Survey); rec != nil {
				out := c.start(t, keyword{rec: rec, lang: sess.Language, word: sess.Keyword})
				out.Event = "start_over"
				return out, true
			}
		}
	}
	next.Resume = true
	lang := next.Language
	reply := c.tr.T(lang, "sms.paused", map[string]any{
		"Answered": len(next.Answers), "Days": int((c.opts.SessionTTL + c.opts.KeepAnswers) / (24 * time.Hour)),
	})
	return Outcome{Replies: []string{reply}, Session: next, Event: "paused"}, true
}

const (
	resumeUnclear = iota
	resumeGoOn
	resumeStartOver
)

// resumeChoice reads the reply to the offer: 1 or yes goes on; 2, no or
// NEW starts over.
func (c *Conversation) resumeChoice(body string) int {
	switch FoldWord(body) {
	case "1":
		return resumeGoOn
	case "2":
		return resumeStartOver
	}
	if c.words.IsNew(body) {
		return resumeStartOver
	}
	if yes, ok := c.words.YesNo(body); ok {
		if yes {
			return resumeGoOn
		}
		return resumeStartOver
	}
	return resumeUnclear
}

// openRecord is the open survey slug, nil when it is not open.
func openRecord(open []*surveys.Record, slug string) *surveys.Record {
	for _, r := range open {
		if r.Slug == slug {
			return r
		}
	}
	return nil
}

// Lapse is what is left of a live session once its keep period is over:
// nil when it holds nothing worth keeping (no language chosen yet), else
// an ended record that keeps the resident's language (what canvass texts
// them later speaks it) and, when answers were deleted, says so once.
// The store applies it on read and in its sweep, the simulator likewise.
func Lapse(s *Session) *Session {
	if s.Language == "" {
		return nil
	}
	d := ended(s, nil)
	d.Lapsed = len(s.Answers) > 0
	return d
}

// lapsedNotice tells a resident whose unfinished answers were deleted
// that they were, and how to start again.
func (c *Conversation) lapsedNotice(t Turn) Outcome {
	lang := c.sessionLang(t)
	title, kw := t.Session.Survey, ""
	if rec := openRecord(t.Open, t.Session.Survey); rec != nil {
		title, kw = rec.Title.In(lang, rec.DefaultLanguage), keywordFor(t, rec, lang)
	} else if t.Survey != nil {
		title = t.Survey.Title.In(lang, t.Survey.DefaultLanguage)
	}
	next := t.Session.clone()
	next.Lapsed = false
	reply := c.tr.T(lang, "sms.lapsed", map[string]any{
		"Title": title, "Keyword": kw,
		"Days": int((c.opts.SessionTTL + c.opts.KeepAnswers) / (24 * time.Hour)),
	})
	return Outcome{Replies: []string{reply}, Session: next, Event: "lapsed"}
}
