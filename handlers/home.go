package handlers

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v5"

	"canvass/links"
	"canvass/locales"
	"canvass/web"
)

// homeView is the data of form/home: the program, its contact, how answers
// are kept, and the surveys open now.
type homeView struct {
	web.Page
	Heading string
	Contact string
	Surveys []homeSurvey
}

type homeSurvey struct {
	Title, URL, Lang, Contact string
}

// showHome is GET /: where a resident lands from a HELP reply, a poster
// without a QR code or a search, in their language. The open surveys come
// from memory (formDeps.open), not a read of every survey per visit.
func (s *Server) showHome(d formDeps) echo.HandlerFunc {
	return func(c *echo.Context) error { return s.renderHome(c, d) }
}

func (s *Server) renderHome(c *echo.Context, d formDeps) error {
	recs, err := d.open.Surveys(c.Request().Context())
	if err != nil {
		return err
	}
	lang, fromQuery := pickLanguage(c, s.Catalog.Languages(), locales.Default)
	if fromQuery {
		s.rememberLanguage(c, lang)
	}
	loc := s.Catalog.Localizer(lang)
	heading := loc.T("form.home.title", nil)
	v := homeView{
		Page:    s.formPage(c, nil, lang, heading, func(l string) string { return "/?lang=" + url.QueryEscape(l) }),
		Heading: heading, Contact: s.Options.Contact,
	}
	for _, r := range recs {
		in := r.DefaultLanguage
		if r.HasLanguage(lang) {
			in = lang
		}
		v.Surveys = append(v.Surveys, homeSurvey{Title: r.Title.In(in, r.DefaultLanguage), URL: links.Form(r.Slug, in), Lang: in, Contact: r.Contact})
	}
	c.Response().Header().Set("Cache-Control", "private, max-age=60")
	return s.renderFormPage(c, http.StatusOK, "form/home", v)
}
