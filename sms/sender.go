package sms

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/twilio/twilio-go"
	"github.com/twilio/twilio-go/client"
	api "github.com/twilio/twilio-go/rest/api/v2010"
)

// SendTimeout bounds one call to Twilio's REST API. The outbox's claim on a
// message must outlast it by a wide margin (see outbox.Worker).
const SendTimeout = 20 * time.Second

// Sender sends texts through Twilio's REST API with twilio-go.
type Sender struct {
	api  *twilio.RestClient
	from string
}

// SenderConfig is what a Sender needs. From is a phone number in E.164 or
// a messaging service SID ("MG…").
type SenderConfig struct {
	AccountSID string
	AuthToken  string
	From       string
	// HTTPClient carries the requests; nil means one with SendTimeout that
	// does not follow redirects. Tests point it at a local server playing
	// Twilio.
	HTTPClient *http.Client
}

// NewSender returns a Sender for one Twilio account and sender.
func NewSender(cfg SenderConfig) *Sender {
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{
			Timeout:       SendTimeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	base := &client.Client{Credentials: client.NewCredentials(cfg.AccountSID, cfg.AuthToken), HTTPClient: hc}
	// With a client of our own, twilio-go does not take the account SID
	// from the credentials; the Messages paths need it.
	base.SetAccountSid(cfg.AccountSID)
	return &Sender{api: twilio.NewRestClientWithParams(twilio.ClientParams{Client: base}), from: cfg.From}
}

// From is the sender the Sender sends as; pacing is per sender.
func (s *Sender) From() string { return s.from }

func (s *Sender) viaService() bool { return strings.HasPrefix(s.from, "MG") }

// Kinds of send failure, by what they say about the message.
const (
	// FailRejected: Twilio refused this message (invalid number, the
	// recipient opted out at Twilio, ...). It was not sent; sending it
	// again would fail again.
	FailRejected = "rejected"
	// FailRetry: Twilio did not take the message now (rate limit), or
	// the request never reached it (no connection: Status 0). It was not
	// sent; try again later.
	FailRetry = "retry"
	// FailUnknown: no answer, or a server error: Twilio may or may not have
	// created the message. Ask Twilio (FindSent) before sending it again.
	FailUnknown = "unknown"
	// FailAccount: Twilio (or twilio-go, before sending) refused the
	// account, not the message: every message would fail the same way
	// until someone fixes the settings or the account. Nothing was sent.
	FailAccount = "account"
)

// What is wrong with the account, for a FailAccount: it says what the
// operator must fix.
const (
	// AccountCredentials: TWILIO_ACCOUNT_SID or TWILIO_AUTH_TOKEN is wrong
	// (or the token was rotated); fix the settings and restart.
	AccountCredentials = "credentials"
	// AccountInactive: the account is suspended, closed or out of funds;
	// fix it in Twilio's console.
	AccountInactive = "inactive"
)

// accountProblem tells an error about the account from one about the
// message: it returns AccountCredentials or AccountInactive, or "" when
// the error is the message's own. The codes are Twilio's
// (twilio.com/docs/api/errors), and twilio-go's for what it refuses
// locally.
func accountProblem(status, code int) string {
	switch code {
	case 20003, // authentication failed: wrong SID or token
		21222, 21224: // twilio-go, before any request: a SID or token with characters no real one has
		return AccountCredentials
	case 10001, 20005, // account not active (suspended, out of funds, trial not activated)
		10003, // rejected because the account is not active
		30002: // account suspended
		return AccountInactive
	}
	if status == http.StatusUnauthorized || status == http.StatusForbidden {
		return AccountCredentials
	}
	return ""
}

// SendError is a failed send, classified for the outbox.
type SendError struct {
	Kind   string
	Code   int // Twilio's error code, 0 when there was no answer
	Status int // HTTP status, 0 when there was no answer
	// Problem is AccountCredentials or AccountInactive for a FailAccount.
	Problem string
	Err     error
}

// Answered reports whether the request got an answer: an error with a
// status is Twilio speaking about the message or the account (or
// twilio-go refusing credentials for it, a FailAccount), one without is a
// request that got no answer.
func (e *SendError) Answered() bool { return e.Status != 0 }

func (e *SendError) Error() string {
	return fmt.Sprintf("twilio send %s (status %d, code %d): %v", e.Kind, e.Status, e.Code, e.Err)
}

func (e *SendError) Unwrap() error { return e.Err }

// Send hands one text to Twilio and returns the SID Twilio gave it;
// statusCallback is where Twilio reports its delivery. The call is bounded
// by the HTTP client's timeout rather than a context: twilio-go takes none,
// and abandoning a send halfway would only make its fate unknown.
func (s *Sender) Send(to, body, statusCallback string) (string, error) {
	p := &api.CreateMessageParams{}
	p.SetTo(to)
	p.SetBody(body)
	if statusCallback != "" {
		p.SetStatusCallback(statusCallback)
	}
	if s.viaService() {
		p.SetMessagingServiceSid(s.from)
	} else {
		p.SetFrom(s.from)
	}
	m, err := s.api.Api.CreateMessage(p)
	if err != nil {
		return "", classify(err)
	}
	if m.Sid == nil || *m.Sid == "" {
		return "", &SendError{Kind: FailUnknown, Err: errors.New("Twilio answered without a message SID")}
	}
	return *m.Sid, nil
}

// classify turns twilio-go's error into a SendError.
func classify(err error) *SendError {
	var re *client.TwilioRestError
	if !errors.As(err, &re) {
		if neverConnected(err) {
			return &SendError{Kind: FailRetry, Err: err}
		}
		return &SendError{Kind: FailUnknown, Err: err}
	}
	e := &SendError{Code: re.Code, Status: re.Status, Err: err}
	// The account check comes first: twilio-go refuses a malformed token
	// with a 400, which would otherwise read as a refused message.
	if e.Problem = accountProblem(re.Status, re.Code); e.Problem != "" {
		e.Kind = FailAccount
		return e
	}
	switch {
	case re.Status == http.StatusTooManyRequests || re.Code == 20429:
		e.Kind = FailRetry
	case re.Status >= 400 && re.Status < 500:
		e.Kind = FailRejected
	default:
		e.Kind = FailUnknown
	}
	return e
}

// neverConnected reports whether a request failed before any connection
// to Twilio was made (refused, unresolvable, no route): Twilio cannot
// have received it.
func neverConnected(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// findPage is how many of a recipient's latest messages FindSent reads.
const findPage = 50

// FindSent looks in Twilio's message log for a text to `to` with exactly
// this body, from this sender, created at or after since, and returns its
// SID. The outbox asks it before resending a message that may have
// reached Twilio: a sender that died between Twilio's answer and recording
// the SID leaves exactly this question behind.
func (s *Sender) FindSent(to, body string, since time.Time) (sid string, found bool, err error) {
	p := &api.ListMessageParams{}
	p.SetTo(to)
	if !s.viaService() {
		p.SetFrom(s.from)
	}
	p.SetPageSize(findPage)
	page, err := s.api.Api.PageMessage(p, "", "")
	if err != nil {
		return "", false, fmt.Errorf("twilio message list: %w", classify(err))
	}
	for _, m := range page.Messages {
		if m.Sid == nil || m.Body == nil || !sameBody(*m.Body, body) {
			continue
		}
		if m.Direction != nil && !strings.HasPrefix(*m.Direction, "outbound") {
			continue
		}
		if s.viaService() && (m.MessagingServiceSid == nil || *m.MessagingServiceSid != s.from) {
			continue
		}
		if m.DateCreated != nil {
			created, err := time.Parse(time.RFC1123Z, *m.DateCreated)
			if err == nil && created.Before(since) {
				continue
			}
		}
		return *m.Sid, true, nil
	}
	return "", false, nil
}

// smartEncoded are the replacements Twilio's Smart Encoding (a messaging
// service setting) makes to keep a text in GSM-7: the log then holds the
// replaced text, which must still match what canvass sent.
var smartEncoded = strings.NewReplacer(
	"\u2018", "'", "\u2019", "'", "\u201a", "'", "\u201b", "'", "\u2032", "'",
	"\u201c", "\"", "\u201d", "\"", "\u201e", "\"", "\u201f", "\"", "\u2033", "\"",
	"\u2013", "-", "\u2014", "-", "\u2015", "-", "\u2026", "...", "\u00a0", " ", "\u2009", " ", "\u202f", " ",
)

// sameBody reports whether Twilio's copy of a text is the text canvass sent.
func sameBody(logged, sent string) bool {
	return logged == sent || smartEncoded.Replace(logged) == smartEncoded.Replace(sent)
}
