package web

import "canvass/surveys"

// Translator renders a message ID in one reader's language with data
// filling its placeholders; *locales.Localizer is one.
type Translator interface {
	T(id string, data map[string]any) string
}

// Page is what the layout needs of every page's data. Areas embed it in
// their own data struct:
//
//	type resultsPage struct {
//		web.Page
//		Groups []group
//	}
//
// and templates read .Lang, .Dir, .Title and translate with .T.
type Page struct {
	// Lang is the page's language code, for <html lang>.
	Lang string
	// Dir is "rtl" for right-to-left languages, else "ltr".
	Dir string
	// Title is the document title.
	Title string
	// Loc is the request's localizer.
	Loc Translator
	// Languages, when it holds more than one, is shown as a language
	// switcher at the top of the page.
	Languages []LanguageLink
	// LanguageForm, when set, is the id of the page's form whose answers a
	// change of language must keep: each language of the switcher is then
	// a button that sends that form to the language's URL, instead of a
	// link that would leave what was typed behind.
	LanguageForm string
	// Scripts are logical names of static scripts to load (deferred),
	// such as "form.js". Pages work without them.
	Scripts []string
}

// LanguageLink is one entry of the language switcher: a language named in
// itself, linking to the same page in that language.
type LanguageLink struct {
	Code    string
	Name    string
	Dir     string
	URL     string
	Current bool
}

// NewPage returns a Page in lang, with its direction set.
func NewPage(lang string, loc Translator, title string) Page {
	return Page{Lang: lang, Dir: Dir(lang), Title: title, Loc: loc}
}

// Dir returns "rtl" or "ltr" for a language code.
func Dir(lang string) string {
	if surveys.IsRTL(lang) {
		return "rtl"
	}
	return "ltr"
}

// Switcher builds language switcher entries for langs, each named in
// itself, with url giving the link of each language.
func Switcher(langs []string, current string, url func(lang string) string) []LanguageLink {
	out := make([]LanguageLink, 0, len(langs))
	for _, l := range langs {
		out = append(out, LanguageLink{Code: l, Name: surveys.LanguageName(l), Dir: Dir(l), URL: url(l), Current: l == current})
	}
	return out
}

// T translates id in the page's language. Arguments after the ID are
// key/value pairs for the message's placeholders:
//
//	{{.T "form.choose_up_to" "Count" 3}}
//
// An int "Count" also picks the plural form.
func (p Page) T(id string, pairs ...any) string {
	if p.Loc == nil {
		return id
	}
	var data map[string]any
	if len(pairs) > 1 {
		data = make(map[string]any, len(pairs)/2)
		for i := 0; i+1 < len(pairs); i += 2 {
			if k, ok := pairs[i].(string); ok {
				data[k] = pairs[i+1]
			}
		}
	}
	return p.Loc.T(id, data)
}
