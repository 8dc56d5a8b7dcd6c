package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// StaticPrefix is the URL path static assets are served under.
const StaticPrefix = "/static/"

// asset is one static file, held in memory with its gzip form: the files
// are small and never change while the program runs.
type asset struct {
	hashed      string // "site.1a2b3c4d5e.css"
	contentType string
	plain       []byte
	gzipped     []byte // nil when gzip does not make it smaller
}

type assets struct {
	byName   map[string]*asset // logical name → asset
	byHashed map[string]*asset // hashed name → asset
}

// loadAssets reads every file at the root of fsys and names it by its
// content hash, so a changed file gets a new URL and the old one can be
// cached for a year.
func loadAssets(fsys fs.FS) (*assets, error) {
	a := &assets{byName: map[string]*asset{}, byHashed: map[string]*asset{}}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("web: static: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, fmt.Errorf("web: static: %w", err)
		}
		x, err := newAsset(e.Name(), b)
		if err != nil {
			return nil, err
		}
		a.byName[e.Name()], a.byHashed[x.hashed] = x, x
	}
	return a, nil
}

func newAsset(name string, b []byte) (*asset, error) {
	sum := sha256.Sum256(b)
	ext := path.Ext(name)
	x := &asset{
		hashed:      strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext,
		contentType: contentType(ext),
		plain:       b,
	}
	if x.contentType == "" {
		x.contentType = "application/octet-stream"
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	if buf.Len() < len(b) {
		x.gzipped = buf.Bytes()
	}
	return x, nil
}

// url returns the hashed URL of a logical asset name. Templates call it as
// {{asset "site.css"}}; an unknown name gives "" (and a test fails).
func (a *assets) url(name string) string {
	if x, ok := a.byName[name]; ok {
		return StaticPrefix + x.hashed
	}
	return ""
}

// ServeAsset serves the asset with the given hashed name ("site.1a2b.css"),
// gzipped when the client accepts it. A hashed URL names one exact content
// forever, hence the year-long immutable caching.
func (s *Site) ServeAsset(w http.ResponseWriter, r *http.Request, hashed string) {
	x, ok := s.assets.byHashed[hashed]
	if !ok {
		http.NotFound(w, r)
		return
	}
	serve(w, r, x, "public, max-age=31536000, immutable")
}

// ServeFile serves a static file by its plain name, for the few URLs that
// cannot carry a hash (browsers ask for /favicon.ico): cached for a day,
// so a new icon shows within one.
func (s *Site) ServeFile(w http.ResponseWriter, r *http.Request, name string) {
	x, ok := s.assets.byName[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	serve(w, r, x, "public, max-age=86400")
}

func serve(w http.ResponseWriter, r *http.Request, x *asset, cache string) {
	h := w.Header()
	h.Set("Content-Type", x.contentType)
	h.Set("Cache-Control", cache)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("ETag", `"`+x.hashed+`"`)
	body := x.plain
	if x.gzipped != nil {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			h.Set("Content-Encoding", "gzip")
			body = x.gzipped
		}
	}
	if r.Header.Get("If-None-Match") == `"`+x.hashed+`"` {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(body)
}

// contentType is a file's media type by its extension. Go's table lacks
// .ico, and the system's may be missing on a slim machine.
func contentType(ext string) string {
	if ext == ".ico" {
		return "image/x-icon"
	}
	return mime.TypeByExtension(ext)
}

// acceptsGzip reads Accept-Encoding, honouring an explicit q=0 refusal.
func acceptsGzip(h string) bool {
	for _, part := range strings.Split(h, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(name) != "gzip" {
			continue
		}
		q := strings.ReplaceAll(params, " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
