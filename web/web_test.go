package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// fakeLoc translates by echoing the ID and data, so tests see what a
// template asked for.
type fakeLoc struct{ lang string }

func (l fakeLoc) T(id string, data map[string]any) string {
	if len(data) == 0 {
		return l.lang + ":" + id
	}
	return fmt.Sprintf("%s:%s%v", l.lang, id, data)
}

func TestEmbeddedSiteLoads(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{"form/survey", "form/thanks", "form/error"} {
		if !s.Has(page) {
			t.Errorf("page %s missing; have %v", page, s.Pages())
		}
	}
	for _, name := range []string{"site.css", "form.js"} {
		if !regexp.MustCompile(`^/static/` + strings.Split(name, ".")[0] + `\.[0-9a-f]{10}\.` + strings.Split(name, ".")[1] + `$`).MatchString(s.Asset(name)) {
			t.Errorf("Asset(%s) = %q, want a content-hashed URL", name, s.Asset(name))
		}
	}
	if s.Asset("nothing.css") != "" {
		t.Error("an unknown asset has a URL")
	}
}

// TestLayout renders a page through the layout and checks the data
// convention: language, direction, title, switcher, scripts, translations.
func TestLayout(t *testing.T) {
	s, err := NewFS(fstest.MapFS{
		"layout/base.html":        {Data: mustRead(t, "templates/layout/base.html")},
		"partials/languages.html": {Data: mustRead(t, "templates/partials/languages.html")},
		"results/_bar.html":       {Data: []byte(`{{define "results/bar"}}<b>{{.}}</b>{{end}}`)},
		"results/page.html":       {Data: []byte(`{{define "content"}}<p>{{.T "results.n" "Count" 3}}</p>{{template "results/bar" .Value}}{{end}}`)},
	}, fstest.MapFS{"site.css": {Data: []byte("body{}")}, "app.js": {Data: []byte("1")}})
	if err != nil {
		t.Fatal(err)
	}
	type page struct {
		Page
		Value string
	}
	p := page{Page: NewPage("ar", fakeLoc{"ar"}, "Title <&>"), Value: "<x>"}
	p.Languages = Switcher([]string{"en", "ar"}, "ar", func(l string) string { return "/p?lang=" + l })
	p.Scripts = []string{"app.js"}
	var buf bytes.Buffer
	if err := s.Render(&buf, "results/page", p); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	for _, want := range []string{
		`<html lang="ar" dir="rtl">`, "<title>Title &lt;&amp;&gt;</title>", `<link rel="stylesheet" href="` + s.Asset("site.css") + `">`,
		`<script src="` + s.Asset("app.js") + `" defer></script>`, "<p>ar:results.nmap[Count:3]</p>", "<b>&lt;x&gt;</b>",
		`<a href="/p?lang=en" lang="en" hreflang="en" dir="ltr">English</a>`, `dir="rtl" aria-current="true">العربية</a>`,
		`aria-label="ar:web.languages"`, `<a class="skip" href="#main">ar:web.skip</a>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %q:\n%s", want, html)
		}
	}
	buf.Reset()
	if err := s.Render(&buf, "results/nothing", p); err == nil || buf.Len() > 0 {
		t.Errorf("unknown page: err %v, wrote %d bytes", err, buf.Len())
	}
	if err := s.Render(&buf, "results/page", struct{ Page }{}); err == nil || buf.Len() > 0 {
		t.Errorf("data without the page's fields: err %v, wrote %d bytes; want an error and nothing written", err, buf.Len())
	}
}

// TestLoadFailsFast checks that template mistakes stop start-up.
func TestLoadFailsFast(t *testing.T) {
	layout := &fstest.MapFile{Data: []byte(`{{define "layout"}}{{template "content" .}}{{end}}`)}
	for name, files := range map[string]fstest.MapFS{
		"syntax error":    {"layout/base.html": layout, "form/a.html": {Data: []byte(`{{define "content"}}{{if}}{{end}}`)}},
		"no content":      {"layout/base.html": layout, "form/a.html": {Data: []byte(`{{define "other"}}x{{end}}`)}},
		"no layout":       {"form/a.html": {Data: []byte(`{{define "content"}}x{{end}}`)}},
		"page at root":    {"layout/base.html": layout, "a.html": {Data: []byte(`{{define "content"}}x{{end}}`)}},
		"unknown partial": {"layout/base.html": layout, "form/a.html": {Data: []byte(`{{define "content"}}{{template "nope"}}{{end}}`)}},
	} {
		if _, err := NewFS(files, fstest.MapFS{}); err == nil {
			t.Errorf("%s: loaded without error", name)
		}
	}
}

func TestServeAsset(t *testing.T) {
	css := []byte(strings.Repeat("body{margin:0}\n", 50))
	s, err := NewFS(fstest.MapFS{"layout/base.html": {Data: []byte(`{{define "layout"}}{{end}}`)}}, fstest.MapFS{"site.css": {Data: css}})
	if err != nil {
		t.Fatal(err)
	}
	hashed := strings.TrimPrefix(s.Asset("site.css"), StaticPrefix)
	serve := func(name string, h ...string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", StaticPrefix+name, nil)
		for i := 0; i+1 < len(h); i += 2 {
			r.Header.Set(h[i], h[i+1])
		}
		w := httptest.NewRecorder()
		s.ServeAsset(w, r, name)
		return w
	}
	w := serve(hashed, "Accept-Encoding", "gzip")
	if w.Code != 200 || w.Header().Get("Content-Encoding") != "gzip" || w.Body.Len() >= len(css) ||
		w.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/css") {
		t.Errorf("gzip: %d %v %d bytes", w.Code, w.Header(), w.Body.Len())
	}
	if w := serve(hashed, "Accept-Encoding", "gzip;q=0, identity"); w.Header().Get("Content-Encoding") != "" || !bytes.Equal(w.Body.Bytes(), css) {
		t.Errorf("gzip refused: %v", w.Header())
	}
	if w := serve(hashed, "If-None-Match", `"`+hashed+`"`); w.Code != http.StatusNotModified {
		t.Errorf("revalidation: %d, want 304", w.Code)
	}
	if w := serve("site.css"); w.Code != 404 {
		t.Errorf("unhashed name: %d, want 404", w.Code)
	}
	other, _ := NewFS(fstest.MapFS{"layout/base.html": {Data: []byte(`{{define "layout"}}{{end}}`)}}, fstest.MapFS{"site.css": {Data: append(css, ' ')}})
	if other.Asset("site.css") == s.Asset("site.css") {
		t.Error("changed content kept its URL")
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := templateFiles.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
