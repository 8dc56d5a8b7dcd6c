package handlers

import (
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v5"
	"golang.org/x/text/language"

	"canvass/locales"
	"canvass/surveys"
	"canvass/web"
)

// langCookie remembers a language a resident chose in the switcher, for
// every survey that offers it.
const langCookie = "canvass_lang"

// formLangKey holds the language of the request's resident page.
const formLangKey = "canvass.formLang"

// pickPageLanguage chooses among offered: ?lang=, then the cookie, then
// Accept-Language matched against offered, then fallback. fromQuery says the
// choice came from ?lang= (and should be remembered).
func pickPageLanguage(c *echo.Context, offered []string, fallback string) (lang string, fromQuery bool) {
	if q := strings.ToLower(strings.TrimSpace(c.QueryParam("lang"))); q != "" && slices.Contains(offered, q) {
		return q, true
	}
	if ck, err := c.Cookie(langCookie); err == nil && slices.Contains(offered, ck.Value) {
		return ck.Value, false
	}
	if l := matchAcceptLanguage(c.Request().Header.Get("Accept-Language"), offered); l != "" {
		return l, false
	}
	return fallback, false
}

// matchAcceptLanguage returns the offered language that best matches the
// header, or "" when none matches at all (then the survey's default wins,
// not whichever language the matcher would fall back to).
func matchAcceptLanguage(header string, offered []string) string {
	if header == "" || len(offered) == 0 {
		return ""
	}
	prefs, _, err := language.ParseAcceptLanguage(header)
	if err != nil || len(prefs) == 0 {
		return ""
	}
	tags := make([]language.Tag, len(offered))
	for i, l := range offered {
		tags[i] = language.Make(l)
	}
	_, i, conf := language.NewMatcher(tags).Match(prefs...)
	if conf == language.No {
		return ""
	}
	return offered[i]
}

// surveyLanguage picks the page language among the survey's languages,
// remembers a ?lang= choice in a cookie, and makes the request's localizer
// speak it, so errors rendered later are in the same language.
func (s *Server) surveyLanguage(c *echo.Context, sv *surveys.Survey) string {
	def := sv.DefaultLanguage
	if def == "" && len(sv.Languages) > 0 {
		def = sv.Languages[0]
	}
	lang, fromQuery := pickPageLanguage(c, sv.Languages, def)
	if fromQuery {
		c.SetCookie(&http.Cookie{
			Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, Secure: s.secureCookies(), SameSite: http.SameSiteLaxMode,
		})
	}
	c.Set(formLangKey, lang)
	c.Set(localizerKey, s.Catalog.Localizer(lang))
	return lang
}

// formContext runs first on every resident page: it picks a language from
// the UI catalog (the survey is not known yet: an unknown survey's 404 is
// still in the resident's language) and has errors rendered as pages.
func (s *Server) formContext(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		lang, _ := pickPageLanguage(c, s.Catalog.Languages(), locales.Default)
		c.Set(formLangKey, lang)
		c.Set(localizerKey, s.Catalog.Localizer(lang))
		c.Set(errorRendererKey, ErrorRenderer(s.renderFormError))
		c.Response().Header().Add("Vary", "Accept-Language, Cookie")
		return next(c)
	}
}

// formPage is the layout data of a resident page in lang, with a language
// switcher over the survey's languages (or, without a survey, the UI's).
func (s *Server) formPage(c *echo.Context, sv *surveys.Survey, lang, title string, link func(lang string) string) web.Page {
	loc := s.Catalog.Localizer(lang)
	p := web.NewPage(lang, loc, title)
	langs := s.Catalog.Languages()
	if sv != nil {
		langs = sv.Languages
	}
	p.Languages = web.Switcher(langs, lang, link)
	return p
}

func (s *Server) secureCookies() bool {
	return strings.HasPrefix(s.Options.PublicURL, "https://")
}
