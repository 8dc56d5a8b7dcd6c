package main

import (
	"context"
	"fmt"
	"os"

	"canvass/handlers"
	"canvass/ids"
	"canvass/links"
	"canvass/locales"
	"canvass/outbox"
	"canvass/outreach"
	"canvass/phone"
	"canvass/sms"
	"canvass/store"
)

// startInvitations wires contacts, invitations and results back. Contacts
// work without Twilio (numbers are sealed with a key derived from the
// pseudonym secret); with TWILIO_AUTH_TOKEN set, an outbox worker starts
// sending. stop lets messages in flight reach their outcome, then stops it.
// Results texts read results through reader, as the public page does, so
// a text never shows what the page hides.
func (m *Main) startInvitations(ctx context.Context, st *store.Store, catalog *locales.Catalog, reader outreach.Results) (cfg *handlers.InviteConfig, stop func(context.Context), err error) {
	key, err := pseudonymKey(m.Config, m.Logger)
	if err != nil && !m.Config.SMSEnabled() {
		// Without SMS, contacts are a convenience; do not refuse to start.
		m.Logger.Warn("contacts and invitations are off: no pseudonym key", "err", err)
		return nil, func(context.Context) {}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	sealer, err := phone.NewSealer(key)
	if err != nil {
		return nil, nil, err
	}
	// Follow-up numbers are sealed like contacts'; those an older canvass
	// kept in the clear are sealed now.
	if n, err := st.SealPhonesWith(ctx, sealer); err != nil {
		return nil, nil, fmt.Errorf("sealing follow-up phone numbers: %w", err)
	} else if n > 0 {
		m.Logger.Info("sealed follow-up phone numbers kept in the clear", "count", n)
	}
	out := &outreach.Service{Recipients: st, Queue: st, Results: reader, Catalog: catalog, Site: links.Site(m.Config.PublicURL),
		SegmentPrice: m.Config.SMSSegmentPrice, Currency: "USD"}
	cfg = &handlers.InviteConfig{Store: st, Outreach: out, Pseudonyms: sms.NewPseudonymizer(key), Phones: sealer, Region: m.Config.DefaultRegion}
	if !m.Config.SMSEnabled() {
		return cfg, func(context.Context) {}, nil
	}
	sender := sms.NewSender(sms.SenderConfig{AccountSID: m.Config.TwilioAccountSID, AuthToken: m.Config.TwilioAuthToken, From: m.Config.TwilioFrom, HTTPClient: m.TwilioHTTP})
	w := &outbox.Worker{Queue: st, Sender: sender, OptOuts: st, Phones: sealer, Logger: m.Logger.With("component", "outbox"),
		ID: workerID(), PublicURL: m.Config.PublicURL, Rate: m.Config.SMSRate}
	out.Sender, out.Wake = m.Config.TwilioFrom, w.Wake
	wctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); w.Run(wctx) }()
	m.Logger.Info("SMS outbox is sending", "rate_per_second", m.Config.SMSRate, "worker", w.ID)
	return cfg, func(ctx context.Context) {
		w.Shutdown(ctx)
		cancel()
		<-done
	}, nil
}

// workerID names this process in outbox claims: the host, so an operator
// can tell instances apart, and random bytes, so two processes on one host
// (or a restart) never share claims.
func workerID() string {
	host, _ := os.Hostname()
	return host + "-" + ids.Hex(4)
}
