package handlers_test

import (
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// staffApp is a whole Server (resident form, API, staff pages, sign-in)
// with the example survey open and one user of each role, each signing in
// with staffPassword and holding an API token.
type staffApp struct{ *testApp }

// staffPassword is every test user's password.
const staffPassword = "correct horse battery staple"

// staffAreas turns every area on, so all routes are registered and in the
// role × route table: SMS, contacts and invitations, results.
func staffAreas() []appOption {
	return []appOption{withSMS(), withInvitations(), withExample()}
}

func newStaffApp(t *testing.T, opts ...appOption) *staffApp {
	t.Helper()
	return &staffApp{newApp(t, append(append(staffAreas(), withUsers()), opts...)...)}
}

// newEmptyStaffApp is newStaffApp before anyone has an account.
func newEmptyStaffApp(t *testing.T) *staffApp {
	t.Helper()
	return &staffApp{newApp(t, staffAreas()...)}
}

// browser is a minimal cookie-keeping client. Go's cookie jar never sends
// Secure cookies over plain HTTP, and the session cookie is always Secure;
// browsers make the same exception for localhost that this client makes.
type browser struct {
	t       testing.TB
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
func csrf(t testing.TB, p page) string {
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
