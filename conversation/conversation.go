package conversation

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"canvass/surveys"
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

// Session is one resident's conversation with one survey, kept between
// messages. It is keyed "<slug>|<pseudonym>". Idle for the session TTL it
// pauses: the resident's next message is offered to go on where they
// stopped. Idle for the TTL and the keep period its answers are deleted
// (Lapse). An ended one stays as a record without answers (StageDone).
// It never holds the phone number.
type Session struct {
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
	// Resume means the resident was offered to go on after a pause, and
	// their reply chooses: go on, or start over.
	Resume bool `json:"resume,omitempty" bson:"resume,omitempty"`
	// Lapsed marks an ended record whose unfinished answers were deleted
	// after the keep period; the resident is told once, at their next text.
	Lapsed bool `json:"lapsed,omitempty" bson:"lapsed,omitempty"`
	// StopAsked is the text question whose answer looked like a request to
	// stop: the resident was asked, and the same message again is the
	// answer.
	StopAsked string `json:"-" bson:"stop_asked,omitempty"`
	// Keyword is the keyword or alias the resident texted, as the survey
	// defines it: what canvass tells them to text names it.
	Keyword string `json:"keyword,omitempty" bson:"keyword,omitempty"`
	// ResponseID is set once the response is stored (consent stage).
	ResponseID   string `json:"response_id,omitempty" bson:"response_id,omitempty"`
	Neighborhood string `json:"neighborhood,omitempty" bson:"neighborhood,omitempty"`
	// LastSID and LastReply let a redelivered message get the same reply
	// without being applied twice.
	LastSID   string    `json:"-" bson:"last_sid,omitempty"`
	LastReply []string  `json:"-" bson:"last_reply,omitempty"`
	StartedAt time.Time `json:"started_at" bson:"started_at"`
	UpdatedAt time.Time `json:"updated_at" bson:"updated_at"`
	// PausesAt is when the conversation pauses if the resident does not
	// reply (UpdatedAt + the session TTL); ExpiresAt is when its answers
	// are deleted (PausesAt + the keep period). A session that never
	// stored PausesAt (an older canvass) does not pause.
	PausesAt  time.Time `json:"pauses_at,omitzero" bson:"pauses_at,omitempty"`
	ExpiresAt time.Time `json:"expires_at" bson:"expires_at"`
	// Rev is the compare-and-set version the store keeps.
	Rev int64 `json:"rev" bson:"rev"`
}

// SessionID is the key of a resident's session with a survey.
func SessionID(slug, respondent string) string { return slug + "|" + respondent }

// ResponseID derives the response's ID from the session, so finishing
// the same conversation twice (a retry, a redelivered message) stores one
// response. StartedAt is kept to the millisecond, as the database does.
func ResponseID(sess *Session) string {
	h := sha256.Sum256([]byte(sess.ID + "|" + strconv.FormatInt(sess.StartedAt.UnixMilli(), 10)))
	return "sms-" + hex.EncodeToString(h[:16])
}

