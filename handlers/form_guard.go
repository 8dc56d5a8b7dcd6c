package handlers

import (
	"crypto/rand"
	"errors"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v5"
	"github.com/labstack/echo/v5/middleware"
	"golang.org/x/time/rate"

	"canvass/surveys"
)

// maxFormBytes bounds a posted form: room for ten full-length text answers
// in a non-Latin script, URL-encoded (2,000 characters × up to 6 bytes).
const maxFormBytes = 128 << 10

const staticRoute = "/static/:name"

// Default per-IP limits of the resident form. Residents at one community
// event often share one router, hence the generous bursts.
const (
	defaultFormPostsPerMinute = 30
	defaultFormPostBurst      = 20
	pageLimitFactor           = 4 // pages per minute, relative to posts
)

// formRateStore is the part of Echo's in-memory rate limiter the POST
// handler calls itself, so a limited resident gets the form back with the
// answers still filled in, not an empty error page.
type formRateStore interface {
	AllowContext(c *echo.Context, identifier string) (bool, error)
}

// formLimiters returns the middleware limiting page views per IP and the
// store limiting submissions per IP. The client IP is c.RealIP(), which
// reads X-Forwarded-For only from the configured trusted proxies.
func (s *Server) formLimiters() (echo.MiddlewareFunc, formRateStore) {
	perMinute, burst := s.Options.FormPostsPerMinute, s.Options.FormPostBurst
	if perMinute <= 0 {
		perMinute = defaultFormPostsPerMinute
	}
	if burst <= 0 {
		burst = defaultFormPostBurst
	}
	posts := middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
		Rate: perMinute / 60, Burst: burst, ExpiresIn: 10 * time.Minute,
	})
	pageStore := newFormLimitStore(pageLimitFactor*perMinute/60, pageLimitFactor*burst, 10*time.Minute)
	pages := middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store:               pageStore,
		IdentifierExtractor: func(c *echo.Context) (string, error) { return formRateKey(c.RealIP()), nil },
		DenyHandler: func(c *echo.Context, _ string, _ error) error {
			return surveys.Errorf(surveys.ErrTooMany, "form.too_many_pages", nil)
		},
	})
	return pages, posts
}

// formLimitStore is Echo's RateLimiterMemoryStore for the page limit, every
// page view's: the same limiter per client (x/time/rate's), kept and
// cleaned up the same way, and the same headers with the same values. It
// sets them without Header.Set's work per request (a key made canonical, a
// value slice, a number formatted): the limit's value is made once, the
// remaining count's too while the burst is small.
type formLimitStore struct {
	rate      rate.Limit
	burst     int
	expiresIn time.Duration
	now       func() time.Time // time.Now; tests' clock

	limit     []string    // X-Ratelimit-Limit
	remaining [][]string  // X-Ratelimit-Remaining, by count; nil when the burst is large
	more      countHeader // X-Ratelimit-Remaining past those

	mu          sync.Mutex
	visitors    map[string]*formVisitor
	lastCleanup time.Time
}

type formVisitor struct {
	*rate.Limiter
	lastSeen time.Time
}

// The rate limit's headers as Header.Set writes Echo's names
// (middleware.HeaderXRateLimitLimit, …): made canonical.
const (
	headerRateLimit     = "X-Ratelimit-Limit"
	headerRateRemaining = "X-Ratelimit-Remaining"
)

// maxRemainingValues bounds the X-Ratelimit-Remaining values made at start.
const maxRemainingValues = 1024

func newFormLimitStore(perSecond float64, burst int, expiresIn time.Duration) *formLimitStore {
	s := &formLimitStore{rate: rate.Limit(perSecond), burst: burst, expiresIn: expiresIn, now: time.Now,
		limit: formHeaderValue(strconv.Itoa(burst)), visitors: map[string]*formVisitor{}}
	if burst <= maxRemainingValues {
		s.remaining = make([][]string, burst+1)
		for n := range s.remaining {
			s.remaining[n] = formHeaderValue(strconv.Itoa(n))
		}
	}
	s.lastCleanup = s.now()
	return s
}

// Allow is middleware.RateLimiterStore's.
func (s *formLimitStore) Allow(identifier string) (bool, error) {
	_, allowed := s.allow(identifier)
	return allowed, nil
}

// AllowContext is middleware.RateLimiterStoreContext's, as the memory
// store's: the decision, then X-Ratelimit-Limit, X-Ratelimit-Remaining and,
// refused, Retry-After.
func (s *formLimitStore) AllowContext(c *echo.Context, identifier string) (bool, error) {
	limiter, allowed := s.allow(identifier)
	h := c.Response().Header()
	h[headerRateLimit] = s.limit
	remaining := max(int(math.Floor(limiter.Tokens())), 0)
	if remaining < len(s.remaining) {
		h[headerRateRemaining] = s.remaining[remaining]
	} else {
		h[headerRateRemaining] = s.more.value(remaining)
	}
	if !allowed {
		reservation := limiter.ReserveN(s.now(), 1)
		if delay := reservation.Delay(); delay > 0 {
			h.Set(echo.HeaderRetryAfter, strconv.Itoa(int(math.Ceil(delay.Seconds()))))
		}
		reservation.Cancel()
	}
	return allowed, nil
}

