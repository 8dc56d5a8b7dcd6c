package handlers

import (
	"context"
	"log/slog"
	"time"

	"canvass/conversation"
	"canvass/keyed"
	"canvass/sms"
	"canvass/surveycache"
)

// processTimeout bounds the handling of one message. Twilio waits 15 s for
// a reply, then retries or gives up.
const processTimeout = 10 * time.Second

// smsRuntime is the SMS channel at work: the conversation, the signature
// check, the per-resident locks and the survey cache.
type smsRuntime struct {
	cfg      *SMSConfig
	st       SMSStore
	conv     *conversation.Conversation
	verifier *sms.Verifier
	locks    keyed.Mutex
	surveys  *surveycache.SMSList
	logger   *slog.Logger
	now      func() time.Time
}

func newSMSRuntime(s *Server) *smsRuntime {
	cfg := s.SMS
	tr := sms.NewTranslator(s.Catalog)
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	return &smsRuntime{
		cfg: cfg, st: cfg.Store, logger: s.Logger, now: now,
		conv: conversation.New(tr, s.Catalog.Languages(), conversation.Options{
			SessionTTL: cfg.SessionTTL, KeepAnswers: cfg.KeepAnswers, ContactURL: s.Options.PublicURL, Contact: s.Options.Contact, Count: sms.Count,
		}),
		verifier: sms.NewVerifier(cfg.AuthToken, s.Options.PublicURL),
		surveys:  surveycache.NewSMSList(cfg.Store, cfg.SurveyCacheTTL),
	}
}

// handle answers one inbound message exactly once, whatever happened to an
// earlier delivery of it. A resident's messages are handled one at a time
// in this process, so a redelivery waits for the first delivery to finish.
// Then, in order:
//   - a message whose reply was stored gets that reply again;
//   - otherwise it is processed: the conversation sees whether its
//     session, or the opt-out record, already holds the message (it was
//     applied, and the process stopped before storing the reply) and then
//     gives the same reply without applying it again; else it applies it,
//     writing the message's ID and reply with the new state in one write.
//
// So a redelivery is never answered with nothing while its effect is
// unknown, and never applied twice. Processing runs detached from the
// request: Twilio hanging up does not cut a message's writes in half.
func (rt *smsRuntime) handle(ctx context.Context, in *sms.Inbound) ([]string, error) {
	respondent := rt.cfg.Pseudonyms.Pseudonym(in.From)
	unlock := rt.locks.Lock(respondent)
	defer unlock()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), processTimeout)
	defer cancel()
	reply, sender, found, err := rt.st.InboundReply(ctx, in.MessageSID)
	switch {
	case err != nil:
		return nil, err
	case found && sender != "" && sender != respondent:
		// Twilio never gives two phones one MessageSid: this is a replay
		// with another sender. It gets neither the first phone's reply
		// nor a turn of its own.
		rt.logger.Warn("sms: a message ID already seen from another phone; ignored", "sid", in.MessageSID)
		return nil, nil
	case found:
		return reply, nil
	}
	replies, err := rt.process(ctx, in, respondent)
	if err != nil {
		return nil, err // a 503: Twilio's retry processes it afresh
	}
	if err := rt.st.SaveInboundReply(ctx, in.MessageSID, respondent, replies); err != nil {
		// The resident still gets this reply, and a redelivery finds the
		// message applied in the session.
		rt.logger.Warn("sms: storing a reply", "err", err)
	}
	return replies, nil
}
