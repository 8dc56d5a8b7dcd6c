// Package web holds canvass's HTML templates and static files, embedded in
// the binary, and renders pages from them. Every area with pages (the
// resident form, staff results, organizer pages) shares one loader, one
// base layout and one set of static assets.
//
// Layout of templates/:
//
//	layout/*.html     the base layout; defines "layout", which every page is
//	                  executed through
//	partials/*.html   shared named templates ("web/languages", ...)
//	<area>/_*.html    an area's partials (a leading "_"); shared like the above
//	<area>/*.html     pages, named "<area>/<file>" without ".html"
//	                  ("form/survey"); each defines "content"
//
// Every page is parsed once at start-up together with the layout and all
// partials, so a broken template (or one using a template nobody defines)
// stops the program before it serves, never at render time. Partial names
// are global: prefix them with the area. A template defined inside a page
// is that page's own; one used by several pages goes in a partial.
//
// static/ holds flat files (site.css, form.js, …). They are served from
// memory at /static/<name>.<hash>.<ext>, cached for a year; templates link
// them with {{asset "site.css"}}, and a page's .Scripts lists the scripts
// the layout loads.
//
// Data convention: a page's data embeds Page (or is one). The layout reads
// .Lang, .Dir, .Title, .Languages and .Scripts, and any template translates
// with .T "message.id" "Key" value …, which calls the request's localizer:
// the localizer travels in the data, never in a shared FuncMap, so one
// request can never render in another's language.
package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// all: keeps the "_" partials, which a plain directory embed would skip.
//
//go:embed all:templates
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// EmbeddedTemplates returns the templates built into the binary.
func EmbeddedTemplates() fs.FS { return mustSub(templateFiles, "templates") }

// EmbeddedStatic returns the static files built into the binary.
func EmbeddedStatic() fs.FS { return mustSub(staticFiles, "static") }

func mustSub(f embed.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err) // dir is a literal embedded above
	}
	return sub
}

// Site is the parsed templates and the static assets. It is immutable once
// built and safe for concurrent use.
type Site struct {
	pages  map[string]*template.Template
	assets *assets
}

// New loads the embedded templates and static files.
func New() (*Site, error) {
	return NewFS(EmbeddedTemplates(), EmbeddedStatic())
}

// NewFS loads templates and static files from the given file systems (tests
// and benchmarks add files of their own). Any error is reported here, at
// start-up.
func NewFS(templates, static fs.FS) (*Site, error) {
	a, err := loadAssets(static)
	if err != nil {
		return nil, err
	}
	shared, pages, err := templateFilesOf(templates)
	if err != nil {
		return nil, err
	}
	base := template.New("").Funcs(template.FuncMap{"asset": a.url})
	for _, name := range shared {
		if err := parseFile(base, templates, name); err != nil {
			return nil, err
		}
	}
	if base.Lookup("layout") == nil {
		return nil, fmt.Errorf("web: no template defines \"layout\" (expected in templates/layout/)")
	}
	s := &Site{pages: map[string]*template.Template{}, assets: a}
	for _, name := range pages {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if err := parseFile(t, templates, name); err != nil {
			return nil, err
		}
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("web: %s does not define \"content\"", name)
		}
		if err := checkReferences(t); err != nil {
			return nil, fmt.Errorf("web: %s: %w", name, err)
		}
		s.pages[strings.TrimSuffix(name, ".html")] = t
	}
	return s, nil
}

// templateFilesOf sorts the *.html files into shared ones (layout,
// partials) and pages.
func templateFilesOf(fsys fs.FS) (shared, pages []string, err error) {
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".html" {
			return err
		}
		dir, file := path.Split(p)
		switch {
		case dir == "layout/" || dir == "partials/" || strings.HasPrefix(file, "_"):
			shared = append(shared, p)
		case dir == "":
			return fmt.Errorf("web: %s: pages live in an area folder (form/, results/, …)", p)
		default:
			pages = append(pages, p)
		}
		return nil
	})
	sort.Strings(shared)
	sort.Strings(pages)
	return shared, pages, err
}

func parseFile(t *template.Template, fsys fs.FS, name string) error {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	if _, err := t.New(name).Parse(string(src)); err != nil {
		return fmt.Errorf("web: %w", err)
	}
	return nil
}

// Has reports whether a page exists.
func (s *Site) Has(page string) bool {
	_, ok := s.pages[page]
	return ok
}

// Pages lists the page names, sorted.
func (s *Site) Pages() []string {
	out := make([]string, 0, len(s.pages))
	for name := range s.pages {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// Render executes a page through the layout. It renders into a buffer
// first, so a template error sends nothing rather than half a page.
func (s *Site) Render(w io.Writer, page string, data any) error {
	t, ok := s.pages[page]
	if !ok {
		return fmt.Errorf("web: no page %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("web: render %s: %w", page, err)
	}
	_, err := buf.WriteTo(w)
	return err
}

// Asset returns the content-hashed URL of a static file ("site.css" →
// "/static/site.1a2b3c4d5e.css"), or "" when there is no such file.
func (s *Site) Asset(name string) string { return s.assets.url(name) }
