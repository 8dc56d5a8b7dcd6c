// Package locales holds canvass's user-facing text, one YAML file per screen
// area and language ("form.es.yaml"), and turns message IDs into text in a
// reader's language with CLDR plural rules (go-i18n).
package locales

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"
)

//go:embed *.yaml
var files embed.FS

// Default is the language every message exists in and every lookup falls back to.
const Default = "en"

// Catalog is every message in every language, loaded once at start-up.
type Catalog struct {
	bundle *i18n.Bundle
	langs  []string
}

// Load parses the embedded message files. A malformed file fails start-up.
func Load() (*Catalog, error) {
	return LoadFS(files)
}

// LoadFS parses the message files of fsys (all *.yaml at its root).
func LoadFS(fsys fs.FS) (*Catalog, error) {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		lang := langOfFile(name)
		mf, err := b.ParseMessageFileBytes(data, strings.TrimSuffix(name, lang+".yaml")+internalTag(lang)+".yaml")
		if err != nil {
			return nil, fmt.Errorf("locales: %s: %w", name, err)
		}
		_ = mf
		seen[lang] = true
	}
	c := &Catalog{bundle: b}
	for l := range seen {
		c.langs = append(c.langs, l)
	}
	sort.Slice(c.langs, func(i, j int) bool {
		ri, rj := switcherRank(c.langs[i]), switcherRank(c.langs[j])
		if ri != rj {
			return ri < rj
		}
		return c.langs[i] < c.langs[j]
	})
	return c, nil
}

// switcherOrder is the order every language switcher lists canvass's
// languages in, with or without a survey: the example survey's, English
// first. Languages added later come after them, by code.
func switcherOrder() []string { return []string{"en", "es", "so", "vi", "ar", "ht"} }

func switcherRank(lang string) int {
	order := switcherOrder()
	if i := slices.Index(order, lang); i >= 0 {
		return i
	}
	return len(order)
}

// InOrder returns langs in the catalog's order, those it lacks last in
// their own order: a survey's languages listed as every page lists them.
func (c *Catalog) InOrder(langs []string) []string {
	out := make([]string, 0, len(langs))
	for _, l := range c.langs {
		if slices.Contains(langs, l) {
			out = append(out, l)
		}
	}
	for _, l := range langs {
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

// pluralAliases maps languages that go-i18n has no CLDR plural rule for to
// a private-use tag, which go-i18n gives English rules (one/other). Haitian
// Creole nouns do not inflect for number, so "other" alone is right and
// "one" is never needed. (go-i18n issue #231 recommends this.)
var pluralAliases = map[string]string{"ht": "art-x-ht"}

func internalTag(lang string) string {
	if a, ok := pluralAliases[lang]; ok {
		return a
	}
	return lang
}

// langOfFile returns the language part of "area.lang.yaml".
func langOfFile(name string) string {
	parts := strings.Split(strings.TrimSuffix(name, ".yaml"), ".")
	return parts[len(parts)-1]
}

// Languages lists the languages that have at least one message file, in
// the order switchers show them (switcherOrder).
func (c *Catalog) Languages() []string { return c.langs }

// Localizer returns a localizer that tries langs in order, then English.
// Make one per request or conversation; it is cheap.
func (c *Catalog) Localizer(langs ...string) *Localizer {
	lang := Default
	if len(langs) > 0 && langs[0] != "" {
		lang = langs[0]
	}
	tags := make([]string, 0, len(langs)+1)
	for _, l := range langs {
		base, _, _ := strings.Cut(l, "-")
		tags = append(tags, internalTag(strings.ToLower(base)), l)
	}
	return &Localizer{l: i18n.NewLocalizer(c.bundle, append(tags, Default)...), lang: lang}
}

// Localizer renders messages in one reader's language.
type Localizer struct {
	l    *i18n.Localizer
	lang string
}

// Lang is the reader's language code.
func (l *Localizer) Lang() string { return l.lang }

// T renders message id with data filling its {{.Placeholders}}. When data
// holds an int "Count", the CLDR plural form for it is chosen. A missing
// message renders as its ID, so a gap shows in tests instead of crashing.
func (l *Localizer) T(id string, data map[string]any) string {
	cfg := &i18n.LocalizeConfig{MessageID: id, TemplateData: data}
	if n, ok := data["Count"].(int); ok {
		cfg.PluralCount = n
	}
	// go-i18n reports a missing plural form as an error but still returns
	// the "other" form's text; that text is the right thing to show.
	s, _ := l.l.Localize(cfg)
	if s == "" {
		return id
	}
	return s
}

// N renders message id with the plural form for count, also given to the
// message as {{.Count}}.
func (l *Localizer) N(id string, count int, data map[string]any) string {
	d := make(map[string]any, len(data)+1)
	for k, v := range data {
		d[k] = v
	}
	d["Count"] = count
	return l.T(id, d)
}