func (s *Session) clone() *Session {
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

// Turn is everything the conversation needs to answer one message.
type Turn struct {
	Body string
	// Media is how many attachments (pictures, audio) came with Body.
	Media      int
	MessageSID string
	Respondent string
	Now        time.Time
	// OptedOut reports the resident's opt-out record, OptOutSID the
	// message that set it, and OptOutLanguage the language recorded then.
	OptedOut       bool
	OptOutSID      string
	OptOutLanguage string
	// Session is the resident's live session, else their latest ended one,
	// nil for none; Survey is the definition of its version and SurveyOpen
	// whether it still takes answers. Sessions lists all of the resident's
	// sessions that are live or ended, Session among them.
	Session    *Session
	Sessions   []*Session
	Survey     *surveys.Survey
	SurveyOpen bool
	// Open lists the open surveys that have an SMS keyword.
	Open []*surveys.Record
}

// Followup is a resident's consent to get their neighborhood's results
// by text; the caller stores it with the phone number.
type Followup struct {
	Survey       string
	Language     string
	Neighborhood string
}

// Outcome is what the caller must do after a message, in this order:
// set the opt-out record, end every session of the resident, store the
// response, store the follow-up consent, save or delete the session, send
// the replies.
type Outcome struct {
	Replies []string
	// Session is the session to keep; nil ends the turn's session. Its ID
	// may differ from the turn's when a keyword started another survey.
	Session *Session
	// Unchanged means Session is the turn's session untouched.
	Unchanged bool
	OptOut    *bool
	// Language is the resident's language, recorded with OptOut so what
	// follows a STOP (START's confirmation, HELP) speaks it.
	Language string
	// EndAll ends every session of the resident and drops their follow-ups.
	EndAll   bool
	Response *surveys.Response
	Followup *Followup
	// Event names what happened, for logs and tests ("answer", "opt_out").
	Event string
}

// Options tune the conversation.
type Options struct {
	// SessionTTL is how long a conversation waits for a reply before it
	// pauses (24 h when 0).
	SessionTTL time.Duration
	// KeepAnswers is how long a paused conversation's answers are kept
	// for the resident to go on; then they are deleted (7 days when 0).
	KeepAnswers time.Duration
	// ContactURL is given in HELP replies: the home page, which says how
	// to reach the program.
	ContactURL string
	// Contact is the program's contact (CANVASS_CONTACT), given in HELP
	// replies when the survey names none.
	Contact string
	// MaxTries is how many unreadable replies a prompt gets (3 when 0).
	MaxTries int
	// Count tells how a text travels by SMS (package sms's Count). The
	// language menu uses it to stay within one segment where it can.
	Count SegmentCounter
}

// SegmentCounter tells how a text travels by SMS: its encoding ("GSM-7",
// "UCS-2"), its length in that encoding's units, and its segment count.
type SegmentCounter func(text string) (encoding string, units, segments int)

// Conversation runs SMS conversations. It is pure: it decides, the
// caller reads and writes the database and talks to Twilio. One value
// serves every conversation at once.
type Conversation struct {
	tr    Translator
	words *Words
	opts  Options
}

// New returns a conversation whose texts come from tr and
// which understands the words of langs (every language canvass ships).
func New(tr Translator, langs []string, opts Options) *Conversation {
	if opts.SessionTTL <= 0 {
		opts.SessionTTL = 24 * time.Hour
	}
	if opts.KeepAnswers <= 0 {
		opts.KeepAnswers = 7 * 24 * time.Hour
	}
	if opts.MaxTries <= 0 {
		opts.MaxTries = 3
	}
	return &Conversation{tr: tr, words: NewWords(tr, langs), opts: opts}
}

// Words returns the words the conversation understands.
func (c *Conversation) Words() *Words { return c.words }

// Step answers one message. It never changes the turn's session; the
// outcome carries a new one.
func (c *Conversation) Step(t Turn) Outcome {
	return plainLetters(t, c.step(t))
}

func (c *Conversation) step(t Turn) Outcome {
	t.Now = t.Now.UTC().Truncate(time.Millisecond)
	for _, s := range append([]*Session{t.Session}, t.Sessions...) {
		if s != nil && t.MessageSID != "" && s.LastSID == t.MessageSID {
			// Applied before (a redelivery after a crash, or a replay): the
			// same reply, no change.
			return Outcome{Replies: s.LastReply, Session: s, Unchanged: true, Event: "duplicate"}
		}
	}
	if out, ok := c.carrierCommand(t); ok {
		return out
	}
	if t.Media > 0 && strings.TrimSpace(t.Body) == "" {
		// A picture alone: say that only text is read, rather than take it
		// as an unreadable answer. The conversation waits where it was.
		return Outcome{Replies: []string{c.tr.T(c.sessionLang(t), "sms.text_only", nil)}, Session: t.Session, Unchanged: true, Event: "media"}
	}
	if out, ok := c.paused(t); ok {
		return c.finishTurn(t, out)
	}
	if kw, ok := findKeyword(t.Open, t.Body); ok {
		if done := answered(t, kw.rec); done != nil {
			return c.finishTurn(t, c.alreadyAnswered(t, kw.rec, done))
		}
		return c.finishTurn(t, c.start(t, kw))
	}
	if t.Session != nil && t.Session.Stage == StageDone {
		return c.finishTurn(t, c.afterEnd(t))
	}
	if t.Session == nil || t.Survey == nil {
		return Outcome{Replies: []string{c.nudge(t)}, Event: "unknown"}
	}
	if !t.SurveyOpen {
		return c.finishTurn(t, Outcome{Replies: []string{c.tr.T(c.sessionLang(t), "sms.closed", nil)}, Event: "closed"})
	}
	return c.finishTurn(t, c.continueSession(t))
}

// finishTurn stamps the kept session with the message it answered. A turn
// that ends its session keeps it as an ended record instead, stamped the
// same way: the fact that the message was applied and its reply are
// written with the conversation's new state, in one write.
func (c *Conversation) finishTurn(t Turn, out Outcome) Outcome {
	if out.Session == nil && t.Session != nil && t.Session.Stage != StageDone && !out.Unchanged && !out.EndAll {
		out.Session = ended(t.Session, out.Response)
	}
	if s := out.Session; s != nil && !out.Unchanged {
		s.LastSID, s.LastReply = t.MessageSID, out.Replies
		s.UpdatedAt = t.Now
		s.PausesAt = t.Now.Add(c.opts.SessionTTL)
		s.ExpiresAt = s.PausesAt.Add(c.opts.KeepAnswers)
	}
	return out
}

// keyword is what a texted keyword starts: an open survey, the language
// an alias implies ("" for the main keyword), and the word as the survey
// defines it, which later texts name back to the resident.
type keyword struct {
	rec  *surveys.Record
	lang string
	word string
}

// findKeyword finds the open survey a text's keyword starts.
func findKeyword(open []*surveys.Record, body string) (keyword, bool) {
	kw := surveys.NormalizeKeyword(body)
	if kw == "" {
		return keyword{}, false
	}
	for _, r := range open {
		if r.SMS == nil {
			continue
		}
		if surveys.NormalizeKeyword(r.SMS.Keyword) == kw {
			return keyword{rec: r, word: r.SMS.Keyword}, true
		}
		for _, lang := range surveys.MapKeys(r.SMS.Aliases) {
			for _, a := range r.SMS.Aliases[lang] {
				if surveys.NormalizeKeyword(a) == kw {
					return keyword{rec: r, lang: lang, word: a}, true
				}
			}
		}
	}
	return keyword{}, false
}
