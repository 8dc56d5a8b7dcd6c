package handlers

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/url"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/singleflight"

	"canvass/ids"
	"canvass/surveys"
	"canvass/web/splice"
)

// A resident's first view of a form differs from every other resident's
// only by two tokens: the form's idempotency key and the CSRF token.
// Rendering it cost about 1 ms of CPU (template 40%, gzip 30%): the page
// served 20 to 30 times fewer requests a second than a static file of its
// size. So the page is
// rendered once per survey definition and language with markers where the
// tokens go, cut there, and each request splices its own tokens in
// (web/splice), gzipped or not, without a template or a compressor.
//
// Only the plain first GET is served so: a page with answers, problems or a
// notice is rendered as before. Nothing of a request is kept: the page is
// built from the survey and the language alone (formViewOf), with markers
// for tokens.

// maxFormPages bounds the pages kept: surveys open at once × their
// languages (the example has six). Past it the oldest page built goes.
const maxFormPages = 128

// formPageCache keeps the first page of each survey's form in each
// language, and the buffers responses are assembled in.
type formPageCache struct {
	// pages is read by every request and written once per survey change:
	// readers load it without a lock (a mutex here was the form page's
	// most contended), writers copy it under mu.
	pages  atomic.Pointer[map[formPageKey]*formPage]
	mu     sync.Mutex
	builds singleflight.Group
	built  uint64 // counts builds, to evict the oldest; under mu
	// bodies holds *[]byte response buffers (form_cache_send.go).
	bodies sync.Pool
	// zippers holds *gzip.Writer for pages rendered per request.
	zippers sync.Pool
}

type formPageKey struct{ slug, lang string }

// formPage is one survey's first page in one language, cut at its tokens.
// It is never changed once made: a newer one replaces it.
type formPage struct {
	// rec is the record it was made from. The survey cache hands out one
	// record per read and never changes it, so the same pointer is the same
	// definition; another pointer is compared by sum.
	rec *surveys.Record
	sum [sha256.Size]byte // surveySum of the definition
	// page is nil when this definition's page could not be cut (the build
	// failed once and was logged): it is rendered per request.
	page    *splice.Page
	holes   []formToken  // which token goes in each hole, in order
	lengths *pageLengths // its responses' Content-Length values
	seq     uint64       // build order
}

// formToken names a per-request value of the form page.
type formToken int

const (
	tokenKey  formToken = iota // the form's idempotency key (_key)
	tokenCSRF                  // the CSRF token (_csrf)
)

// width is the length of the token, which lets the page after it be
// compressed with the page before as its history (splice). A token of
// another length (a CSRF cookie the server did not make) is sent in a page
// rendered per request.
func (t formToken) width() int {
	if t == tokenKey {
		return formKeyLength
	}
	return formCSRFLength
}

func newFormPageCache() *formPageCache {
	fc := &formPageCache{}
	fc.pages.Store(&map[formPageKey]*formPage{})
	fc.bodies.New = func() any { b := make([]byte, 0, 32<<10); return &b }
	fc.zippers.New = func() any { return gzip.NewWriter(io.Discard) } // the middleware's level
	return fc
}

// surveySum fingerprints everything of a definition a page can show. A
// survey edited in place keeps its version, and its updated time is only
// as fine as the clock (a test's may stand still): the definition itself
// is what must match.
func surveySum(sv *surveys.Survey) ([sha256.Size]byte, error) {
	b, err := json.Marshal(sv)
	if err != nil {
		return [sha256.Size]byte{}, err
	}
	return sha256.Sum256(b), nil
}

