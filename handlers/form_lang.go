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
	c.Set(formLangKey, lang)
	c.Set(localizerKey, s.formLocalizer(lang))
	return lang
}

// formContext runs first on every resident page: it picks a language from
// the UI catalog (the survey is not known yet: an unknown survey's 404 is
// still in the resident's language) and has errors rendered as pages.
func (s *Server) formContext(next echo.HandlerFunc) echo.HandlerFunc {
	renderError := ErrorRenderer(s.renderFormError) // once per route, not per request
	return func(c *echo.Context) error {
		lang, _ := pickLanguage(c, s.Catalog.Languages(), locales.Default)
		c.Set(formLangKey, lang)
		c.Set(localizerKey, s.formLocalizer(lang))
		c.Set(errorRendererKey, renderError)
		c.Response().Header().Add("Vary", "Accept-Language, Cookie")
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
	byLang  sync.Map // language → *locales.Localizer
}

func (m *localizerMemo) get(lang string) *locales.Localizer {
	if l, ok := m.byLang.Load(lang); ok {
		return l.(*locales.Localizer)
	}
	l, _ := m.byLang.LoadOrStore(lang, m.catalog.Localizer(lang))
	return l.(*locales.Localizer)
}

// formLocalizer is the localizer of a resident page in lang.
func (s *Server) formLocalizer(lang string) *locales.Localizer {
	if s.formLocalizers == nil { // routes registered without registerFormRoutes
		return s.Catalog.Localizer(lang)
	}
	return s.formLocalizers.get(lang)
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
