package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"canvass/auth"
	"canvass/authoring"
	"canvass/handlers"
	"canvass/locales"
	"canvass/reports"
	"canvass/sms"
	"canvass/store"
	"canvass/web"
)

// Main is the whole program, built from a Config. Tests boot it on port 0
// with a temporary data folder, exactly as the binary runs.
type Main struct {
	Config *Config
	Logger *slog.Logger
	Store  *store.Store

	server   *http.Server
	listener net.Listener
	served   chan error
	stopSMS  func() // ends the SMS sweep (sms.go)
	// stopRepair ends the counters' repairer and waits for it.
	stopRepair func()
	closing    sync.Once
	closeErr   error

	// stopOutbox lets the outbox worker finish its messages in flight
	// (invite.go).
	stopOutbox func(context.Context)
	// TwilioHTTP, when set before Run, carries the Twilio REST calls: tests
	// point it at a local server playing Twilio.
	TwilioHTTP *http.Client
}

// NewMain returns a program that has not started yet.
func NewMain(cfg *Config, logger *slog.Logger) *Main {
	return &Main{Config: cfg, Logger: logger}
}

// Run opens the database, imports the example surveys into an empty one,
// and starts serving. It returns once the listener accepts connections.
func (m *Main) Run(ctx context.Context) error {
	st, err := store.Open(ctx, store.Options{URI: m.Config.MongoURI, DataDir: m.Config.DataDir, Database: m.Config.Database, Logger: ferretLogger(m.Logger), Location: m.Config.TimeZone})
	if err != nil {
		return err
	}
	m.Store = st
	if rep := st.Recovered; len(rep.Surveys) > 0 {
		m.Logger.Warn("counters were recounted after an unclean stop or a failed write", "surveys", rep.Surveys, "responses", rep.Responses, "rewritten", rep.Counters)
	}
	m.stopRepair = startRepair(st, m.Logger)
	if st.Embedded {
		m.Logger.Info("using the embedded database (FerretDB on SQLite); set MONGODB_URI for production", "data", m.Config.DataDir, "uri", st.URI())
	}
	if m.Config.ImportExamples {
		if err := importExamples(ctx, st, m.Logger); err != nil {
			return fmt.Errorf("example surveys: %w", err)
		}
	}
	catalog, err := locales.Load()
	if err != nil {
		return err
	}
	site, err := web.New()
	if err != nil {
		return err
	}
	srv := &handlers.Server{
		Surveys:   st,
		Health:    st,
		Bootstrap: auth.NewBootstrapToken(m.Config.AdminToken),
		Catalog:   catalog,
		Logger:    m.Logger,
		Forms:     st,
		Web:       site,
		Auth:      st,
		Users:     st,
		Sessions:  st,
		Tokens:    st,
		Audit:     st,
		Daily:     st,
		Results:   st,
		Reports:   &reports.Service{Store: st, Location: m.Config.TimeZone},
		Authoring: &authoring.Service{Store: st, Texts: sms.NewTranslator(catalog)},
		Options: handlers.Options{PublicURL: m.Config.PublicURL, TrustedProxies: m.Config.Proxies(),
			FormPostsPerMinute: m.Config.FormPostsPerMinute, FormPostBurst: m.Config.FormPostBurst, Contact: m.Config.Contact},
	}
	if !m.Config.SMSEnabled() {
		m.Logger.Info("SMS is off: TWILIO_AUTH_TOKEN is unset, so /sms/twilio answers 404")
	}
	if m.Config.SMSEnabled() {
		srv.Options.SMSNumber = m.Config.TwilioFrom // shown on posters
	}
	if err := m.firstStartHint(ctx); err != nil {
		return err
	}
	if srv.SMS, m.stopSMS, err = m.startSMS(st); err != nil {
		return err
	}
	if srv.Invite, m.stopOutbox, err = m.startInvitations(ctx, st, catalog, srv.Reports); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", m.Config.Addr)
	if err != nil {
		return err
	}
	m.listener = ln
	m.server = &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      5 * time.Minute, // exports stream large files
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(m.Logger.Handler(), slog.LevelWarn),
	}
	m.served = make(chan error, 1)
	go func() { m.served <- m.server.Serve(ln) }()
	m.Logger.Info("canvass is listening", "addr", ln.Addr().String(), "public_url", m.Config.PublicURL)
	return nil
}

// URL is the address the server listens on, for tests started on port 0.
func (m *Main) URL() string {
	return "http://" + m.listener.Addr().String()
}

// Close stops accepting requests, lets those in flight finish (up to 20 s),
// then closes the database, so the embedded one closes its files cleanly.
// Calling it again returns the first call's result.
func (m *Main) Close() error {
	m.closing.Do(func() { m.closeErr = m.close() })
	return m.closeErr
}

func (m *Main) close() error {
	var errs []error
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if m.server != nil {
		errs = append(errs, m.server.Shutdown(ctx))
		if err := <-m.served; !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
	}
	if m.stopOutbox != nil {
		m.stopOutbox(ctx)
	}
	if m.stopSMS != nil {
		m.stopSMS()
	}
	if m.stopRepair != nil {
		m.stopRepair()
	}
	if m.Store != nil {
		errs = append(errs, m.Store.Close(ctx))
	}
	return errors.Join(errs...)
}

// startRepair loads the results counters into memory, then runs the
// store's counter repairer (store/counting.go), until the returned
// function is called.
func startRepair(st *store.Store, logger *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		start := time.Now()
		if err := st.WarmCounters(ctx); err != nil && ctx.Err() == nil {
			logger.Warn("loading the results counters into memory", "err", err)
		} else {
			logger.Debug("results counters in memory", "took", time.Since(start))
		}
		st.Repair(ctx, logger)
	}()
	return func() { cancel(); <-done }
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}

// ferretLogger keeps only the embedded database's warnings and errors: at
// info level it logs every command, which costs more than the commands.
func ferretLogger(l *slog.Logger) *slog.Logger {
	return slog.New(minLevel{l.Handler(), slog.LevelWarn}).With("component", "ferretdb")
}

type minLevel struct {
	slog.Handler
	min slog.Level
}

func (h minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}
