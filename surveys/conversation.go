package surveys

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"
)

// Stages of an SMS conversation.
const (
	StageLanguage = "language" // waiting for the resident to pick a language
	StageQuestion = "question" // waiting for the answer to Question
	StageConsent  = "consent"  // response stored; waiting for yes/no to results by text
	// StageDone is a conversation that ended. Its record stays: it holds
	// the message that ended it and its reply (a redelivery gets them
	// again), the resident's language, and whether a response was stored
	// (one response per resident and survey, unless the survey allows
	// repeats).
	StageDone = "done"
)

// SMSSession is one resident's conversation with one survey, kept between
// messages. It is keyed "<slug>|<pseudonym>"; an expired one is forgotten,
// an ended one stays as a record without answers (StageDone). It never
// holds the phone number.
type SMSSession struct {
	ID         string `json:"id" bson:"_id"`
	Survey     string `json:"survey" bson:"survey"`
	Version    int    `json:"version" bson:"version"`
	Respondent string `json:"respondent" bson:"respondent"`
	Language   string `json:"language,omitempty" bson:"language,omitempty"`
	Stage      string `json:"stage" bson:"stage"`
	// Question is the question waiting for an answer; "" before the first.
	Question string `json:"question,omitempty" bson:"question,omitempty"`
	// Tries counts unreadable replies to the current prompt.
	Tries int `json:"tries,omitempty" bson:"tries,omitempty"`
	// Answers holds each answer as the raw values ParseAnswer reads (option
	// IDs, digits, text), so the final response is typed by the same code
	// as a web form's.
	Answers map[string][]string `json:"answers,omitempty" bson:"answers,omitempty"`
	// ResponseID is set once the response is stored (consent stage).
	ResponseID   string `json:"response_id,omitempty" bson:"response_id,omitempty"`
	Neighborhood string `json:"neighborhood,omitempty" bson:"neighborhood,omitempty"`
	// LastSID and LastReply let a redelivered message get the same reply
	// without being applied twice.
	LastSID   string    `json:"-" bson:"last_sid,omitempty"`
	LastReply []string  `json:"-" bson:"last_reply,omitempty"`
	StartedAt time.Time `json:"started_at" bson:"started_at"`
	UpdatedAt time.Time `json:"updated_at" bson:"updated_at"`
	ExpiresAt time.Time `json:"expires_at" bson:"expires_at"`
	// Rev is the compare-and-set version the store keeps.
	Rev int64 `json:"rev" bson:"rev"`
}

// SMSSessionID is the key of a resident's session with a survey.
func SMSSessionID(slug, respondent string) string { return slug + "|" + respondent }

// SMSResponseID derives the response's ID from the session, so finishing
// the same conversation twice (a retry, a redelivered message) stores one
// response. StartedAt is kept to the millisecond, as the database does.
func SMSResponseID(sess *SMSSession) string {
	h := sha256.Sum256([]byte(sess.ID + "|" + strconv.FormatInt(sess.StartedAt.UnixMilli(), 10)))
	return "sms-" + hex.EncodeToString(h[:16])
}

func (s *SMSSession) clone() *SMSSession {
	if s == nil {
		return nil
	}
	c := *s
	c.Answers = make(map[string][]string, len(s.Answers))
	for k, v := range s.Answers {
		c.Answers[k] = append([]string(nil), v...)
	}
	c.LastReply = append([]string(nil), s.LastReply...)
	return &c
}

// SMSTurn is everything the conversation needs to answer one message.
type SMSTurn struct {
	Body       string
	MessageSID string
	Respondent string
	Now        time.Time
	// OptedOut reports the resident's opt-out record, and OptOutSID the
	// message that set it.
	OptedOut  bool
	OptOutSID string
	// Session is the resident's live session, else their latest ended one,
	// nil for none; Survey is the definition of its version and SurveyOpen
	// whether it still takes answers. Sessions lists all of the resident's
	// sessions that are live or ended, Session among them.
	Session    *SMSSession
	Sessions   []*SMSSession
	Survey     *Survey
	SurveyOpen bool
	// Open lists the open surveys that have an SMS keyword.
	Open []*Record
}

// SMSFollowup is a resident's consent to get their neighborhood's results
// by text; the caller stores it with the phone number.
type SMSFollowup struct {
	Survey       string
	Language     string
	Neighborhood string
}

// SMSOutcome is what the caller must do after a message, in this order:
// set the opt-out record, end every session of the resident, store the
// response, store the follow-up consent, save or delete the session, send
// the replies.
type SMSOutcome struct {
	Replies []string
	// Session is the session to keep; nil ends the turn's session. Its ID
	// may differ from the turn's when a keyword started another survey.
	Session *SMSSession
	// Unchanged means Session is the turn's session untouched.
	Unchanged bool
	OptOut    *bool
	// EndAll ends every session of the resident and drops their follow-ups.
	EndAll   bool
	Response *Response
	Followup *SMSFollowup
	// Event names what happened, for logs and tests ("answer", "opt_out").
	Event string
}

