package handlers

import (
	"net/http"

	"github.com/labstack/echo/v5"

	"canvass/authoring"
	"canvass/surveys"
)

// surveyChoice is a survey an organizer may start the next round of.
type surveyChoice struct{ Slug, Title string }

// newSurveyStarts is what the new-survey page offers to start from, and
// which start filled its definition.
type newSurveyStarts struct {
	// Started names the start applied ("example", "blank", "next").
	Started string
	// Rounds are the surveys whose next round may be started; From and
	// Round what the organizer chose, RoundError why it did not start.
	Rounds      []surveyChoice
	From, Round string
	RoundError  string
}

// showNewSurvey shows the new-survey page, its definition filled from the
// start asked for with ?start=: the example survey, a blank survey with
// the common questions, or the next round of a survey (?from=, ?round=).
func (s *Server) showNewSurvey(c *echo.Context) error {
	ctx := c.Request().Context()
	loc := s.localizer(c)
	v := surveyEditView{adminPage: s.newAdminPage(c, "surveys", "admin.survey_edit.new_title", nil)}
	v.From, v.Round = c.QueryParam("from"), c.QueryParam("round")
	recs, err := s.Surveys.Surveys(ctx)
	if err != nil {
		return err
	}
	for _, r := range recs {
		v.Rounds = append(v.Rounds, surveyChoice{Slug: r.Slug, Title: r.Title.In(loc.Lang(), r.DefaultLanguage)})
	}
	var st *authoring.Start
	switch c.QueryParam("start") {
	case "example":
		st, err = s.Authoring.StartFromExample(ctx)
	case "blank":
		st, err = s.Authoring.StartBlank(ctx, adminLanguage(c, s.Catalog))
	case "next":
		st, err = s.Authoring.StartNextRound(ctx, v.From, v.Round)
		if code := surveys.ErrorCode(err); code == surveys.ErrInvalid || code == surveys.ErrNotFound {
			de, _ := domainError(err)
			v.RoundError = loc.T(de.MessageID, de.Data)
			return s.renderAdmin(c, http.StatusUnprocessableEntity, "admin/survey_edit", v)
		}
	}
	if err != nil {
		return err
	}
	if st != nil {
		v.Started, v.Source = c.QueryParam("start"), string(st.Source)
	}
	return s.renderAdmin(c, http.StatusOK, "admin/survey_edit", v)
}

// showExampleSource shows the example survey's YAML, comments and all,
// beside the text box where organizers write their own.
func (s *Server) showExampleSource(c *echo.Context) error {
	src, err := authoring.ExampleSource()
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "text/plain; charset=utf-8", src)
}
