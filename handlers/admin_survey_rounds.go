package handlers

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v5"

	"canvass/authoring"
	"canvass/locales"
	"canvass/surveys"
)

// roundView is an open survey that holds this one's keywords, as the
// survey page explains it: residents who text the words reach it now.
type roundView struct {
	Slug, Title string
	// Words are the keywords and aliases both surveys hold.
	Words string
}

// roundViews names the rounds in the way in the reader's language.
func roundViews(loc *locales.Localizer, rounds []authoring.InTheWay) []roundView {
	out := make([]roundView, 0, len(rounds))
	for _, r := range rounds {
		out = append(out, roundView{Slug: r.Slug, Title: r.Title.In(loc.Lang(), r.DefaultLanguage), Words: strings.Join(r.Shared, ", ")})
	}
	return out
}

// postOpenSurvey opens a survey from its page. With close=<slug> fields
// (the button the page offers when open rounds hold its keywords), it
// closes those rounds and opens this one in their place.
func (s *Server) postOpenSurvey(c *echo.Context) error {
	form, err := c.FormValues()
	if err != nil {
		return surveys.Errorf(surveys.ErrInvalid, "error.bad_request", nil)
	}
	closing := form["close"]
	if len(closing) == 0 {
		return s.postSurveyStatus(surveys.StatusOpen)(c)
	}
	opened, closed, err := s.Authoring.OpenInstead(c.Request().Context(), c.Param("slug"), closing)
	for _, r := range closed {
		s.auditStatus(c, r)
	}
	if err != nil {
		var ps surveys.Problems
		if errors.As(err, &ps) {
			return s.renderSurvey(c, http.StatusUnprocessableEntity, ps)
		}
		return err
	}
	s.auditStatus(c, opened)
	return c.Redirect(http.StatusSeeOther, surveyAdminURL(opened.Slug)+"?done=replaced")
}
