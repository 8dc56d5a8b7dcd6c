package handlers_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/authoring"
	"canvass/handlers"
	"canvass/links"
	"canvass/locales"
	"canvass/outbox"
	"canvass/outreach"
	phonepkg "canvass/phone"
	"canvass/reports"
	"canvass/sms"
	"canvass/sms/twiliotest"
	"canvass/store"
	"canvass/store/storetest"
	"canvass/surveys"
	"canvass/web"
)

// The settings of every test server: the bootstrap token, the public URL
// residents and Twilio use (requests reach the test server on another
// host, as they do behind a proxy), Twilio's auth token, the number
// residents text (shown on posters) and the number invitations come from.
const (
	adminToken  = "test-admin-token-0123456789abcdef"
	publicURL   = "http://canvass.test"
	twilioToken = "test-twilio-auth-token-0123456789ab"
	smsNumber   = "+16175550123"
	inviteFrom  = "+15005550006"
)

// testApp is one Server wired as cmd/canvass wires it, on one database,
// served by one HTTP server. newApp builds it; options say what differs.
type testApp struct {
	t      testing.TB
	Server *handlers.Server
	// Echo is the handler being served, for tests that list its routes:
	// Handler builds fresh state (limiters) each time it is called.
	Echo  *echo.Echo
	Store *store.Store
	URL   string
	// dbName names the database, for tests that read it raw; it is empty
	// when the app serves a store it was given (onStore).
	dbName string
	// rec is the survey an option stored and opened (withExample,
	// withSurvey), as the store returned it.
	rec *surveys.Record
	// Users and Tokens are one user of each role and their API tokens
	// (withUsers, withTokenUsers).
	Users  map[auth.Role]*auth.User
	Tokens map[auth.Role]string
	// pseudonyms and sealer are the server's, to find what it stored.
	pseudonyms *sms.Pseudonymizer
	sealer     *phonepkg.Sealer
	// tw is the fake Twilio the outbox sends to (withSending).
	tw *twiliotest.Server
}

// appConfig is what the options of newApp change.
type appConfig struct {
	store       *store.Store
	sms         bool
	invitations bool
	sending     bool
	users       bool
	passwords   bool
	partner     []string
	example     bool
	survey      string
	changes     []func(*handlers.Server)
}

type appOption func(*appConfig)

// withSMS turns on the Twilio webhook, as TWILIO_AUTH_TOKEN does.
func withSMS() appOption { return func(c *appConfig) { c.sms = true } }

// withInvitations turns on contacts, invitations and results back, with
// sending off: organizers can import and preview, not send.
func withInvitations() appOption { return func(c *appConfig) { c.invitations = true } }

// withSending is SMS and invitations with an outbox worker sending to a
// fake Twilio (testApp.tw), as canvass runs with Twilio configured.
func withSending() appOption {
	return func(c *appConfig) { c.sms, c.invitations, c.sending = true, true, true }
}

// withUsers makes one user of each role, each signing in with
// staffPassword and holding an API token; the partner is limited to
// north-of-main unless withPartnerNeighborhoods says otherwise.
func withUsers() appOption { return func(c *appConfig) { c.users, c.passwords = true, true } }

// withTokenUsers is withUsers without passwords: hashing one costs more
// than the rest of a test under -race, and API tokens are all some tests
// need.
func withTokenUsers() appOption { return func(c *appConfig) { c.users, c.passwords = true, false } }

// withPartnerNeighborhoods limits the partner to these neighborhoods.
func withPartnerNeighborhoods(nbs ...string) appOption {
	return func(c *appConfig) { c.partner = nbs }
}

// withExample stores the example survey and opens it, as a first start
// does.
func withExample() appOption { return func(c *appConfig) { c.example = true } }

// withSurvey stores the survey yaml and opens it, instead of the example.
func withSurvey(yaml string) appOption { return func(c *appConfig) { c.survey = yaml } }

// withChange adjusts the Server (limits, proxies, a store) after the
// fixtures are stored and before its handler is built.
func withChange(change func(*handlers.Server)) appOption {
	return func(c *appConfig) {
		if change != nil {
			c.changes = append(c.changes, change)
		}
	}
}

