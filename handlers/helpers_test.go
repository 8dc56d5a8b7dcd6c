package handlers_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"canvass/auth"
	"canvass/handlers"
	"canvass/locales"
	"canvass/store"
	"canvass/store/storetest"
)

// adminToken is the bootstrap token of test servers.
const adminToken = "test-admin-token-0123456789abcdef"

// testApp is a Server on a fresh database, served by a real HTTP server.
type testApp struct {
	t      *testing.T
	Server *handlers.Server
	Store  *store.Store
	URL    string
}

// newTestApp wires a Server as cmd/canvass does, on a fresh database.
func newTestApp(t *testing.T) *testApp {
	t.Helper()
	st := storetest.New(t)
	catalog, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	srv := &handlers.Server{
		Surveys:   st,
		Health:    st,
		Bootstrap: auth.NewBootstrapToken(adminToken),
		Catalog:   catalog,
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
		Options:   handlers.Options{PublicURL: "http://canvass.test"},
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return &testApp{t: t, Server: srv, Store: st, URL: hs.URL}
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
