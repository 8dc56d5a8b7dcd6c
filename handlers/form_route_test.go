package handlers_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"canvass/handlers"
)

// TestFormPageWireHeaders checks the form page's response headers as they
// go on the wire, byte for byte, against what the route sent before its
// middleware was made cheaper (formHeaders' values set by assignment, the
// page limit's own store, formPageCSRF's cookie): only the CSRF token, the
// dates and the body's length are masked (and checked apart).
func TestFormPageWireHeaders(t *testing.T) {
	t.Parallel()
	const csp = "Content-Security-Policy: default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
	page := func(encoding, cookie, remaining string) string {
		lines := []string{"HTTP/1.1 200 OK", "Cache-Control: private, no-cache"}
		if encoding != "" {
			lines = append(lines, "Content-Encoding: "+encoding)
		}
		lines = append(lines, "Content-Length: LENGTH", csp, "Content-Type: text/html; charset=UTF-8", "Referrer-Policy: same-origin")
		if cookie != "" {
			lines = append(lines, cookie)
		}
		lines = append(lines, "Vary: Accept-Language, Cookie", "Vary: Accept-Encoding")
		if cookie != "" {
			lines = append(lines, "Vary: Cookie")
		}
		return strings.Join(append(lines, "X-Content-Type-Options: nosniff", "X-Ratelimit-Limit: "+remaining[:strings.Index(remaining, "/")],
			"X-Ratelimit-Remaining: "+remaining[strings.Index(remaining, "/")+1:], "Date: DATE", "Connection: close"), "\n")
	}
	const cookie = "Set-Cookie: canvass_csrf=TOKEN; Path=/s/; Expires=EXPIRES; HttpOnly; SameSite=Lax"
	const secureCookie = "Set-Cookie: canvass_csrf=TOKEN; Path=/s/; Expires=EXPIRES; HttpOnly; Secure; SameSite=Lax"
	const kept = "Set-Cookie: canvass_csrf=abcdefghijABCDEFGHIJabcdefghij01; Path=/s/; Expires=EXPIRES; HttpOnly; SameSite=Lax"

	// The default burst (80 pages), refilled too slowly to show in the
	// counts however long the test takes.
	slow := func(s *handlers.Server) { s.Options.FormPostsPerMinute, s.Options.FormPostBurst = 0.001, 20 }
	a := newApp(t, withExample(), withChange(slow))
	for i, c := range []struct{ request, want string }{
		{"Accept-Encoding: gzip", page("gzip", cookie, "80/79")},
		{"Accept-Encoding: identity", page("", cookie, "80/78")},
		{"", page("", cookie, "80/77")},
		{"Accept-Encoding: gzip\r\nCookie: canvass_csrf=abcdefghijABCDEFGHIJabcdefghij01", page("gzip", kept, "80/76")},
		{"Accept-Encoding: gzip\r\nCookie: canvass_csrf=\"quoted\"", page("gzip", strings.Replace(kept, "abcdefghijABCDEFGHIJabcdefghij01", "quoted", 1), "80/75")},
		{"Accept-Encoding: gzip\r\nCookie: canvass_csrf=a b,c", page("gzip", strings.Replace(kept, "abcdefghijABCDEFGHIJabcdefghij01", `"a b,c"`, 1), "80/74")},
		{"Accept-Encoding: gzip\r\nSec-Fetch-Site: same-origin", page("gzip", "", "80/73")},
		{"Accept-Encoding: gzip\r\nSec-Fetch-Site: cross-site", page("gzip", "", "80/72")},
	} {
		if got := wireHeaders(t, a.URL, "GET", c.request); got != c.want {
			t.Errorf("request %d (%q):\n%s\nwant\n%s", i, c.request, got, c.want)
		}
	}

	secure := newApp(t, withExample(), withChange(slow), withChange(func(s *handlers.Server) { s.Options.PublicURL = "https://canvass.test" }))
	if got, want := wireHeaders(t, secure.URL, "GET", "Accept-Encoding: gzip"), page("gzip", secureCookie, "80/79"); got != want {
		t.Errorf("over https:\n%s\nwant\n%s", got, want)
	}

	limited := newApp(t, withExample(), withChange(func(s *handlers.Server) { s.Options.FormPostsPerMinute, s.Options.FormPostBurst = 1, 1 }))
	for i := range 4 {
		if got, want := wireHeaders(t, limited.URL, "GET", "Accept-Encoding: gzip"), page("gzip", cookie, "4/"+strconv.Itoa(3-i)); got != want {
			t.Errorf("limited, page %d:\n%s\nwant\n%s", i+1, got, want)
		}
	}
	refused := strings.Join([]string{"HTTP/1.1 429 Too Many Requests", "Cache-Control: no-store", csp, "Content-Type: text/html; charset=UTF-8",
		"Referrer-Policy: same-origin", "Retry-After: 15", "Vary: Accept-Language, Cookie", "Vary: Accept-Encoding", "X-Content-Type-Options: nosniff",
		"X-Ratelimit-Limit: 4", "X-Ratelimit-Remaining: 0", "Date: DATE", "Content-Length: LENGTH", "Connection: close"}, "\n")
	// A page every 15 s: the fifth within the first second waits 15.
	got := wireHeaders(t, limited.URL, "GET", "Accept-Encoding: gzip")
	if got = strings.Replace(got, "Retry-After: 14\n", "Retry-After: 15\n", 1); got != refused { // a slow first second
		t.Errorf("over the limit:\n%s\nwant\n%s", got, refused)
	}
}

var (
	wireToken   = regexp.MustCompile(`canvass_csrf=[A-Za-z]{32};`)
	wireExpires = regexp.MustCompile(`Expires=([^;]+)`)
	wireDate    = regexp.MustCompile(`(?m)^Date: .*$`)
	wireLength  = regexp.MustCompile(`(?m)^Content-Length: (\d+)$`)
)

// wireHeaders sends GET /s/{example} with the header lines given, over a
// connection of its own, and returns the response's status line and
// headers as sent, with the CSRF token, the dates and the length masked:
// the cookie's expiry must be a week from now, the length the body's.
func wireHeaders(t *testing.T, url, method, headers string) string {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	req := method + " /s/" + exampleSlug + " HTTP/1.1\r\nHost: canvass.test\r\n"
	if headers != "" {
		req += headers + "\r\n"
	}
	if _, err := io.WriteString(conn, req+"Connection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(conn)
	var head strings.Builder
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("reading the headers: %v", err)
		}
		if line == "\r\n" {
			break
		}
		head.WriteString(strings.TrimSuffix(line, "\r\n") + "\n")
	}
	body, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.TrimSuffix(head.String(), "\n")
	if m := wireLength.FindStringSubmatch(got); m == nil || m[1] != strconv.Itoa(len(body)) {
		t.Errorf("Content-Length %v, body %d bytes", m, len(body))
	}
	if m := wireExpires.FindStringSubmatch(got); m != nil {
		expires, err := time.Parse(http.TimeFormat, m[1])
		if week := time.Now().Add(7 * 24 * time.Hour); err != nil || expires.Before(week.Add(-5*time.Second)) || expires.After(week.Add(5*time.Second)) {
			t.Errorf("cookie expires %s, want a week from now (%v)", m[1], err)
		}
	}
	got = wireToken.ReplaceAllString(got, "canvass_csrf=TOKEN;")
	got = wireExpires.ReplaceAllString(got, "Expires=EXPIRES")
	got = wireDate.ReplaceAllString(got, "Date: DATE")
	return wireLength.ReplaceAllString(got, "Content-Length: LENGTH")
}
