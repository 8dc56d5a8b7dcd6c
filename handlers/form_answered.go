package handlers

import (
	"net/http"

	"github.com/labstack/echo/v5"

	"canvass/links"
	"canvass/surveys"
)

// One response per resident and survey, on the web. After a submission
// the browser keeps a cookie, scoped to the survey's path, holding the
// submission's key. The form's URL then shows "your answers are in" with
// a button for someone else on this device; reloading or going Back never
// stores a second copy silently: a form posted again with the stored key
// lands on the thank-you page (it is the same response), one with another
// key is not stored and shows the same choice. A survey with allow_repeats
// (a kiosk, a canvasser's tablet) keeps no such cookie.
const answeredCookie = "canvass_answered"

// answeredKey is the key of this browser's stored response to sv, "" when
// it has none or the survey takes repeated answers.
func answeredKey(c *echo.Context, sv *surveys.Survey) string {
	if sv.AllowRepeats {
		return ""
	}
	ck, err := c.Cookie(answeredCookie)
	if err != nil || !validFormKey(ck.Value) {
		return ""
	}
	return ck.Value
}

// rememberAnswered sets the cookie after a stored submission.
func (s *Server) rememberAnswered(c *echo.Context, sv *surveys.Survey, key string) {
	if sv.AllowRepeats {
		return
	}
	c.SetCookie(&http.Cookie{
		Name: answeredCookie, Value: key, Path: links.Survey(sv.Slug), MaxAge: 180 * 24 * 3600,
		HttpOnly: true, Secure: s.secureCookies(), SameSite: http.SameSiteLaxMode,
	})
}

// answeredPage is the data of form/answered.
type answeredPage struct {
	thanksPage
	AnotherURL string
	CSRF       string
}

// renderAnswered shows "your answers are in" with the button for someone
// else on this device.
func (s *Server) renderAnswered(c *echo.Context, rec *surveys.Record, lang string, status int) error {
	sv := &rec.Survey
	loc := s.Catalog.Localizer(lang)
	heading := loc.T("form.answered_title", nil)
	page := answeredPage{
		thanksPage: thanksPage{
			Page:    s.formPage(c, sv, lang, heading+" · "+sv.Title.In(lang, sv.DefaultLanguage), func(l string) string { return links.Form(sv.Slug, l) }),
			Heading: heading,
			Message: sv.Thanks.In(lang, sv.DefaultLanguage),
		},
		AnotherURL: links.Another(sv.Slug, lang),
		CSRF:       csrfToken(c),
	}
	if sv.PublicResults {
		page.ResultsURL = links.Results(sv.Slug, lang)
	}
	c.Response().Header().Set("Cache-Control", "private, no-cache")
	return s.renderFormPage(c, status, "form/answered", page)
}

// anotherRespondent is the "someone else on this device" button: it forgets
// this browser's answered mark and opens a fresh form.
func (s *Server) anotherRespondent(d formDeps) echo.HandlerFunc {
	return func(c *echo.Context) error {
		rec, err := d.formSurvey(c)
		if err != nil {
			return err
		}
		lang := s.surveyLanguage(c, &rec.Survey)
		c.SetCookie(&http.Cookie{
			Name: answeredCookie, Value: "", Path: links.Survey(rec.Slug), MaxAge: -1,
			HttpOnly: true, Secure: s.secureCookies(), SameSite: http.SameSiteLaxMode,
		})
		return c.Redirect(http.StatusSeeOther, links.Form(rec.Slug, lang))
	}
}