// SMSOptions tune the conversation.
type SMSOptions struct {
	// SessionTTL is how long an idle conversation may be resumed.
	SessionTTL time.Duration
	// ContactURL is given in HELP replies.
	ContactURL string
	// MaxTries is how many unreadable replies a prompt gets (3 when 0).
	MaxTries int
	// Count tells how a text travels by SMS (package sms's Count). The
	// language menu uses it to stay within one segment where it can.
	Count SegmentCounter
}

// SegmentCounter tells how a text travels by SMS: its encoding ("GSM-7",
// "UCS-2"), its length in that encoding's units, and its segment count.
type SegmentCounter func(text string) (encoding string, units, segments int)

// SMSConversation runs SMS conversations. It is pure: it decides, the
// caller reads and writes the database and talks to Twilio. One value
// serves every conversation at once.
type SMSConversation struct {
	tr    Translator
	words *SMSWords
	opts  SMSOptions
}

// NewSMSConversation returns a conversation whose texts come from tr and
// which understands the words of langs (every language canvass ships).
func NewSMSConversation(tr Translator, langs []string, opts SMSOptions) *SMSConversation {
	if opts.SessionTTL <= 0 {
		opts.SessionTTL = 24 * time.Hour
	}
	if opts.MaxTries <= 0 {
		opts.MaxTries = 3
	}
	return &SMSConversation{tr: tr, words: NewSMSWords(tr, langs), opts: opts}
}

// Words returns the words the conversation understands.
func (c *SMSConversation) Words() *SMSWords { return c.words }

// Step answers one message. It never changes the turn's session; the
// outcome carries a new one.
func (c *SMSConversation) Step(t SMSTurn) SMSOutcome {
	t.Now = t.Now.UTC().Truncate(time.Millisecond)
	for _, s := range append([]*SMSSession{t.Session}, t.Sessions...) {
		if s != nil && t.MessageSID != "" && s.LastSID == t.MessageSID {
			// Applied before (a redelivery after a crash, or a replay): the
			// same reply, no change.
			return SMSOutcome{Replies: s.LastReply, Session: s, Unchanged: true, Event: "duplicate"}
		}
	}
	if out, ok := c.carrierCommand(t); ok {
		return out
	}
	if rec, lang, ok := findKeyword(t.Open, NormalizeKeyword(t.Body)); ok {
		if done := answered(t, rec); done != nil {
			return c.finishTurn(t, c.alreadyAnswered(t, rec, done))
		}
		return c.finishTurn(t, c.start(t, rec, lang))
	}
	if t.Session != nil && t.Session.Stage == StageDone {
		return c.finishTurn(t, c.afterEnd(t))
	}
	if t.Session == nil || t.Survey == nil {
		return SMSOutcome{Replies: []string{c.nudge(t)}, Event: "unknown"}
	}
	if !t.SurveyOpen {
		return c.finishTurn(t, SMSOutcome{Replies: []string{c.tr.T(c.sessionLang(t), "sms.closed", nil)}, Event: "closed"})
	}
	return c.finishTurn(t, c.continueSession(t))
}

// finishTurn stamps the kept session with the message it answered. A turn
// that ends its session keeps it as an ended record instead, stamped the
// same way: the fact that the message was applied and its reply are
// written with the conversation's new state, in one write.
func (c *SMSConversation) finishTurn(t SMSTurn, out SMSOutcome) SMSOutcome {
	if out.Session == nil && t.Session != nil && t.Session.Stage != StageDone && !out.Unchanged && !out.EndAll {
		out.Session = ended(t.Session, out.Response)
	}
	if s := out.Session; s != nil && !out.Unchanged {
		s.LastSID, s.LastReply = t.MessageSID, out.Replies
		s.UpdatedAt = t.Now
		s.ExpiresAt = t.Now.Add(c.opts.SessionTTL)
	}
	return out
}

// findKeyword finds the open survey a keyword starts, and the language an
// alias implies ("" for the main keyword).
func findKeyword(open []*Record, kw string) (*Record, string, bool) {
	if kw == "" {
		return nil, "", false
	}
	for _, r := range open {
		if r.SMS == nil {
			continue
		}
		if NormalizeKeyword(r.SMS.Keyword) == kw {
			return r, "", true
		}
		for _, lang := range mapKeys(r.SMS.Aliases) {
			for _, a := range r.SMS.Aliases[lang] {
				if NormalizeKeyword(a) == kw {
					return r, lang, true
				}
			}
		}
	}
	return nil, "", false
}
