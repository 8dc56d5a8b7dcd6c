package handlers

import (
	"net/http"
	"strings"
	"sync"

	"github.com/labstack/echo/v5"

	"canvass/locales"
	"canvass/surveys"
	"canvass/web"
)

// langCookie remembers a language a resident chose in the switcher, for
// every survey that offers it.
const langCookie = "canvass_lang"

// formLangKey holds the language of the request's resident page.
const formLangKey = "canvass.formLang"

// surveyLanguage picks the page language among the survey's languages,
// remembers a ?lang= choice in a cookie, and makes the request's localizer
// speak it, so errors rendered later are in the same language.
func (s *Server) surveyLanguage(c *echo.Context, sv *surveys.Survey) string {
	def := sv.DefaultLanguage
	if def == "" && len(sv.Languages) > 0 {
		def = sv.Languages[0]
	}
	lang, fromQuery := pickLanguage(c, sv.Languages, def)
	if fromQuery {
		s.rememberLanguage(c, lang)
	}
	s.setFormLanguage(c, lang)
	return lang
}

// formContext runs first on every resident page: it picks a language from
// the UI catalog (the survey is not known yet: an unknown survey's 404 is
// still in the resident's language) and has errors rendered as pages.
func (s *Server) formContext(next echo.HandlerFunc) echo.HandlerFunc {
	renderError := ErrorRenderer(s.renderFormError) // once per route, not per request
	return func(c *echo.Context) error {
		lang, _ := pickLanguage(c, s.Catalog.Languages(), locales.Default)
		s.setFormLanguage(c, lang)
		c.Set(errorRendererKey, renderError)
		if h := c.Response().Header(); h["Vary"] == nil {
			// With room for the two the form page adds after it
			// (Accept-Encoding, Cookie): one slice made, not three.
			h["Vary"] = append(make([]string, 0, 3), "Accept-Language, Cookie")
		} else {
			h.Add("Vary", "Accept-Language, Cookie")
		}
		return next(c)
	}
}

// localizerMemo keeps one localizer per language. Making one parses its
// language tags, which cost a third of the server's time for a form page
// served from the page cache (twice per request: the interface's language,
// then the survey's); a localizer never changes, so one per language does.
// Its languages are those pickLanguage returns: the catalog's and the
// surveys' own.
type localizerMemo struct {
	catalog *locales.Catalog
	byLang  sync.Map // language → *formLocale
}

// formLocale is a language's localizer, and the language as the value the
// request's context keeps (formLangKey), put in an interface once: c.Set
// of a string does that with an allocation, twice per resident page.
type formLocale struct {
	loc  *locales.Localizer
	lang any // string
}

func (m *localizerMemo) get(lang string) *formLocale {
	if l, ok := m.byLang.Load(lang); ok {
		return l.(*formLocale)
	}
	l, _ := m.byLang.LoadOrStore(lang, &formLocale{loc: m.catalog.Localizer(lang), lang: lang})
	return l.(*formLocale)
}

// formLocalizer is the localizer of a resident page in lang.
func (s *Server) formLocalizer(lang string) *locales.Localizer {
	if s.formLocalizers == nil { // routes registered without registerFormRoutes
		return s.Catalog.Localizer(lang)
	}
	return s.formLocalizers.get(lang).loc
}

// setFormLanguage makes lang the language of the request's resident page
// and of the errors rendered later.
func (s *Server) setFormLanguage(c *echo.Context, lang string) {
	if s.formLocalizers == nil {
		c.Set(formLangKey, lang)
		c.Set(localizerKey, s.Catalog.Localizer(lang))
		return
	}
	l := s.formLocalizers.get(lang)
	c.Set(formLangKey, l.lang)
	c.Set(localizerKey, l.loc)
}

// formPage is the layout data of a resident page in lang, with a language
// switcher over the survey's languages (or, without a survey, the UI's).
func (s *Server) formPage(c *echo.Context, sv *surveys.Survey, lang, title string, link func(lang string) string) web.Page {
	loc := s.Catalog.Localizer(lang)
	p := web.NewPage(lang, loc, title)
	langs := s.Catalog.Languages()
	if sv != nil {
		langs = s.Catalog.InOrder(sv.Languages)
	}
	p.Languages = web.Switcher(langs, lang, link)
	return p
}

func (s *Server) secureCookies() bool {
	return strings.HasPrefix(s.Options.PublicURL, "https://")
}

// rememberLanguage keeps a language chosen with ?lang= for every page
// that offers it (pickLanguage reads the cookie).
func (s *Server) rememberLanguage(c *echo.Context, lang string) {
	c.SetCookie(&http.Cookie{
		Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: s.secureCookies(), SameSite: http.SameSiteLaxMode,
	})
}
