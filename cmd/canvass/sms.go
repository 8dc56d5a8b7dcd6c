package main

import (
	"context"
	"log/slog"
	"time"

	"canvass/handlers"
	"canvass/sms"
	"canvass/store"
)

const (
	// smsSweepEvery is how often expired SMS sessions and old inbound
	// message records are removed.
	smsSweepEvery = 10 * time.Minute
	// inboundRetention is how long an inbound MessageSid is remembered: a
	// replay of an older captured webhook request would be handled again.
	inboundRetention = 48 * time.Hour
	// smsSurveyCacheTTL is how long the webhook reuses the survey list: a
	// survey opened or closed takes effect by SMS within this time.
	smsSurveyCacheTTL = 5 * time.Second
)

// startSMS wires the Twilio webhook when TWILIO_AUTH_TOKEN is set, and
// starts the sweep of expired sessions. stop ends the sweep.
func (m *Main) startSMS(st *store.Store) (cfg *handlers.SMSConfig, stop func(), err error) {
	if !m.Config.SMSEnabled() {
		return nil, func() {}, nil
	}
	key, err := pseudonymKey(m.Config, m.Logger)
	if err != nil {
		return nil, nil, err
	}
	cfg = &handlers.SMSConfig{
		Store: st, AuthToken: m.Config.TwilioAuthToken, AccountSID: m.Config.TwilioAccountSID, Pseudonyms: sms.NewPseudonymizer(key),
		SessionTTL: m.Config.SMSSessionTTL, KeepAnswers: m.Config.SMSKeepAnswers, SurveyCacheTTL: smsSurveyCacheTTL,
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		sweepSMS(ctx, st, m.Logger, smsSweepEvery)
	}()
	m.Logger.Info("SMS is on", "webhook", m.Config.PublicURL+"/sms/twilio", "status_callback", m.Config.PublicURL+"/sms/twilio/status")
	return cfg, func() { cancel(); <-done }, nil
}

// sweepSMS removes expired sessions and forgets old inbound messages,
// now and then every interval, until ctx ends. MongoDB's TTL indexes would
// do it there, but FerretDB never runs them, so canvass does it itself.
func sweepSMS(ctx context.Context, st *store.Store, logger *slog.Logger, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		sctx, cancel := context.WithTimeout(ctx, time.Minute)
		sessions, err := st.SweepSMSSessions(sctx)
		if err == nil {
			var messages int64
			messages, err = st.SweepInbound(sctx, time.Now().Add(-inboundRetention))
			if sessions+messages > 0 {
				logger.Debug("sms sweep", "sessions", sessions, "messages", messages)
			}
		}
		cancel()
		if err != nil && ctx.Err() == nil {
			logger.Warn("sms sweep failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
