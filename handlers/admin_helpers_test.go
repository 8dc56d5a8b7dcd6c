package handlers_test

import (
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/handlers"
	"canvass/locales"
	phonepkg "canvass/phone"
	"canvass/sms"
	"canvass/store/storetest"
	"canvass/web"
)

// staffApp is a whole Server (resident form, API, staff pages, sign-in)
// on a fresh database with the example survey open, and one user of each
// role, each with an API token.
type staffApp struct {
	*testApp
	Echo   *echo.Echo
	Users  map[auth.Role]*auth.User
	Tokens map[auth.Role]string
}

// staffPassword is every test user's password.
const staffPassword = "correct horse battery staple"

func newStaffApp(t *testing.T, change func(*handlers.Server)) *staffApp {
	t.Helper()
	a := newStaffServer(t, change)
	a.addUsers()
	return a
}

// newStaffServer wires the Server and imports the example survey.
func newStaffServer(t *testing.T, change func(*handlers.Server)) *staffApp {
	t.Helper()
	st := storetest.New(t)
	if _, err := st.SealPhonesWith(context.Background(), mustSealer(t)); err != nil {
		t.Fatal(err)
	}
	catalog, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	site, err := web.New()
	if err != nil {
		t.Fatal(err)
	}
	srv := &handlers.Server{
		Surveys: st, Health: st, Forms: st, Web: site,
		Auth: st, Users: st, Sessions: st, Tokens: st, Audit: st, Daily: st,
		Bootstrap: auth.NewBootstrapToken(adminToken),
		Catalog:   catalog,
		Logger:    testLogger(t),
		Options:   handlers.Options{PublicURL: "http://canvass.test", SMSNumber: "+16175550123"},
		// Every area on, so all routes are registered and in the role ×
		// route table: SMS, contacts and invitations, results.
		SMS:     &handlers.SMSConfig{Store: st, AuthToken: "test-twilio-auth-token", Pseudonyms: sms.NewPseudonymizer(staffSecret)},
		Invite:  &handlers.InviteConfig{Store: st, Pseudonyms: sms.NewPseudonymizer(staffSecret), Phones: mustSealer(t), Region: "US"},
		Results: st,
	}
	if change != nil {
		change(srv)
	}
	importExample(t, st)
	// One handler serves and is inspected: Handler builds fresh state
	// (limiters) each time it is called.
	e := srv.Handler().(*echo.Echo)
	hs := httptest.NewServer(e)
	t.Cleanup(hs.Close)
	a := &staffApp{testApp: &testApp{t: t, Server: srv, Store: st, URL: hs.URL}, Echo: e,
		Users: map[auth.Role]*auth.User{}, Tokens: map[auth.Role]string{}}
	return a
}

// newEmptyStaffApp is newStaffApp before anyone has an account.
func newEmptyStaffApp(t *testing.T) *staffApp {
	t.Helper()
	return newStaffServer(t, nil)
}

// addUsers makes one user of each role, each with an API token.
func (a *staffApp) addUsers() {
	t, st := a.t, a.Store
	hash, err := auth.HashPassword(staffPassword)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, role := range auth.Roles {
		u := &auth.User{Email: string(role) + "@example.org", Role: role, PasswordHash: hash}
		if role == auth.RolePartner {
			u.Neighborhoods = []string{"north-of-main"}
		}
		if err := st.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		token := auth.NewAPIToken()
		if err := st.CreateAPIToken(ctx, &auth.APIToken{ID: auth.HashToken(token), UserID: u.ID, Name: "test"}); err != nil {
			t.Fatal(err)
		}
		a.Users[role], a.Tokens[role] = u, token
	}
}

// browser is a minimal cookie-keeping client. Go's cookie jar never sends
// Secure cookies over plain HTTP, and the session cookie is always Secure;
// browsers make the same exception for localhost that this client makes.
type browser struct {
	t       *testing.T
	base    string
	cookies map[string]string
	// last is the last response's cookies as set, for attribute checks.
	last []*http.Cookie
}

func (a *staffApp) browser() *browser {
	return &browser{t: a.t, base: a.URL, cookies: map[string]string{}}
}

// page is one response as the test sees it.
type page struct {
	Status   int
	Location string
	Body     string
	Header   http.Header
}

func (b *browser) do(method, path string, body io.Reader, contentType string, headers ...string) page {
	b.t.Helper()
	req, err := http.NewRequest(method, b.base+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	for k, v := range b.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	b.last = resp.Cookies()
	for _, c := range b.last {
		if c.MaxAge < 0 || c.Value == "" {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c.Value
		}
	}
	return page{Status: resp.StatusCode, Location: resp.Header.Get("Location"), Body: string(raw), Header: resp.Header}
}

func (b *browser) get(path string) page { b.t.Helper(); return b.do("GET", path, nil, "") }

// post sends a form with the CSRF token of the page it came from.
func (b *browser) post(path string, form url.Values, headers ...string) page {
	b.t.Helper()
	return b.do("POST", path, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded", headers...)
}

// postFile sends a multipart form with one file field.
func (b *browser) postFile(path string, form url.Values, field, filename, content string) page {
	b.t.Helper()
	var buf strings.Builder
	w := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			_ = w.WriteField(k, v)
		}
	}
	if field != "" {
		fw, _ := w.CreateFormFile(field, filename)
		_, _ = io.WriteString(fw, content)
	}
	_ = w.Close()
	return b.do("POST", path, strings.NewReader(buf.String()), w.FormDataContentType())
}

var csrfInput = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// csrf returns the CSRF token of a page's forms.
func csrf(t *testing.T, p page) string {
	t.Helper()
	m := csrfInput.FindStringSubmatch(p.Body)
	if m == nil {
		t.Fatalf("page has no CSRF field: %.400s", p.Body)
	}
	return m[1]
}

// login signs the browser in as email and returns the CSRF token of the
// page it lands on.
func (b *browser) login(email, password string) page {
	b.t.Helper()
	form := b.get("/login")
	return b.post("/login", url.Values{"_csrf": {csrf(b.t, form)}, "email": {email}, "password": {password}})
}

// mustLogin signs in and fails the test unless it worked.
func (b *browser) mustLogin(email string) {
	b.t.Helper()
	p := b.login(email, staffPassword)
	if p.Status != http.StatusSeeOther || b.cookies["__Host-canvass_session"] == "" {
		b.t.Fatalf("sign-in as %s: status %d, location %q; body %.300s", email, p.Status, p.Location, p.Body)
	}
}

// expect checks a response's status and that its body holds each string.
func expect(t *testing.T, name string, p page, status int, contains ...string) {
	t.Helper()
	if p.Status != status {
		t.Errorf("%s: status %d, want %d (location %q); body: %.500s", name, p.Status, status, p.Location, p.Body)
	}
	for _, s := range contains {
		if !strings.Contains(p.Body, s) {
			t.Errorf("%s: body lacks %q; body: %.800s", name, s, p.Body)
		}
	}
}

// testLogger sends the server's warnings and errors to the test's log, so
// a 500 explains itself.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

var staffSecret = []byte("test-pseudonym-key-0123456789abcdef")

func mustSealer(t *testing.T) *phonepkg.Sealer {
	t.Helper()
	sealer, err := phonepkg.NewSealer(staffSecret)
	if err != nil {
		t.Fatal(err)
	}
	return sealer
}
