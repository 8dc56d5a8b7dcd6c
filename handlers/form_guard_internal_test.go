package handlers

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v5"
	"github.com/labstack/echo/v5/middleware"
)

// TestFormLimitStoreAsEchos checks the page limit's store against Echo's
// memory store it stands in for: the same decisions and the same headers,
// call after call, for clients in and over their burst.
func TestFormLimitStoreAsEchos(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		perSecond float64
		burst     int
	}{
		{4.0 / 60, 4}, // 1 post a minute, as TestFormPageRateLimit
		{2, 80},       // the defaults: 30 posts a minute, bursts of 20
		{1.0 / 60, 1}, // the least
		{1e-3, 1500},  // past the remaining counts made at start
	} {
		t.Run(fmt.Sprintf("%g/s burst %d", c.perSecond, c.burst), func(t *testing.T) {
			t.Parallel()
			echoStore := middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
				Rate: c.perSecond, Burst: c.burst, ExpiresIn: 10 * time.Minute})
			ours := newFormLimitStore(c.perSecond, c.burst, 10*time.Minute)
			e := echo.New()
			calls := min(c.burst+3, 40)
			if c.burst == 1500 {
				calls = 1503
			}
			for i := range calls {
				for _, client := range []string{"203.0.113.1", "2001:db8::/64"} {
					want, wantAllowed := limitHeaders(t, e, echoStore, client)
					got, gotAllowed := limitHeaders(t, e, ours, client)
					if gotAllowed != wantAllowed || !equalHeaders(got, want) {
						t.Fatalf("call %d from %s: allowed %v, %v; Echo's store: %v, %v", i+1, client, gotAllowed, got, wantAllowed, want)
					}
				}
			}
		})
	}
}

// limitHeaders asks store for client as the page limit's middleware does,
// and returns the response's headers and the decision.
func limitHeaders(t *testing.T, e *echo.Echo, store middleware.RateLimiterStoreContext, client string) (http.Header, bool) {
	t.Helper()
	rec := httptest.NewRecorder()
	allowed, err := store.AllowContext(e.NewContext(httptest.NewRequest("GET", "/s/x", nil), rec), client)
	if err != nil {
		t.Fatal(err)
	}
	return rec.Header(), allowed
}

func equalHeaders(a, b http.Header) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !slices.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// TestFormLimitStoreExpiry checks that a client unseen for the expiry is
// forgotten, as Echo's store forgets it, and starts again with its burst.
func TestFormLimitStoreExpiry(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	s := newFormLimitStore(1.0/3600, 2, 10*time.Minute)
	s.now = func() time.Time { return now }
	s.lastCleanup = now
	allow := func(id string) bool { ok, _ := s.Allow(id); return ok }
	if !allow("a") || !allow("a") || allow("a") {
		t.Fatal("a burst of 2 allows 2")
	}
	now = now.Add(5 * time.Minute)
	if !allow("b") {
		t.Fatal("another client has its own burst")
	}
	now = now.Add(5*time.Minute + time.Second) // a last seen 10 min 1 s ago, b 5 min 1 s ago
	if !allow("c") {
		t.Fatal("a new client is allowed")
	}
	if _, ok := s.visitors["a"]; ok || len(s.visitors) != 2 {
		t.Errorf("visitors %v: want a forgotten, b and c kept", s.visitors)
	}
	if !allow("a") || !allow("a") || allow("a") {
		t.Error("a forgotten client starts again with its burst")
	}
}

// TestFormLimitStoreHeaderValues checks that the header values made once
// are never changed by a response adding to them.
func TestFormLimitStoreHeaderValues(t *testing.T) {
	t.Parallel()
	s := newFormLimitStore(1, 3, time.Minute)
	e := echo.New()
	h, _ := limitHeaders(t, e, s, "x")
	h.Add(headerRateLimit, "9")
	h.Add(headerRateRemaining, "9")
	h[headerRateRemaining][0] = "changed in place"
	if !slices.Equal(s.limit, []string{"3"}) || !slices.Equal(s.remaining[2], []string{"2"}) || len(s.remaining) != 4 {
		t.Errorf("limit %q, remaining %q", s.limit, s.remaining)
	}
	if headerRateLimit != http.CanonicalHeaderKey(middleware.HeaderXRateLimitLimit) ||
		headerRateRemaining != http.CanonicalHeaderKey(middleware.HeaderXRateLimitRemaining) {
		t.Error("the rate limit's header names are not Echo's, canonical")
	}
}

