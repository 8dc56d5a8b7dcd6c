package handlers

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/locales"
	"canvass/surveys"
)

func (s *Server) registerAdminSurveyRoutes(g *echo.Group) {
	read, write := s.require(auth.SurveysRead), s.require(auth.SurveysWrite)
	g.GET("/surveys", s.showSurveys, read)
	g.GET("/surveys/new", s.showNewSurvey, write)
	g.GET("/surveys/new/example.yaml", s.showExampleSource, write)
	g.POST("/surveys", s.postNewSurvey, write)
	g.GET("/surveys/:slug", s.showSurvey, read)
	g.GET("/surveys/:slug/edit", s.showEditSurvey, write)
	g.POST("/surveys/:slug", s.postEditSurvey, write)
	g.GET("/surveys/:slug/editor", s.showSurveyEditor, write)
	g.POST("/surveys/:slug/editor", s.postSurveyEditor, write)
	g.GET("/surveys/:slug/definition.yaml", s.showDefinitionFile, read)
	g.GET("/surveys/:slug/translations", s.showSurveyGrid, write)
	g.POST("/surveys/:slug/translations", s.postSurveyGrid, write)
	g.POST("/surveys/:slug/open", s.postOpenSurvey, write)
	g.POST("/surveys/:slug/close", s.postSurveyStatus(surveys.StatusClosed), write)
	g.GET("/surveys/:slug/preview", s.showFormPreview, read)
	g.POST("/surveys/:slug/preview", s.postFormPreview, read)
	g.GET("/surveys/:slug/sms", s.showSMSPreview, read)
}

// surveysView is the data of admin/surveys.
type surveysView struct {
	adminPage
	Today   string
	Surveys []surveyRow
}

// surveyRow is one survey in the list, with today's counts.
type surveyRow struct {
	Slug, Title, Keyword string
	Status               surveys.Status
	Version              int
	Languages            []string
	Responses            int64
	Today                todayCounts
}

// todayCounts are a survey's responses today, each breakdown largest
// first and named for people (languages by autonym, neighborhoods by name).
type todayCounts struct {
	Total         int64
	Channels      []countItem
	Languages     []countItem
	Neighborhoods []countItem
}

type countItem struct {
	Name  string
	Count int64
}

func (s *Server) showSurveys(c *echo.Context) error {
	ctx := c.Request().Context()
	recs, err := s.Surveys.Surveys(ctx)
	if err != nil {
		return err
	}
	loc := s.localizer(c)
	v := surveysView{adminPage: s.newAdminPage(c, "surveys", "admin.surveys.title", nil)}
	for _, r := range recs {
		row := surveyRow{Slug: r.Slug, Title: r.Title.In(loc.Lang(), r.DefaultLanguage), Status: r.Status, Version: r.Version, Languages: r.Languages, Responses: r.Responses}
		if r.SMS != nil {
			row.Keyword = r.SMS.Keyword
		}
		if row.Today, err = s.todayCounts(c, r, loc); err != nil {
			return err
		}
		v.Surveys = append(v.Surveys, row)
	}
	if s.Daily != nil {
		v.Today = s.Daily.Today()
	}
	return s.renderAdmin(c, http.StatusOK, "admin/surveys", v)
}

// todayCounts reads a survey's counts of today: one lookup by _id.
func (s *Server) todayCounts(c *echo.Context, r *surveys.Record, loc *locales.Localizer) (todayCounts, error) {
	var out todayCounts
	if s.Daily == nil {
		return out, nil
	}
	d, err := s.Daily.TodayCounts(c.Request().Context(), r.Slug)
	if err != nil {
		return out, err
	}
	out.Total = d.Total
	out.Channels = countItems(d.Channel, func(k string) string { return loc.T("admin.surveys.channel."+k, nil) })
	out.Languages = countItems(d.Language, surveys.LanguageName)
	out.Neighborhoods = countItems(d.Neighborhood, func(k string) string {
		if name, ok := r.NeighborhoodName(k, loc.Lang()); ok {
			return name
		}
		return loc.T("admin.surveys.no_neighborhood", nil)
	})
	return out, nil
}

// surveyEditView is the data of admin/survey_edit: the upload form, with
// every problem of the last attempt.
type surveyEditView struct {
	adminPage
	Slug     string // "" for a new survey
	Source   string
	Problems []problemView
	Checked  bool // "check only" found no errors
	newSurveyStarts
}

// problemView is one validation problem, translated. Where names its
// place as a person counts ("question 5 (needs) › option 2"); Path is the
// API's, for the editor to put the problem beside its field.
type problemView struct {
	Path    string
	Where   string
	Message string
	Warning bool
}

// problemViews translates problems, errors first; def (nil when the
// definition did not decode) names the questions and options they are in.
func (s *Server) problemViews(loc *locales.Localizer, def *surveys.Survey, ps surveys.Problems) []problemView {
	out := make([]problemView, 0, len(ps))
	for _, p := range append(ps.Errors(), ps.Warnings()...) {
		out = append(out, problemView{Path: p.Path, Where: surveys.HumanPath(p.Path, def, loc.T), Message: loc.T(p.MessageID, p.Data), Warning: p.Warning})
	}
	return out
}