func (s *formLimitStore) allow(identifier string) (*rate.Limiter, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.visitors[identifier]
	if !ok {
		v = &formVisitor{Limiter: rate.NewLimiter(s.rate, s.burst)}
		s.visitors[identifier] = v
	}
	now := s.now()
	v.lastSeen = now
	if now.Sub(s.lastCleanup) > s.expiresIn {
		for id, old := range s.visitors {
			if now.Sub(old.lastSeen) > s.expiresIn {
				delete(s.visitors, id)
			}
		}
		s.lastCleanup = now
	}
	return v.Limiter, v.AllowN(now, 1)
}

// formRateKey is the rate-limit identity of a client address: the address
// itself for IPv4, its /64 network for IPv6, since one household or phone
// is given a whole /64 and can pick any address in it.
func formRateKey(ip string) string {
	if strings.IndexByte(ip, ':') < 0 {
		// IPv4, or no address: itself either way, without ParseIP's
		// allocation on every page view.
		return ip
	}
	parsed := net.ParseIP(ip)
	if parsed == nil || parsed.To4() != nil {
		return ip
	}
	return parsed.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// errCrossSite is a post that did not come from the form's own page.
func errCrossSite() error { return surveys.Errorf(surveys.ErrForbidden, "form.csrf", nil) }

// formCSRFLength is the length of the CSRF tokens the server makes (Echo's
// default), and of the one it uses when Fetch Metadata did the check
// (middleware.CSRFUsingSecFetchSite); the form page cache counts on it.
const formCSRFLength = 32

// formCSRF protects the form with Echo's CSRF middleware. Browsers that send
// Fetch Metadata are checked by Sec-Fetch-Site alone (same-origin passes,
// cross-site and same-site posts are refused); older browsers, common on
// old phones, fall back to a token in a cookie that the form repeats in a
// hidden field. Both work with JavaScript off.
func (s *Server) formCSRF() echo.MiddlewareFunc {
	return middleware.CSRFWithConfig(middleware.CSRFConfig{
		TokenLength:           formCSRFLength,
		TokenLookup:           "form:" + fieldCSRF,
		ContextKey:            csrfContextKey,
		CookieName:            csrfCookieName,
		CookiePath:            csrfCookiePath,
		CookieMaxAge:          csrfCookieMaxAge,
		CookieHTTPOnly:        true,
		CookieSecure:          s.secureCookies(),
		CookieSameSite:        http.SameSiteLaxMode,
		AllowSecFetchSiteFunc: func(*echo.Context) (bool, error) { return false, errCrossSite() },
		ErrorHandler:          func(*echo.Context, error) error { return errCrossSite() },
	})
}

// The CSRF cookie and context key, of formCSRF and formPageCSRF alike.
const (
	csrfCookieName   = "canvass_csrf"
	csrfCookiePath   = "/s/"
	csrfCookieMaxAge = 7 * 24 * 3600 // a form left open for days still posts
	csrfContextKey   = "csrf"
)

// formPageCSRF is csrf (formCSRF) on the form page. A GET passes the check
// and, without Fetch Metadata, gets the token cookie: for those methods it
// does what Echo's middleware does (csrf.go: the same token, kept from the
// cookie or made alike, the same Set-Cookie, the same context value and
// Vary), at less cost per view: the Set-Cookie value is the token between
// parts net/http formatted once a second, not a Cookie formatted anew. Other
// methods go to csrf itself.
func (s *Server) formPageCSRF(csrf echo.MiddlewareFunc) echo.MiddlewareFunc {
	cookies := &csrfCookies{template: http.Cookie{Name: csrfCookieName, Path: csrfCookiePath,
		Secure: s.secureCookies(), HttpOnly: true, SameSite: http.SameSiteLaxMode}}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		checked := csrf(next)
		return func(c *echo.Context) error {
			r := c.Request()
			switch r.Method {
			case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
			default:
				return checked(c)
			}
			if headerValue(r.Header, echo.HeaderSecFetchSite) != "" {
				c.Set(csrfContextKey, middleware.CSRFUsingSecFetchSite)
				return next(c)
			}
			var token string
			if k, err := c.Cookie(csrfCookieName); err == nil {
				token = k.Value
			} else {
				token = newCSRFToken()
			}
			// Header.Add's, with keys canonical already.
			h := c.Response().Header()
			h["Set-Cookie"] = append(h["Set-Cookie"], cookies.value(token, time.Now().Add(csrfCookieMaxAge*time.Second)))
			c.Set(csrfContextKey, token)
			h[echo.HeaderVary] = append(h[echo.HeaderVary], echo.HeaderCookie)
			return next(c)
		}
	}
}