// TestFormRateKey checks the fast path for IPv4 against the rule it skips.
func TestFormRateKey(t *testing.T) {
	t.Parallel()
	parsed := func(ip string) string { // formRateKey before its fast path
		p := net.ParseIP(ip)
		if p == nil || p.To4() != nil {
			return ip
		}
		return p.Mask(net.CIDRMask(64, 128)).String() + "/64"
	}
	for _, ip := range []string{"203.0.113.9", "127.0.0.1", "", "not an address", "1.2.3", "::1", "2001:db8:1:2::10",
		"2001:db8:1:2:aaaa::1", "::ffff:192.0.2.1", "fe80::1%eth0", "[::1]", "1.2.3.4:80"} {
		if got, want := formRateKey(ip), parsed(ip); got != want {
			t.Errorf("formRateKey(%q) = %q, want %q", ip, got, want)
		}
	}
}

// TestFormHeadersValues checks formHeaders' values against the literals
// it set with Header.Set before, and that a response adding to one of
// those headers leaves the shared values alone.
func TestFormHeadersValues(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	c := echo.New().NewContext(httptest.NewRequest("GET", "/", nil), rec)
	if err := formHeaders(func(*echo.Context) error { return nil })(c); err != nil {
		t.Fatal(err)
	}
	want := http.Header{}
	want.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	want.Set("X-Content-Type-Options", "nosniff")
	want.Set("Referrer-Policy", "same-origin")
	if !equalHeaders(rec.Header(), want) {
		t.Errorf("headers %q, want %q", rec.Header(), want)
	}
	rec.Header().Add("Referrer-Policy", "no-referrer")
	rec.Header().Add("X-Content-Type-Options", "x")
	for _, v := range [][]string{formCSP, formNosniff, formReferrerPolicy, formGzipEncoding, formPrivateNoCache, formHTMLType} {
		if len(v) != 1 || cap(v) != 1 {
			t.Errorf("%q: len %d, cap %d, want 1 and 1", v, len(v), cap(v))
		}
	}
	if formReferrerPolicy[0] != "same-origin" || formNosniff[0] != "nosniff" {
		t.Error("adding to a header changed its shared value")
	}
}

// TestFormPageCSRFAsEchos checks formPageCSRF against Echo's CSRF
// middleware (formCSRF) for a page view: the same context value, the same
// Set-Cookie and Vary, the cookie's token kept or a new one made alike.
func TestFormPageCSRFAsEchos(t *testing.T) {
	t.Parallel()
	for _, secure := range []bool{false, true} {
		s := &Server{}
		if secure {
			s.Options.PublicURL = "https://canvass.test"
		}
		echoCSRF := s.formCSRF()
		ours := s.formPageCSRF(s.formCSRF())
		for _, c := range []struct {
			method string
			header []string // name, value, …
		}{
			{"GET", nil},
			{"HEAD", nil},
			{"GET", []string{"Cookie", "canvass_csrf=abcdefghijABCDEFGHIJabcdefghijAB"}},
			{"GET", []string{"Cookie", "other=1; canvass_csrf=short; canvass_csrf=second"}},
			{"GET", []string{"Cookie", `canvass_csrf="quoted"`}},
			{"GET", []string{"Cookie", "canvass_csrf=a b,c"}},
			{"GET", []string{"Cookie", "canvass_csrf="}},
			{"GET", []string{"Cookie", "canvass_csrf=with-dash_and_underscore0123456789"}},
			{"GET", []string{"Cookie", "canvass_csrf=é"}},
			{"GET", []string{"Sec-Fetch-Site", "same-origin"}},
			{"GET", []string{"Sec-Fetch-Site", "cross-site", "Cookie", "canvass_csrf=abc"}},
			{"GET", []string{"Sec-Fetch-Site", "none"}},
			{"POST", nil},
			{"POST", []string{"Sec-Fetch-Site", "cross-site"}},
			{"POST", []string{"Sec-Fetch-Site", "same-origin"}},
			{"POST", []string{"Cookie", "canvass_csrf=abc", "Content-Type", "application/x-www-form-urlencoded"}},
		} {
			name := fmt.Sprintf("secure %v, %s %q", secure, c.method, c.header)
			var wantToken, gotToken string
			wantHeader, wantErr := runCSRF(echoCSRF, c.method, c.header, &wantToken)
			gotHeader, gotErr := runCSRF(ours, c.method, c.header, &gotToken)
			if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
				t.Errorf("%s: error %v, Echo's %v", name, gotErr, wantErr)
			}
			generated := regexp.MustCompile(`^[A-Za-z]{32}$`)
			if wantToken != gotToken {
				// Made anew each: alike, each in its cookie.
				if !generated.MatchString(gotToken) || !generated.MatchString(wantToken) {
					t.Errorf("%s: token %q, Echo's %q", name, gotToken, wantToken)
				}
				gotHeader["Set-Cookie"] = slices.Clone(gotHeader["Set-Cookie"])
				for i, v := range gotHeader["Set-Cookie"] {
					gotHeader["Set-Cookie"][i] = strings.Replace(v, "="+gotToken+";", "="+wantToken+";", 1)
				}
			}
			if !equalHeaders(gotHeader, wantHeader) && !sameButExpires(gotHeader, wantHeader) {
				t.Errorf("%s: headers\n%q\nEcho's\n%q", name, gotHeader, wantHeader)
			}
		}
	}
}

