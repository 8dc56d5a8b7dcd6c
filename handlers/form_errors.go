package handlers

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v5"

	"canvass/links"
	"canvass/locales"
	"canvass/surveys"
)

// formErrorTexts gives each status of a resident page its heading and
// message IDs, in words a resident can act on.
var formErrorTexts = map[int][2]string{
	http.StatusNotFound:              {"form.not_found_title", "form.not_found"},
	http.StatusMethodNotAllowed:      {"form.not_found_title", "form.not_found"},
	http.StatusForbidden:             {"form.csrf_title", "form.csrf"},
	http.StatusRequestEntityTooLarge: {"form.too_large_title", "form.too_large"},
	http.StatusTooManyRequests:       {"form.too_many_title", "form.too_many_pages"},
	http.StatusServiceUnavailable:    {"form.unavailable_title", "form.unavailable"},
	http.StatusInternalServerError:   {"form.unavailable_title", "form.unavailable"},
}

// renderFormError is the ErrorRenderer of resident pages: a short page in
// the resident's language, with a language switcher and a way back.
func (s *Server) renderFormError(c *echo.Context, de *surveys.Error, status int) error {
	texts, ok := formErrorTexts[status]
	if !ok {
		texts = [2]string{"form.error_title", "form.bad_request"}
	}
	lang, _ := c.Get(formLangKey).(string)
	if lang == "" {
		lang = locales.Default
	}
	loc := s.Catalog.Localizer(lang)
	heading := loc.T(texts[0], nil)
	path := c.Request().URL.Path
	p := errorView{
		Page:    s.formPage(c, nil, lang, heading, func(l string) string { return path + "?lang=" + url.QueryEscape(l) }),
		Heading: heading,
		Message: loc.T(texts[1], nil),
	}
	if slug := c.Param("slug"); slug != "" && status != http.StatusNotFound {
		p.BackURL = links.Form(slug, lang)
	}
	if status == http.StatusTooManyRequests && c.Response().Header().Get("Retry-After") == "" {
		c.Response().Header().Set("Retry-After", "60")
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	if c.Request().Method == http.MethodHead {
		return c.NoContent(status)
	}
	return s.renderFormPage(c, status, "form/error", p)
}
