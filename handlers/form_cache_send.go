package handlers

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v5"

	"canvass/surveys"
)

// The form page (GET /s/{slug}) compresses its own responses instead of
// going through Echo's gzip middleware, which resets a compressor for every
// request it sees (about 30 µs: 640 KB of match tables cleared, twice),
// even one that then sends bytes gzipped already. It does what the
// middleware did, to the header: the Vary in the same place, gzip when
// Accept-Encoding holds "gzip" and the page is 1 KB or more, error pages
// plain.

// gzipMinLength is compressPages' MinLength.
const gzipMinLength = 1024

// varyAcceptEncoding adds the Vary the gzip middleware adds, where the form
// page's route has it in place of the middleware.
func varyAcceptEncoding(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		h := c.Response().Header()
		h[echo.HeaderVary] = append(h[echo.HeaderVary], echo.HeaderAcceptEncoding) // Add, the key canonical
		return next(c)
	}
}

// wantsGzip is the gzip middleware's test, kept as it is so responses do
// not change: "gzip" anywhere in Accept-Encoding.
func wantsGzip(c *echo.Context) bool {
	return strings.Contains(headerValue(c.Request().Header, echo.HeaderAcceptEncoding), "gzip")
}

// The constant headers of a page sent from the cache.
var (
	formGzipEncoding   = formHeaderValue("gzip")
	formPrivateNoCache = formHeaderValue("private, no-cache")
	formHTMLType       = formHeaderValue(echo.MIMETextHTMLCharsetUTF8)
)

// sendFirstPage sends the first page of rec in lang from the cache, with
// this request's key and CSRF token. It reports false, having sent
// nothing, when the page is rendered per request instead: it could not be
// cut, or the CSRF token is not one the server makes (a cookie that would
// need escaping, or of another length).
func (s *Server) sendFirstPage(c *echo.Context, fc *formPageCache, rec *surveys.Record, lang, key, csrf string) (bool, error) {
	if !tokenFits(key) || !tokenFits(csrf) {
		return false, nil
	}
	p, err := fc.page(rec, lang, func() (*formPage, error) { return s.buildFormPage(rec, lang) })
	if err != nil || p.page == nil {
		return false, err
	}
	var room [4]string // the page has two holes: no allocation
	values := room[:0]
	for _, h := range p.holes {
		if h == tokenKey {
			values = append(values, key)
		} else {
			values = append(values, csrf)
		}
	}
	zip := wantsGzip(c) && p.page.PlainLen(values) >= gzipMinLength
	if zip && !p.page.Takes(values) {
		return false, nil
	}
	bp := fc.bodies.Get().(*[]byte)
	defer fc.bodies.Put(bp)
	h := c.Response().Header()
	var body []byte
	if zip {
		h[echo.HeaderContentEncoding] = formGzipEncoding
		body, err = p.page.AppendGzip((*bp)[:0], values)
	} else {
		body, err = p.page.AppendPlain((*bp)[:0], values)
	}
	if err != nil {
		h.Del(echo.HeaderContentEncoding)
		return false, err
	}
	*bp = body // keep the grown buffer for the next response
	// Header.Set's values, their slices made once (formHeaders).
	h["Cache-Control"] = formPrivateNoCache
	h[echo.HeaderContentType] = formHTMLType
	h[echo.HeaderContentLength] = p.lengths.value(zip, len(body))
	c.Response().WriteHeader(http.StatusOK)
	_, err = c.Response().Write(body)
	return true, err
}

// pageLengths keeps a page's Content-Length values, plain and gzipped: its
// responses are all one length (its tokens' widths are fixed), so the
// value is made once, not per response.
type pageLengths [2]countHeader

func (l *pageLengths) value(zip bool, n int) []string {
	if zip {
		return l[1].value(n)
	}
	return l[0].value(n)
}

// compressed runs render with its response held back, then sends it as the
// gzip middleware would have. When render fails nothing was sent, and the
// error page goes out plain, as it did behind the middleware.
func (fc *formPageCache) compressed(c *echo.Context, render func() error) error {
	sent := c.Response()
	held := &heldResponse{ResponseWriter: sent}
	c.SetResponse(held)
	err := render()
	c.SetResponse(sent)
	if err != nil {
		return err
	}
	if held.status == 0 {
		held.status = http.StatusOK
	}
	body := held.body.Bytes()
	if !held.wrote {
		sent.WriteHeader(held.status)
		return nil
	}
	if wantsGzip(c) && len(body) >= gzipMinLength {
		var zipped bytes.Buffer
		zw := fc.zippers.Get().(*gzip.Writer)
		zw.Reset(&zipped)
		_, err := zw.Write(body)
		if err == nil {
			err = zw.Close()
		}
		fc.zippers.Put(zw)
		if err != nil {
			return err
		}
		sent.Header().Set(echo.HeaderContentEncoding, "gzip")
		body = zipped.Bytes()
	}
	sent.Header().Set(echo.HeaderContentLength, strconv.Itoa(len(body)))
	sent.WriteHeader(held.status)
	_, err = sent.Write(body)
	return err
}

// heldResponse keeps what a handler writes; its headers are the response's
// own.
type heldResponse struct {
	http.ResponseWriter
	status int
	wrote  bool
	body   bytes.Buffer
}

func (r *heldResponse) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *heldResponse) Write(b []byte) (int, error) {
	r.wrote = true
	return r.body.Write(b)
}

// Unwrap lets Echo find its Response underneath.
func (r *heldResponse) Unwrap() http.ResponseWriter { return r.ResponseWriter }
