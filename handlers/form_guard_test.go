package handlers_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"canvass/handlers"
)

// TestFormCSRF checks that a post must come from the form's own page:
// Fetch Metadata for current browsers, a cookie token for older ones, and
// that a forged post stores nothing.
func TestFormCSRF(t *testing.T) {
	t.Parallel()
	a := newApp(t, withExample())
	path := "/s/" + exampleSlug
	form := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
	// An older browser (no Sec-Fetch-Site) gets its token as a cookie and
	// in the page.
	resp, err := http.Get(a.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var cookie string
	for _, c := range resp.Cookies() {
		if c.Name == "canvass_csrf" {
			cookie = c.Name + "=" + c.Value
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/s/" {
				t.Errorf("CSRF cookie %+v: want HttpOnly, SameSite=Lax, Path=/s/", c)
			}
		}
	}
	token := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(string(page))
	if cookie == "" || token == nil {
		t.Fatalf("no CSRF cookie (%q) or field (%v) for a browser without Fetch Metadata", cookie, token)
	}
	with := func(kv ...string) map[string]string {
		h := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
		for i := 0; i+1 < len(kv); i += 2 {
			h[kv[i]] = kv[i+1]
		}
		return h
	}
	forged := []string{"Your answers could not be sent", "only be sent from the survey page itself", `href="/s/safety-spring-2026?lang=en"`}
	for _, sc := range []scenario{
		{name: "cross-site post", headers: with("Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"), body: complete(testKey(1), nil), status: 403, contains: forged},
		{name: "cross-site post with a stolen token", headers: with("Sec-Fetch-Site", "cross-site", "Cookie", cookie), body: complete(testKey(2), values("_csrf", token[1])), status: 403, contains: forged},
		{name: "same-site post (another subdomain)", headers: with("Sec-Fetch-Site", "same-site"), body: complete(testKey(3), nil), status: 403, contains: forged},
		{name: "no metadata, no token", headers: form, body: complete(testKey(4), nil), status: 403, contains: forged},
		{name: "no metadata, token without cookie", headers: form, body: complete(testKey(5), values("_csrf", token[1])), status: 403, contains: forged},
		{name: "no metadata, wrong token", headers: with("Cookie", cookie), body: complete(testKey(6), values("_csrf", wrongToken(token[1]))), status: 403, contains: forged},
		{name: "forged in Spanish", path: path + "?lang=es", headers: with("Sec-Fetch-Site", "cross-site"), body: complete(testKey(7), nil), status: 403,
			contains: []string{"No se pudieron enviar sus respuestas"}},
		{name: "old browser with cookie and token", headers: with("Cookie", cookie), body: complete(testKey(10), values("_csrf", token[1])), status: 200, contains: []string{"Thank you"}},
		{name: "current browser, same origin", headers: sameOrigin(), body: complete(testKey(11), nil), status: 200, contains: []string{"Thank you"}},
		{name: "typed into the address bar", headers: with("Sec-Fetch-Site", "none"), body: complete(testKey(12), nil), status: 200, contains: []string{"Thank you"}},
	} {
		sc.method = "POST"
		if sc.path == "" {
			sc.path = path
		}
		a.run(sc)
	}
	if n := countResponses(t, a.Store); n != 3 {
		t.Errorf("%d responses stored, want 3 (the forged posts store nothing)", n)
	}
}

// wrongToken returns a token that differs from t in its first character.
func wrongToken(t string) string {
	if t[0] == 'x' {
		return "y" + t[1:]
	}
	return "x" + t[1:]
}