func (s *Server) showEditSurvey(c *echo.Context) error {
	rec, err := s.Surveys.Survey(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	v := surveyEditView{adminPage: s.newAdminPage(c, "surveys", "admin.survey_edit.edit_title", map[string]any{"Slug": rec.Slug}), Slug: rec.Slug, Source: rec.Source}
	return s.renderAdmin(c, http.StatusOK, "admin/survey_edit", v)
}

func (s *Server) postNewSurvey(c *echo.Context) error {
	return s.saveSurvey(c, "")
}

func (s *Server) postEditSurvey(c *echo.Context) error {
	return s.saveSurvey(c, c.Param("slug"))
}

// saveSurvey validates an uploaded or pasted definition through the same
// path as the API and saves it, or shows the form again with every problem.
// "Check" validates without saving.
func (s *Server) saveSurvey(c *echo.Context, slug string) error {
	ctx := c.Request().Context()
	loc := s.localizer(c)
	source, err := readSurveyUpload(c)
	if err != nil {
		return err
	}
	titleID, titleData := "admin.survey_edit.new_title", map[string]any(nil)
	if slug != "" {
		titleID, titleData = "admin.survey_edit.edit_title", map[string]any{"Slug": slug}
	}
	v := surveyEditView{adminPage: s.newAdminPage(c, "surveys", titleID, titleData), Slug: slug, Source: source}
	def, problems, err := s.Authoring.Parse(ctx, []byte(source))
	if err != nil {
		return err
	}
	if def != nil && slug != "" && def.Slug != slug {
		problems = append(problems, surveys.Problem{Path: "slug", MessageID: "survey.slug_mismatch", Data: map[string]any{"Got": def.Slug, "Slug": slug}})
	}
	if source == "" {
		problems = append(problems, surveys.Problem{Path: "", MessageID: "admin.survey_edit.empty"})
	}
	v.Problems = s.problemViews(loc, def, problems)
	if len(problems.Errors()) > 0 {
		return s.renderAdmin(c, http.StatusUnprocessableEntity, "admin/survey_edit", v)
	}
	if c.FormValue("action") == "check" {
		v.Checked = true
		return s.renderAdmin(c, http.StatusOK, "admin/survey_edit", v)
	}
	var rec *surveys.Record
	action := auth.ActionSurveyCreate
	if slug == "" {
		rec, err = s.Authoring.Create(ctx, def, source)
	} else {
		action = auth.ActionSurveyUpdate
		rec, err = s.Authoring.Update(ctx, def, source)
	}
	if code := surveys.ErrorCode(err); code == surveys.ErrConflict {
		de, _ := domainError(err)
		v.Problems = append(v.Problems, problemView{Path: "slug", Where: "slug", Message: loc.T(de.MessageID, de.Data)})
		return s.renderAdmin(c, http.StatusConflict, "admin/survey_edit", v)
	}
	if err != nil {
		return err
	}
	s.audit(c, action, rec.Slug, map[string]string{"version": strconv.Itoa(rec.Version)})
	done := "saved"
	if slug == "" {
		done = "created"
	}
	return c.Redirect(http.StatusSeeOther, surveyAdminURL(rec.Slug)+"?done="+done)
}

// readSurveyUpload returns the definition from the uploaded file, or from
// the text box when no file was chosen.
func readSurveyUpload(c *echo.Context) (string, error) {
	if fh, err := c.FormFile("file"); err == nil && fh.Size > 0 {
		if fh.Size > maxDefinitionBytes {
			return "", echo.ErrStatusRequestEntityTooLarge
		}
		f, err := fh.Open()
		if err != nil {
			return "", surveys.Errorf(surveys.ErrInvalid, "error.bad_request", nil)
		}
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, maxDefinitionBytes+1))
		if err != nil {
			return "", surveys.Errorf(surveys.ErrInvalid, "error.bad_request", nil)
		}
		return string(b), nil
	}
	text := c.FormValue("definition")
	if len(text) > maxDefinitionBytes {
		return "", echo.ErrStatusRequestEntityTooLarge
	}
	return text, nil
}

// postSurveyStatus opens or closes a survey from its page.
func (s *Server) postSurveyStatus(status surveys.Status) echo.HandlerFunc {
	return func(c *echo.Context) error {
		rec, err := s.Authoring.SetStatus(c.Request().Context(), c.Param("slug"), status)
		if err != nil {
			var ps surveys.Problems
			if errors.As(err, &ps) {
				return s.renderSurvey(c, http.StatusUnprocessableEntity, ps)
			}
			return err
		}
		s.auditStatus(c, rec)
		done := "closed"
		if status == surveys.StatusOpen {
			done = "opened"
		}
		return c.Redirect(http.StatusSeeOther, surveyAdminURL(rec.Slug)+"?done="+done)
	}
}

func surveyAdminURL(slug string) string { return "/admin/surveys/" + url.PathEscape(slug) }