// runCSRF runs a CSRF middleware on a request, keeping the token its
// handler sees.
func runCSRF(csrf echo.MiddlewareFunc, method string, header []string, token *string) (http.Header, error) {
	req := httptest.NewRequest(method, "/s/x", strings.NewReader(""))
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	c := echo.New().NewContext(req, rec)
	err := csrf(func(c *echo.Context) error {
		*token = csrfToken(c)
		return nil
	})(c)
	return rec.Header(), err
}

// sameButExpires says two headers differ at most in the cookie's expiry,
// by a second (the two middlewares ran each at its own time).
func sameButExpires(a, b http.Header) bool {
	expires := regexp.MustCompile(`Expires=([^;]+)`)
	ma, mb := expires.FindStringSubmatch(a.Get("Set-Cookie")), expires.FindStringSubmatch(b.Get("Set-Cookie"))
	if ma == nil || mb == nil {
		return false
	}
	ta, erra := time.Parse(http.TimeFormat, ma[1])
	tb, errb := time.Parse(http.TimeFormat, mb[1])
	if erra != nil || errb != nil || ta.Sub(tb).Abs() > time.Second {
		return false
	}
	a = a.Clone()
	a["Set-Cookie"] = []string{strings.Replace(a.Get("Set-Cookie"), ma[1], mb[1], 1)}
	return equalHeaders(a, b)
}

// TestCSRFCookieValue checks the cookie formatted from parts against
// http.Cookie.String, across seconds and for values net/http changes.
func TestCSRFCookieValue(t *testing.T) {
	t.Parallel()
	for _, secure := range []bool{false, true} {
		template := http.Cookie{Name: csrfCookieName, Path: csrfCookiePath, Secure: secure, HttpOnly: true, SameSite: http.SameSiteLaxMode}
		cc := &csrfCookies{template: template}
		at := time.Date(2026, 12, 31, 23, 59, 58, 0, time.FixedZone("x", -5*3600))
		tokens := []string{"abcdefghijABCDEFGHIJabcdefghijAB", "", "a b,c", "dash-under_score09",
			`"quoted"`, "é"} // net/http drops their bytes, and logs it
		for i := range 40 {
			expires := at.Add(time.Duration(i) * 97 * time.Millisecond)
			for _, token := range append([]string{newCSRFToken()}, tokens[:len(tokens)-2*min(i, 1)]...) {
				want := template
				want.Value, want.Expires = token, expires
				if got := cc.value(token, expires); got != want.String() {
					t.Fatalf("value(%q, %v) = %q, want %q", token, expires, got, want.String())
				}
			}
		}
	}
}

// TestNewCSRFToken checks the tokens' shape and that every letter is
// drawn about as often (Echo's randomString skips the bytes that would
// favour some).
func TestNewCSRFToken(t *testing.T) {
	t.Parallel()
	counts := map[rune]int{}
	seen := map[string]bool{}
	const n = 10000
	for range n {
		token := newCSRFToken()
		if len(token) != formCSRFLength || !regexp.MustCompile(`^[A-Za-z]+$`).MatchString(token) || seen[token] {
			t.Fatalf("token %q: want %d letters, each token new", token, formCSRFLength)
		}
		seen[token] = true
		for _, r := range token {
			counts[r]++
		}
	}
	mean := float64(n*formCSRFLength) / 52
	for r, k := range counts {
		if float64(k) < 0.93*mean || float64(k) > 1.07*mean {
			t.Errorf("%c drawn %d times, mean %.0f", r, k, mean)
		}
	}
	if len(counts) != 52 {
		t.Errorf("%d letters drawn, want 52", len(counts))
	}
}

// TestNewFormKey checks the form key made on the stack: what ids.Token(16)
// made, each new.
func TestNewFormKey(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 5000 {
		k := newFormKey()
		if !validFormKey(k) || seen[k] {
			t.Fatalf("key %q: want a valid key, each new", k)
		}
		seen[k] = true
	}
}

// TestTokenFits checks the table against the rule it was written from.
func TestTokenFits(t *testing.T) {
	t.Parallel()
	for b := range 256 {
		want := 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '-' || b == '_'
		if got := tokenFits("ab" + string([]byte{byte(b)}) + "cd"); got != want {
			t.Errorf("byte %#x: %v, want %v", b, got, want)
		}
	}
	if !tokenFits("") || !tokenFits("Az09-_") || tokenFits("a b") || tokenFits("abc\x00") {
		t.Error("tokenFits of whole tokens")
	}
}
