package handlers

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v5"

	"canvass/conversation"
	"canvass/invite"
	"canvass/sms"
	"canvass/surveycache"
	"canvass/surveys"
)

// SMSStore is what the Twilio webhook needs of the database, by the part
// of the webhook that uses it.
type SMSStore interface {
	surveycache.SMSStore // the surveys, kept between messages
	SMSInbox
	SMSResidents
	SMSWrites
}

// SMSInbox keeps each inbound message's reply (a redelivery gets it
// again) and outbound messages' delivery statuses.
type SMSInbox interface {
	SaveInboundReply(ctx context.Context, sid, respondent string, reply []string) error
	InboundReply(ctx context.Context, sid string) (reply []string, respondent string, found bool, err error)
	RecordDelivery(ctx context.Context, d sms.Delivery) (bool, error)
}

// SMSResidents is what a message reads of its sender.
type SMSResidents interface {
	OptOutState(ctx context.Context, pseudonym string) (out bool, sid, lang string, err error)
	SMSSessions(ctx context.Context, ids []string) ([]*conversation.Session, error)
}

// SMSWrites carry out a conversation's outcome (conversation.Effects).
type SMSWrites interface {
	RecordOptOut(ctx context.Context, pseudonym string, out bool, sid, lang string) error
	InsertResponse(ctx context.Context, r *surveys.Response) (bool, error)
	SaveFollowup(ctx context.Context, f *invite.Followup) error
	DeleteFollowupsOf(ctx context.Context, respondent string) error
	CreateSMSSession(ctx context.Context, sess *conversation.Session) error
	UpdateSMSSession(ctx context.Context, sess *conversation.Session) error
	DeleteSMSSession(ctx context.Context, id string, rev int64) error
	DeleteSMSSessionsOf(ctx context.Context, respondent string) error
}

// SMSConfig turns the SMS channel on. A Server without one (TWILIO_AUTH_TOKEN
// unset) has no SMS routes: Twilio's requests get 404.
type SMSConfig struct {
	Store     SMSStore
	AuthToken string
	// AccountSID is the Twilio account (TWILIO_ACCOUNT_SID) whose webhooks
	// are accepted; a signed request naming another account is refused.
	// Empty accepts any account (only tests leave it empty: the
	// configuration requires it with the auth token).
	AccountSID string
	Pseudonyms *sms.Pseudonymizer
	// SessionTTL is how long a conversation waits for a reply before it
	// pauses (24 h when zero); KeepAnswers how long a paused one's
	// answers are kept for the resident to go on (7 days when zero).
	SessionTTL  time.Duration
	KeepAnswers time.Duration
	// Now is the conversations' clock; nil is time.Now. Tests move it to
	// pause a conversation.
	Now func() time.Time
	// SurveyCacheTTL is how long the list of surveys is reused between
	// messages; zero reads it for every message. A survey opened or closed
	// takes effect by SMS within this time.
	SurveyCacheTTL time.Duration

	rt *smsRuntime // set up by registerSMSRoutes
}

// maxTwilioBody bounds a webhook body: Twilio's parameters with a 1,600
// character message are a few kilobytes.
const maxTwilioBody = 64 << 10

func (s *Server) registerSMSRoutes(e *echo.Echo) {
	if s.SMS == nil || s.SMS.AuthToken == "" {
		return
	}
	s.SMS.rt = newSMSRuntime(s)
	e.POST("/sms/twilio", s.smsInbound)
	e.POST("/sms/twilio/status", s.smsStatus)
}

// smsInbound answers a resident's text with TwiML.
func (s *Server) smsInbound(c *echo.Context) error {
	form, err := s.twilioForm(c)
	if err != nil {
		return err
	}
	in, err := sms.ParseInbound(form)
	if err != nil {
		return err
	}
	replies, err := s.SMS.rt.handle(c.Request().Context(), in)
	if err != nil {
		return err
	}
	xml, err := sms.TwiML(replies...)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, sms.TwiMLContentType, []byte(xml))
}

// smsStatus records a delivery report of an outbound message. A report
// that the recipient opted out (error 21610: they texted STOP to the
// sender) is recorded as their opt-out too, so canvass stops trying.
func (s *Server) smsStatus(c *echo.Context) error {
	form, err := s.twilioForm(c)
	if err != nil {
		return err
	}
	cb, err := sms.ParseStatusCallback(form, c.Request().URL.Query())
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	st := s.SMS.Store
	if _, err := st.RecordDelivery(ctx, sms.Delivery{SID: cb.MessageSID, Status: cb.Status, ErrorCode: cb.ErrorCode, Ref: cb.Ref}); err != nil {
		return err
	}
	if cb.ErrorCode == sms.ErrorOptedOut && sms.IsE164(cb.To) {
		if err := s.SMS.rt.optOut(ctx, s.SMS.Pseudonyms.Pseudonym(cb.To)); err != nil {
			return err
		}
	}
	return c.NoContent(http.StatusNoContent)
}

// twilioForm reads a webhook's form body and checks Twilio's signature
// against the public URL (never the request's Host) and the account it
// names: nothing is read or stored for a request Twilio did not sign for
// this account.
func (s *Server) twilioForm(c *echo.Context) (url.Values, error) {
	r := c.Request()
	body, err := io.ReadAll(io.LimitReader(r.Body, maxTwilioBody+1))
	if err != nil {
		return nil, surveys.Errorf(surveys.ErrInvalid, "error.bad_request", nil)
	}
	if len(body) > maxTwilioBody {
		return nil, echo.ErrStatusRequestEntityTooLarge
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, surveys.Errorf(surveys.ErrInvalid, "error.bad_request", nil)
	}
	if !s.SMS.rt.verifier.Verify(r.URL.RequestURI(), form, r.Header.Get(sms.SignatureHeader)) {
		return nil, surveys.Errorf(surveys.ErrForbidden, "error.forbidden", nil)
	}
	if s.SMS.AccountSID != "" && !sms.FromAccount(form, s.SMS.AccountSID) {
		return nil, surveys.Errorf(surveys.ErrForbidden, "error.forbidden", nil)
	}
	return form, nil
}