// TestFormRateLimit checks the per-IP limit on posts: the limited post gets
// its form back, answers filled in, with 429; the client IP is read from
// X-Forwarded-For only when the proxy is trusted.
func TestFormRateLimit(t *testing.T) {
	t.Parallel()
	limited := func(s *handlers.Server) { s.Options.FormPostsPerMinute, s.Options.FormPostBurst = 1, 2 }
	path := "/s/" + exampleSlug
	t.Run("direct", func(t *testing.T) {
		t.Parallel()
		a := newApp(t, withExample(), withChange(limited))
		for i := range byte(2) {
			a.run(scenario{name: "within the burst", method: "POST", path: path, body: complete(testKey(i), nil), headers: sameOrigin(), status: 200, contains: []string{"Thank you"}})
		}
		a.run(scenario{name: "over the limit", method: "POST", path: path + "?lang=es", body: complete(testKey(3), values("household", "5")), headers: sameOrigin(), status: 429,
			contains: []string{"Se acaban de enviar muchas respuestas", `name="household" value="5"`, `name="_key" value="` + testKey(3) + `"`}})
		a.run(scenario{name: "spoofed X-Forwarded-For is ignored", method: "POST", path: path, body: complete(testKey(4), nil),
			headers: withHeaders("X-Forwarded-For", "203.0.113.9"), status: 429})
		if n := countResponses(t, a.Store); n != 2 {
			t.Errorf("%d responses stored, want 2", n)
		}
	})

	t.Run("behind a trusted proxy", func(t *testing.T) {
		t.Parallel()
		proxied := newApp(t, withExample(), withChange(func(s *handlers.Server) {
			limited(s)
			s.Options.TrustedProxies = []string{"127.0.0.1/32", "::1/128"}
		}))
		for i := range byte(3) {
			for j, ip := range []string{"203.0.113.1", "203.0.113.2"} {
				want := 200
				if i == 2 {
					want = 429
				}
				proxied.run(scenario{name: "behind a trusted proxy " + ip, method: "POST", path: path, body: complete(testKey(10+2*i+byte(j)), nil),
					headers: withHeaders("X-Forwarded-For", ip), status: want})
			}
		}
		// One phone or household gets a whole IPv6 /64: it is one client.
		for i, ip := range []string{"2001:db8:1:2::10", "2001:db8:1:2:aaaa::1", "2001:db8:1:2::ffff"} {
			want := 200
			if i == 2 {
				want = 429
			}
			proxied.run(scenario{name: "IPv6 " + ip, method: "POST", path: path, body: complete(testKey(30+byte(i)), nil),
				headers: withHeaders("X-Forwarded-For", ip), status: want})
		}
	})
}

// TestFormPageRateLimit checks that page views are limited per IP too.
func TestFormPageRateLimit(t *testing.T) {
	t.Parallel()
	a := newApp(t, withExample(), withChange(func(s *handlers.Server) { s.Options.FormPostsPerMinute, s.Options.FormPostBurst = 1, 1 }))
	for range 4 {
		a.run(scenario{name: "page", method: "GET", path: "/s/" + exampleSlug, status: 200})
	}
	a.run(scenario{name: "too many pages", method: "GET", path: "/s/" + exampleSlug, headers: map[string]string{"Accept-Language": "ht"}, status: 429,
		contains: []string{"Tanpri tann yon minit"}})
}

// TestFormBodyLimit checks that an oversized post is refused with a page
// in the resident's language, and nothing stored.
func TestFormBodyLimit(t *testing.T) {
	t.Parallel()
	a := newApp(t, withExample())
	huge := complete(testKey(1), values("comment", strings.Repeat("a", 200<<10)))
	for _, h := range []map[string]string{sameOrigin(), withHeaders("Cookie", "canvass_csrf=abc")} {
		a.run(scenario{name: "too large", method: "POST", path: "/s/" + exampleSlug + "?lang=vi", body: huge, headers: h, status: 413,
			contains: []string{"Câu trả lời của bạn quá dài"}})
	}
	if n := countResponses(t, a.Store); n != 0 {
		t.Errorf("%d responses stored, want 0", n)
	}
}

// TestFormHeaders checks compression, caching and the security headers of
// the form and its static assets.
func TestFormHeaders(t *testing.T) {
	t.Parallel()
	a := newApp(t, withExample())
	get := func(path string, h map[string]string) (*http.Response, []byte) {
		req, _ := http.NewRequest("GET", a.URL+path, nil)
		for k, v := range h {
			req.Header.Set(k, v)
		}
		resp, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	resp, body := get("/s/"+exampleSlug, map[string]string{"Accept-Encoding": "gzip"})
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("form page not compressed: %v", resp.Header)
	}
	zr, err := gzip.NewReader(strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	html, _ := io.ReadAll(zr)
	for k, want := range map[string]string{
		"Content-Type": "text/html; charset=UTF-8", "Cache-Control": "private, no-cache", "X-Content-Type-Options": "nosniff",
		"Content-Security-Policy": "default-src 'self'",
	} {
		if got := resp.Header.Get(k); !strings.HasPrefix(got, want) {
			t.Errorf("form page %s = %q, want %q", k, got, want)
		}
	}
	for _, asset := range regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`).FindAllStringSubmatch(string(html), -1) {
		resp, gz := get(asset[1], map[string]string{"Accept-Encoding": "gzip, br"})
		if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || resp.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("%s: %d %v, want 200, immutable, gzip", asset[1], resp.StatusCode, resp.Header)
		}
		resp, plain := get(asset[1], nil)
		if resp.Header.Get("Content-Encoding") != "" || len(plain) <= len(gz) {
			t.Errorf("%s without Accept-Encoding: %v, %d bytes (gzipped %d)", asset[1], resp.Header, len(plain), len(gz))
		}
	}
	if resp, _ := get("/static/site.0000000000.css", nil); resp.StatusCode != 404 {
		t.Errorf("an unknown asset hash: %d, want 404", resp.StatusCode)
	}
}