// page returns the first page of rec in lang, building it with build when
// none was made from this definition. A survey changed is a new
// definition, so it is seen as soon as the form reads it (FormSurveyTTL):
// this cache adds no staleness.
func (fc *formPageCache) page(rec *surveys.Record, lang string, build func() (*formPage, error)) (*formPage, error) {
	key := formPageKey{rec.Slug, lang}
	p := (*fc.pages.Load())[key]
	if p != nil && p.rec == rec {
		return p, nil
	}
	sum, err := surveySum(&rec.Survey)
	if err != nil {
		return nil, err
	}
	if p != nil && p.sum == sum {
		// The same definition read again (the survey cache refreshed):
		// remember this record, so the next request skips the sum.
		again := *p
		again.rec = rec
		fc.keep(key, &again)
		return &again, nil
	}
	// Residents arriving together after a change share one build.
	v, err, _ := fc.builds.Do(fmt.Sprintf("%s\x00%s\x00%x", key.slug, key.lang, sum), func() (any, error) {
		p, err := build()
		if err != nil {
			return nil, err
		}
		p.rec, p.sum = rec, sum
		fc.keep(key, p)
		return p, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*formPage), nil
}

// keep stores p. Pages of the survey's other definitions go, in every
// language: they will not be asked for again.
func (fc *formPageCache) keep(key formPageKey, p *formPage) {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	pages := maps.Clone(*fc.pages.Load())
	for k, old := range pages {
		if k.slug == key.slug && old.sum != p.sum {
			delete(pages, k)
		}
	}
	if _, ok := pages[key]; !ok {
		for len(pages) >= maxFormPages {
			evictOldest(pages)
		}
	}
	if p.seq == 0 {
		fc.built++
		p.seq = fc.built
	}
	pages[key] = p
	fc.pages.Store(&pages)
}

func evictOldest(pages map[formPageKey]*formPage) {
	var oldest formPageKey
	var seq uint64
	for k, p := range pages {
		if seq == 0 || p.seq < seq {
			oldest, seq = k, p.seq
		}
	}
	delete(pages, oldest)
}

// buildFormPage renders the first page of rec in lang with markers for
// the tokens and cuts it there. It renders it again with other markers, of
// another length, and checks that splicing those in gives exactly that
// page: a token the page escaped or measured would not splice, and the
// page is then rendered per request instead (a nil page, logged once).
func (s *Server) buildFormPage(rec *surveys.Record, lang string) (*formPage, error) {
	first, err := s.markedFormPage(rec, lang, 16)
	if err != nil {
		return nil, err
	}
	parts, holes := cutAtMarkers(first.html, first.markers)
	widths := make([]int, len(holes))
	for i, h := range holes {
		widths[i] = h.width()
	}
	page, err := splice.New(parts, widths, flate.BestCompression)
	if err != nil {
		return nil, err
	}
	check, err := s.markedFormPage(rec, lang, 24)
	if err != nil {
		return nil, err
	}
	values := make([]string, len(holes))
	for i, h := range holes {
		values[i] = check.markers[h]
	}
	got, err := page.AppendPlain(nil, values)
	if err != nil || !bytes.Equal(got, check.html) {
		s.Logger.Error("the form page does not splice: rendered per request", "survey", rec.Slug, "lang", lang, "err", err)
		return &formPage{}, nil
	}
	return &formPage{page: page, holes: holes, lengths: &pageLengths{}}, nil
}

// markedPage is the form page rendered with markers for its tokens.
type markedPage struct {
	html    []byte
	markers map[formToken]string
}

// markedFormPage renders the page with markers made of n random bytes.
func (s *Server) markedFormPage(rec *surveys.Record, lang string, n int) (markedPage, error) {
	m := markedPage{markers: map[formToken]string{tokenKey: formMarker(n), tokenCSRF: formMarker(n)}}
	sub := &formSubmission{key: m.markers[tokenKey], raw: url.Values{}}
	var buf bytes.Buffer
	if err := s.Web.Render(&buf, "form/survey", s.formViewOf(rec, lang, sub, m.markers[tokenCSRF], formNotice{})); err != nil {
		return m, err
	}
	m.html = buf.Bytes()
	return m, nil
}

// formMarker is a random stand-in for a token: letters, digits, - and _,
// which HTML escaping leaves alone, as it does the tokens spliced in its
// place (tokenFits); no survey text will hold it.
func formMarker(n int) string { return "cnvs" + ids.Token(n) }

// cutAtMarkers cuts html wherever a marker appears, in order, and says
// which token each cut is for.
func cutAtMarkers(html []byte, markers map[formToken]string) (parts [][]byte, holes []formToken) {
	for {
		at, which, width := -1, formToken(0), 0
		for tok, m := range markers {
			if i := bytes.Index(html, []byte(m)); i >= 0 && (at < 0 || i < at) {
				at, which, width = i, tok, len(m)
			}
		}
		if at < 0 {
			return append(parts, html), holes
		}
		parts, holes = append(parts, html[:at]), append(holes, which)
		html = html[at+width:]
	}
}

// tokenFits says a token goes into the page as it is: the template would
// escape nothing in it. A CSRF token is whatever the cookie held, so a
// forged cookie's token is rendered, escaped, per request.
func tokenFits(t string) bool {
	fits := uint8(1)
	for i := 0; i < len(t); i++ {
		fits &= tokenBytes[t[i]]
	}
	return fits == 1
}

// tokenBytes is 1 for the bytes tokenFits accepts: ASCII letters, digits,
// '-' and '_'. A table, read without a branch per byte: a switch on ranges
// mispredicts on random letters, 140 ns for a 32-byte token (15 so), and a
// page view checks three (the key, the CSRF token, its cookie).
var tokenBytes = func() (fits [256]uint8) {
	for b := range 256 {
		if 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '-' || b == '_' {
			fits[b] = 1
		}
	}
	return fits
}()