// onStore serves st instead of a fresh database; its owner closes it.
func onStore(st *store.Store) appOption { return func(c *appConfig) { c.store = st } }

// newApp builds a test server: one database (unless onStore gives one),
// one Server with every field wired from it as cmd/canvass wires them,
// and one HTTP server, closed when the test ends.
func newApp(t testing.TB, opts ...appOption) *testApp {
	t.Helper()
	cfg := appConfig{partner: []string{"north-of-main"}}
	for _, o := range opts {
		o(&cfg)
	}
	a := &testApp{t: t, Store: cfg.store, Users: map[auth.Role]*auth.User{}, Tokens: map[auth.Role]string{}}
	if a.Store == nil {
		a.openDatabase()
	}
	st := a.Store
	catalog, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	site, err := web.New()
	if err != nil {
		t.Fatal(err)
	}
	a.Server = &handlers.Server{
		Surveys: st, Health: st, Forms: st, Web: site,
		Auth: st, Users: st, Sessions: st, Tokens: st, Audit: st, Daily: st,
		Results: st, Reports: &reports.Service{Store: st, Location: time.Local},
		Authoring: &authoring.Service{Store: st, Texts: sms.NewTranslator(catalog)},
		Bootstrap: auth.NewBootstrapToken(adminToken),
		Catalog:   catalog,
		Logger:    testLogger(t),
		Options:   handlers.Options{PublicURL: publicURL},
	}
	if cfg.sms || cfg.invitations {
		a.sealPhones()
	}
	if cfg.sms {
		a.Server.SMS = &handlers.SMSConfig{Store: st, AuthToken: twilioToken, Pseudonyms: a.pseudonyms, SessionTTL: time.Hour}
		a.Server.Options.SMSNumber = smsNumber
	}
	if cfg.invitations {
		a.Server.Invite = &handlers.InviteConfig{Store: st, Pseudonyms: a.pseudonyms, Phones: a.sealer, Region: "US",
			Outreach: &outreach.Service{Recipients: st, Queue: st, Results: a.Server.Reports, Catalog: catalog,
				Site: links.Site(publicURL), SegmentPrice: 0.0083, Currency: "USD"}}
	}
	if cfg.sending {
		a.startOutbox()
	}
	a.storeSurvey(cfg)
	if cfg.users {
		a.addUsers(cfg.passwords, cfg.partner)
	}
	for _, change := range cfg.changes {
		change(a.Server)
	}
	a.Echo = a.Server.Handler().(*echo.Echo)
	hs := httptest.NewServer(a.Echo)
	t.Cleanup(hs.Close)
	a.URL = hs.URL
	return a
}

// openDatabase opens a fresh database under a name the test knows, to
// read it raw, and drops it when the test ends.
func (a *testApp) openDatabase() {
	ctx := context.Background()
	o := storetest.Options(a.t)
	a.dbName = o.Database
	st, err := store.Open(ctx, o)
	if err != nil {
		a.t.Fatalf("open store: %v", err)
	}
	a.t.Cleanup(func() { _ = st.Drop(ctx); _ = st.Close(ctx) })
	a.Store = st
}

// sealPhones gives the store the sealer of follow-up numbers, as canvass
// does when it has a pseudonym key.
func (a *testApp) sealPhones() {
	a.pseudonyms, a.sealer = sms.NewPseudonymizer(pseudonymKey), mustSealer(a.t)
	if _, err := a.Store.SealPhonesWith(context.Background(), a.sealer); err != nil {
		a.t.Fatal(err)
	}
}

// startOutbox runs an outbox worker sending to a fake Twilio until the
// test ends.
func (a *testApp) startOutbox() {
	a.tw = twiliotest.New(a.t)
	w := &outbox.Worker{
		Queue: a.Store, OptOuts: a.Store, Phones: a.sealer, ID: "test-worker", PublicURL: publicURL, Rate: 200,
		Sender: sms.NewSender(sms.SenderConfig{AccountSID: twiliotest.AccountSID, AuthToken: twiliotest.AuthToken, From: inviteFrom, HTTPClient: a.tw.Client()}),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Poll: 50 * time.Millisecond, Lease: 2 * time.Second, SendLease: 2 * time.Second,
	}
	out := a.Server.Invite.Outreach
	out.Sender, out.Wake = inviteFrom, w.Wake
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); w.Run(ctx) }()
	a.t.Cleanup(func() { cancel(); <-done })
}

