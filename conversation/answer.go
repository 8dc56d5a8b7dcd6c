package conversation

import "canvass/surveys"

// answer applies a reply to the current question: a skip word, an answer,
// or something unreadable, which is re-asked with a hint.
func (c *Conversation) answer(t Turn, s *surveys.Survey, sess *Session) Outcome {
	q := c.current(s, sess)
	if q == nil {
		// The question was removed by an edit of an unanswered survey's
		// definition: carry on with what is left.
		return c.advance(t, s, sess, nil, "", "answer")
	}
	if c.words.IsSkip(t.Body) {
		if q.Optional {
			delete(sess.Answers, q.ID)
			return c.advance(t, s, sess, q, "", "skip")
		}
		return c.invalid(t, s, sess, q, &surveys.Problem{Path: q.ID, MessageID: "answer.required"})
	}
	v, p := c.words.ParseAnswer(s, q, t.Body)
	if p != nil {
		return c.invalid(t, s, sess, q, p)
	}
	if sess.Answers == nil {
		sess.Answers = map[string][]string{}
	}
	sess.Answers[q.ID] = rawValues(v)
	return c.advance(t, s, sess, q, "", "answer")
}

// rawValues turns a typed answer back into the values ParseAnswer reads.
func rawValues(v any) []string {
	if xs, ok := v.([]string); ok {
		return append([]string(nil), xs...)
	}
	return []string{surveys.AnswerString(v)}
}

// invalid answers an unreadable reply with a short re-prompt: what to
// send, and how to skip or get help. The whole question comes again only
// every MaxTries replies, when it has likely scrolled away; an optional
// question is skipped then. The conversation never ends for it: what the
// resident answered so far is theirs to finish.
func (c *Conversation) invalid(t Turn, s *surveys.Survey, sess *Session, q *surveys.Question, p *surveys.Problem) Outcome {
	lang := sess.Language
	sess.Tries++
	if sess.Tries >= c.opts.MaxTries && q.Optional {
		delete(sess.Answers, q.ID)
		return c.advance(t, s, sess, q, c.tr.T(lang, "sms.moving_on", nil)+"\n", "skip_after_tries")
	}
	if sess.Tries%c.opts.MaxTries == 0 {
		return Outcome{Replies: []string{c.tr.T(lang, p.MessageID, p.Data) + "\n" + c.questionText(s, q, lang)}, Session: sess, Event: "invalid"}
	}
	return Outcome{Replies: []string{c.retryText(s, q, lang, p)}, Session: sess, Event: "invalid"}
}

// advance moves past from (nil: from the start) to the next question
// shown given the answers so far, or finishes.
func (c *Conversation) advance(t Turn, s *surveys.Survey, sess *Session, from *surveys.Question, prefix, event string) Outcome {
	sess.Tries = 0
	next := c.nextQuestion(s, sess, from)
	if next == nil {
		return c.finish(t, s, sess, prefix)
	}
	sess.Question = next.ID
	return Outcome{Replies: []string{prefix + c.questionText(s, next, sess.Language)}, Session: sess, Event: event}
}

// current is the question the session waits for, nil if the definition
// no longer has it.
func (c *Conversation) current(s *surveys.Survey, sess *Session) *surveys.Question {
	q, _ := s.Question(sess.Question)
	return q
}

// nextQuestion returns the first question after from (nil: the first
// question) that skip logic shows, given the answers so far. When from is
// gone from the definition it is the first shown question not answered.
func (c *Conversation) nextQuestion(s *surveys.Survey, sess *Session, from *surveys.Question) *surveys.Question {
	answers := c.typed(s, sess)
	i := 0
	if from != nil {
		for j := range s.Questions {
			if s.Questions[j].ID == from.ID {
				i = j + 1
			}
		}
	}
	for ; i < len(s.Questions); i++ {
		q := &s.Questions[i]
		if _, answered := answers[q.ID]; from == nil && sess.Question != "" && answered {
			continue
		}
		if s.Visible(q, answers) {
			return q
		}
	}
	return nil
}

// typed parses the session's raw answers into stored types, dropping any
// the current definition no longer accepts.
func (c *Conversation) typed(s *surveys.Survey, sess *Session) map[string]any {
	out := make(map[string]any, len(sess.Answers))
	for id, raw := range sess.Answers {
		q, ok := s.Question(id)
		if !ok {
			continue
		}
		if v, p := surveys.ParseAnswer(s, q, raw); p == nil && v != nil {
			out[id] = v
		}
	}
	return out
}

// finish stores the response: the answers typed as a web form's, hidden
// ones dropped. With results_back it then asks for consent to text the
// neighborhood's results; the response is already safe by then.
func (c *Conversation) finish(t Turn, s *surveys.Survey, sess *Session, prefix string) Outcome {
	lang := sess.Language
	answers := c.typed(s, sess)
	if missing := s.Complete(answers); len(missing) > 0 {
		if q, ok := s.Question(missing[0].Path); ok {
			// Only an edit of the definition mid-conversation gets here.
			sess.Question = q.ID
			return Outcome{Replies: []string{prefix + c.tr.T(lang, "answer.required", nil) + "\n" + c.questionText(s, q, lang)}, Session: sess, Event: "answer"}
		}
	}
	resp := &surveys.Response{
		ID: ResponseID(sess), Survey: s.Slug, Version: sess.Version, Channel: surveys.ChannelSMS,
		Language: lang, Neighborhood: s.NeighborhoodOf(answers), Answers: answers,
		Respondent: sess.Respondent, CreatedAt: t.Now,
	}
	out := Outcome{Response: resp, Event: "finish"}
	if s.SMS != nil && s.SMS.ResultsBack && resp.Neighborhood != "" {
		// The answers are in the response now; the session keeps only
		// what the consent needs.
		sess.Stage, sess.ResponseID, sess.Neighborhood = StageConsent, resp.ID, resp.Neighborhood
		sess.Answers, sess.Question, sess.Tries = nil, "", 0
		out.Session = sess
		out.Replies = []string{prefix + c.consentText(lang)}
		return out
	}
	out.Replies = []string{prefix + c.thanks(s, lang, false)}
	return out
}
