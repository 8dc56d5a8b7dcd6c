package sms

import (
	"sync"

	"canvass/locales"
)

// Translator renders canvass's own SMS texts (locales/sms.*.yaml) for the
// conversation in package surveys, which cannot import the catalog. It
// keeps one localizer per language: conversations ask for the same few
// languages over and over.
type Translator struct {
	cat  *locales.Catalog
	locs sync.Map // language → *locales.Localizer
}

// NewTranslator returns a Translator over the catalog.
func NewTranslator(cat *locales.Catalog) *Translator {
	return &Translator{cat: cat}
}

// T renders message id in lang, falling back to English.
func (t *Translator) T(lang, id string, data map[string]any) string {
	l, ok := t.locs.Load(lang)
	if !ok {
		l, _ = t.locs.LoadOrStore(lang, t.cat.Localizer(lang))
	}
	return l.(*locales.Localizer).T(id, data)
}

// Languages lists the languages the catalog has texts in.
func (t *Translator) Languages() []string { return t.cat.Languages() }