// csrfCookies formats the CSRF cookie as http.Cookie.String does.
type csrfCookies struct {
	template http.Cookie // all but the value and Expires
	// after is what follows the value for cookies expiring in one second,
	// formatted by net/http: "; Path=/s/; Expires=…; HttpOnly; SameSite=Lax".
	after atomic.Pointer[csrfCookieTail]
}

type csrfCookieTail struct {
	unix  int64 // the second of Expires
	after string
}

func (cc *csrfCookies) value(token string, expires time.Time) string {
	if !tokenFits(token) {
		// A value net/http may quote or strip (a cookie the server did
		// not make): its own formatting.
		cookie := cc.template
		cookie.Value, cookie.Expires = token, expires
		return cookie.String()
	}
	unix := expires.Unix()
	tail := cc.after.Load()
	if tail == nil || tail.unix != unix {
		cookie := cc.template
		cookie.Expires = expires
		tail = &csrfCookieTail{unix: unix, after: strings.TrimPrefix(cookie.String(), csrfCookieName+"=")}
		cc.after.Store(tail)
	}
	return csrfCookieName + "=" + token + tail.after
}

// newCSRFToken makes a token as Echo's CSRF middleware does (its
// randomString): formCSRFLength letters, each drawn uniformly from crypto
// random bytes.
func newCSRFToken() string {
	var random [formCSRFLength + formCSRFLength/4]byte
	var out [formCSRFLength + len(random)]byte
	n := 0
	for n < formCSRFLength {
		_, _ = rand.Read(random[:]) // never fails (ids.Bytes)
		for _, b := range random {
			// Echo's loop, without its branch per byte: each byte is
			// written, and kept (n moved on) when it is not skipped.
			out[n] = csrfLetters[b]
			n += int(csrfKept[b])
		}
	}
	return string(out[:formCSRFLength])
}

// csrfLetters and csrfKept are newCSRFToken's letter for each byte, and
// whether the byte is kept: those over 207 would favour the first letters.
var csrfLetters, csrfKept = func() (letters, kept [256]byte) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	for b := range 256 {
		letters[b] = alphabet[b%len(alphabet)]
		if b <= 255-256%len(alphabet) {
			kept[b] = 1
		}
	}
	return letters, kept
}()

// csrfToken is the value of the form's hidden CSRF field.
func csrfToken(c *echo.Context) string {
	t, _ := c.Get(csrfContextKey).(string)
	return t
}

// readForm parses the (size-limited) body before anything reads a field,
// so an oversized form is a 413, not a missing CSRF token.
func readForm(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		if err := c.Request().ParseForm(); err != nil {
			var sc echo.HTTPStatusCoder
			if errors.As(err, &sc) && sc.StatusCode() == http.StatusRequestEntityTooLarge {
				return echo.ErrStatusRequestEntityTooLarge
			}
			return surveys.Errorf(surveys.ErrInvalid, "error.bad_request", nil)
		}
		return next(c)
	}
}

// formHeaders keeps resident pages to their own origin: no script, style,
// frame or form target from anywhere else.
func formHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		// What Header.Set did, without its work per request: the keys are
		// canonical already, and each value's slice is made once, below.
		h := c.Response().Header()
		h["Content-Security-Policy"] = formCSP
		h["X-Content-Type-Options"] = formNosniff
		h["Referrer-Policy"] = formReferrerPolicy
		return next(c)
	}
}

// The values of formHeaders, each a full slice (len == cap) shared by every
// response: an Add to one of these headers appends to a copy, Set and Del
// replace the slice, and nothing writes into a header's values in place.
var (
	formCSP            = formHeaderValue("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	formNosniff        = formHeaderValue("nosniff")
	formReferrerPolicy = formHeaderValue("same-origin")
)

// formHeaderValue is v as a header's values, len == cap == 1.
func formHeaderValue(v string) []string { return []string{v} }

// countHeader makes a number a header's values, keeping the last made:
// the same number again, as responses of one length or a client's count
// at the full burst, takes no allocation.
type countHeader struct{ last atomic.Pointer[headerCount] }

type headerCount struct {
	n int
	v []string // formHeaderValue
}

func (h *countHeader) value(n int) []string {
	if c := h.last.Load(); c != nil && c.n == n {
		return c.v
	}
	c := &headerCount{n: n, v: formHeaderValue(strconv.Itoa(n))}
	h.last.Store(c)
	return c.v
}

// headerValue is h.Get(key) for a key written canonical: without
// canonicalizing it again.
func headerValue(h http.Header, key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// serveFavicon answers browsers that ask for /favicon.ico whatever the
// page says.
func (s *Server) serveFavicon(c *echo.Context) error {
	s.Web.ServeFile(c.Response(), c.Request(), "favicon.ico")
	return nil
}

// serveAsset serves a content-hashed static file of the web package.
func (s *Server) serveAsset(c *echo.Context) error {
	s.Web.ServeAsset(c.Response(), c.Request(), c.Param("name"))
	return nil
}