// storeSurvey stores and opens the survey the options ask for.
func (a *testApp) storeSurvey(cfg appConfig) {
	switch {
	case cfg.survey != "":
		def, problems, err := surveys.Parse([]byte(cfg.survey))
		if err != nil || len(problems.Errors()) > 0 {
			a.t.Fatalf("survey: %v %v", err, problems)
		}
		createSurvey(a.t, a.Store, cfg.survey, surveys.StatusOpen)
		if a.rec, err = a.Store.Survey(context.Background(), def.Slug); err != nil {
			a.t.Fatal(err)
		}
	case cfg.example:
		a.rec = storetest.OpenExample(a.t, a.Store)
	}
}

// addUsers makes one user of each role, each with an API token.
// staffPasswordHash is staffPassword's hash, made once for every test:
// argon2id is slow on purpose, slower still under the race detector, and
// the users of each test app need a hash, not a new one.
var staffPasswordHash = sync.OnceValues(func() (string, error) { return auth.HashPassword(staffPassword) })

func (a *testApp) addUsers(passwords bool, partner []string) {
	hash := "-"
	if passwords {
		var err error
		if hash, err = staffPasswordHash(); err != nil {
			a.t.Fatal(err)
		}
	}
	ctx := context.Background()
	for _, role := range auth.Roles {
		u := &auth.User{Email: string(role) + "@example.org", Role: role, PasswordHash: hash}
		if role == auth.RolePartner {
			u.Neighborhoods = partner
		}
		if err := a.Store.CreateUser(ctx, u); err != nil {
			a.t.Fatal(err)
		}
		token := auth.NewAPIToken()
		if err := a.Store.CreateAPIToken(ctx, &auth.APIToken{ID: auth.HashToken(token), UserID: u.ID, Name: "test"}); err != nil {
			a.t.Fatal(err)
		}
		a.Users[role], a.Tokens[role] = u, token
	}
}

// scenario is one HTTP request and what its response must show.
type scenario struct {
	name     string
	method   string
	path     string
	body     string
	headers  map[string]string
	token    string // bearer token; "" sends none
	status   int
	contains []string
	excludes []string
}

// run sends the scenario's request and checks status and body.
func (a *testApp) run(sc scenario) string {
	a.t.Helper()
	req, err := http.NewRequest(sc.method, a.URL+sc.path, strings.NewReader(sc.body))
	if err != nil {
		a.t.Fatal(err)
	}
	for k, v := range sc.headers {
		req.Header.Set(k, v)
	}
	if sc.token != "" {
		req.Header.Set("Authorization", "Bearer "+sc.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatalf("%s: %v", sc.name, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	body := string(b)
	if resp.StatusCode != sc.status {
		a.t.Errorf("%s: status %d, want %d; body: %.600s", sc.name, resp.StatusCode, sc.status, body)
	}
	for _, s := range sc.contains {
		if !strings.Contains(body, s) {
			a.t.Errorf("%s: body lacks %q; body: %.600s", sc.name, s, body)
		}
	}
	for _, s := range sc.excludes {
		if strings.Contains(body, s) {
			a.t.Errorf("%s: body must not contain %q; body: %.600s", sc.name, s, body)
		}
	}
	return body
}

// testLogger sends the server's warnings and errors to the test's log, so
// a 500 explains itself.
func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type tWriter struct{ t testing.TB }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// pseudonymKey is every test server's pseudonym secret, from which phone
// numbers are pseudonymized and sealed.
var pseudonymKey = []byte("test-pseudonym-key-0123456789abcdef")

func mustSealer(t testing.TB) *phonepkg.Sealer {
	t.Helper()
	sealer, err := phonepkg.NewSealer(pseudonymKey)
	if err != nil {
		t.Fatal(err)
	}
	return sealer
}
