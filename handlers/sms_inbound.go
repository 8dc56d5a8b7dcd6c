package handlers

import (
	"context"
	"log/slog"
	"time"

	"canvass/keyed"
	"canvass/sms"
	"canvass/surveys"
)

// Timings of redelivered messages. Twilio waits 15 s for a reply, then
// retries or gives up; a retry may arrive while the first delivery is still
// being handled.
const (
	// processTimeout bounds the handling of one message.
	processTimeout = 10 * time.Second
	// redeliveryWait is how long a redelivery waits for the first
	// delivery's reply before answering with nothing: the first delivery
	// still gets the reply to the resident if Twilio is waiting for it.
	redeliveryWait = 8 * time.Second
	// staleClaim is the age at which a claim without a reply is taken to
	// belong to a process that died, and a redelivery takes it over.
	staleClaim = 2 * processTimeout
)

// smsRuntime is the SMS channel at work: the conversation, the signature
// check, the per-resident locks and the survey cache.
type smsRuntime struct {
	cfg      *SMSConfig
	st       SMSStore
	conv     *surveys.SMSConversation
	verifier *sms.Verifier
	locks    keyed.Mutex
	surveys  surveyCache
	logger   *slog.Logger
	now      func() time.Time
	// wait and stale are redeliveryWait and staleClaim (tests shorten them).
	wait, stale time.Duration
}

func newSMSRuntime(s *Server) *smsRuntime {
	cfg := s.SMS
	tr := sms.NewTranslator(s.Catalog)
	return &smsRuntime{
		cfg: cfg, st: cfg.Store, logger: s.Logger, now: time.Now, wait: redeliveryWait, stale: staleClaim,
		conv: surveys.NewSMSConversation(tr, s.Catalog.Languages(), surveys.SMSOptions{
			SessionTTL: cfg.SessionTTL, ContactURL: s.Options.PublicURL, Count: sms.Count,
		}),
		verifier: sms.NewVerifier(cfg.AuthToken, s.Options.PublicURL),
		surveys:  surveyCache{st: cfg.Store, ttl: cfg.SurveyCacheTTL},
	}
}

// handle answers one inbound message exactly once. The first delivery of
// a MessageSid claims it and stores its reply; a redelivery gets that same
// reply, waiting for it if the first is still at work, and changes nothing.
func (rt *smsRuntime) handle(ctx context.Context, in *sms.Inbound) ([]string, error) {
	claimed, err := rt.st.ClaimInbound(ctx, in.MessageSID)
	if err != nil {
		return nil, err
	}
	if !claimed {
		return rt.awaitReply(ctx, in)
	}
	return rt.processClaimed(ctx, in)
}

// processClaimed handles a message this request holds the claim of.
func (rt *smsRuntime) processClaimed(ctx context.Context, in *sms.Inbound) ([]string, error) {
	pctx, cancel := context.WithTimeout(ctx, processTimeout)
	defer cancel()
	replies, err := rt.process(pctx, in)
	if err != nil {
		// Let Twilio's retry handle the message afresh. Every step of a
		// turn is safe to repeat: the response's ID is derived from the
		// session, and the session is written only at its revision.
		rctx, rcancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer rcancel()
		if rerr := rt.st.ReleaseInbound(rctx, in.MessageSID); rerr != nil {
			rt.logger.Warn("sms: releasing a failed message", "err", rerr)
		}
		return nil, err
	}
	if err := rt.st.SaveInboundReply(ctx, in.MessageSID, replies); err != nil {
		// The resident still gets this reply; only a redelivery would not.
		rt.logger.Warn("sms: storing a reply", "err", err)
	}
	return replies, nil
}

// awaitReply serves a redelivery: the stored reply once there is one.
// A claim released after a failure is claimed again; a stale claim, whose
// holder died, is taken over. Past redeliveryWait it answers nothing.
func (rt *smsRuntime) awaitReply(ctx context.Context, in *sms.Inbound) ([]string, error) {
	deadline := rt.now().Add(rt.wait)
	pause := 50 * time.Millisecond
	for {
		reply, found, err := rt.st.InboundReply(ctx, in.MessageSID)
		if err != nil || found {
			return reply, err
		}
		at, claimed, err := rt.st.InboundClaimedAt(ctx, in.MessageSID)
		if err != nil {
			return nil, err
		}
		switch {
		case !claimed:
			if ok, err := rt.st.ClaimInbound(ctx, in.MessageSID); err != nil || ok {
				if err != nil {
					return nil, err
				}
				return rt.processClaimed(ctx, in)
			}
		case rt.now().Sub(at) > rt.stale:
			if ok, err := rt.st.TakeOverInbound(ctx, in.MessageSID, at); err != nil || ok {
				if err != nil {
					return nil, err
				}
				return rt.processClaimed(ctx, in)
			}
		}
		if !rt.now().Add(pause).Before(deadline) {
			return nil, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(pause):
		}
		pause = min(pause*2, 500*time.Millisecond)
	}
}
