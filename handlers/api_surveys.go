package handlers

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/authoring"
	"canvass/conversation"
	"canvass/surveys"
)

// maxDefinitionBytes bounds a survey upload; the example survey, fully
// translated into six languages, is about a tenth of it.
const maxDefinitionBytes = 1 << 20

func (s *Server) registerSurveyAPIRoutes(g *echo.Group) {
	read, write := s.require(auth.SurveysRead), s.require(auth.SurveysWrite)
	g.GET("/surveys", s.listSurveys, read)
	g.POST("/surveys", s.createSurvey, write)
	g.GET("/surveys/:slug", s.getSurvey, read)
	g.PUT("/surveys/:slug", s.updateSurvey, write)
	g.POST("/surveys/:slug/open", s.openSurvey, write)
	g.POST("/surveys/:slug/close", s.closeSurvey, write)
	g.GET("/surveys/:slug/xlsform", s.getSurveyXLSForm, read)
	g.PUT("/surveys/:slug/texts", s.putSurveyTexts, write)
}

// surveySummary is one item of GET /api/v1/surveys.
type surveySummary struct {
	Slug       string         `json:"slug"`
	Title      surveys.Text   `json:"title"`
	Status     surveys.Status `json:"status"`
	Version    int            `json:"version"`
	Series     string         `json:"series,omitempty"`
	Round      string         `json:"round,omitempty"`
	Languages  []string       `json:"languages"`
	SMSKeyword string         `json:"sms_keyword,omitempty"`
	Responses  int64          `json:"responses"`
	CreatedAt  time.Time      `json:"created_at"`
	UpdatedAt  time.Time      `json:"updated_at"`
}

func (s *Server) listSurveys(c *echo.Context) error {
	recs, err := s.Surveys.Surveys(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]surveySummary, 0, len(recs))
	for _, r := range recs {
		item := surveySummary{Slug: r.Slug, Title: r.Title, Status: r.Status, Version: r.Version, Series: r.Series, Round: r.Round,
			Languages: r.Languages, Responses: r.Responses, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
		if r.SMS != nil {
			item.SMSKeyword = r.SMS.Keyword
		}
		out = append(out, item)
	}
	return c.JSON(http.StatusOK, out)
}

// surveyJSON is one survey as the API returns it: the definition's fields at
// the top level, its life (status, version, responses), and any warnings
// validation had.
type surveyJSON struct {
	*surveys.Record
	Warnings []problemJSON `json:"warnings,omitempty"`
	// SMSCost is what each SMS message costs, per language (sms_cost.go);
	// set when a definition is created or updated.
	SMSCost *conversation.CostReport `json:"sms_cost,omitempty"`
}

func (s *Server) getSurvey(c *echo.Context) error {
	rec, err := s.Surveys.Survey(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, surveyJSON{Record: rec})
}

func (s *Server) createSurvey(c *echo.Context) error {
	def, source, warnings, err := s.readDefinition(c)
	if err != nil {
		return err
	}
	rec, err := s.Authoring.Create(c.Request().Context(), def, source)
	if err != nil {
		return err
	}
	s.audit(c, auth.ActionSurveyCreate, rec.Slug, map[string]string{"version": strconv.Itoa(rec.Version)})
	c.Response().Header().Set("Location", "/api/v1/surveys/"+rec.Slug)
	return c.JSON(http.StatusCreated, surveyJSON{Record: rec, Warnings: s.problemsJSON(s.localizer(c), warnings), SMSCost: s.Authoring.Cost(def)})
}

func (s *Server) updateSurvey(c *echo.Context) error {
	def, source, warnings, err := s.readDefinition(c)
	if err != nil {
		return err
	}
	if def.Slug != c.Param("slug") {
		return surveys.Errorf(surveys.ErrInvalid, "survey.slug_mismatch", map[string]any{"Got": def.Slug, "Slug": c.Param("slug")})
	}
	rec, err := s.Authoring.Update(c.Request().Context(), def, source)
	if err != nil {
		return err
	}
	s.audit(c, auth.ActionSurveyUpdate, rec.Slug, map[string]string{"version": strconv.Itoa(rec.Version)})
	return c.JSON(http.StatusOK, surveyJSON{Record: rec, Warnings: s.problemsJSON(s.localizer(c), warnings), SMSCost: s.Authoring.Cost(def)})
}

// readDefinition reads a YAML, JSON or XLSForm survey from the body and
// validates it against the open surveys. All problems come back at once
// as Problems.
func (s *Server) readDefinition(c *echo.Context) (*surveys.Survey, string, surveys.Problems, error) {
	body, err := readUpload(c)
	if err != nil {
		return nil, "", nil, err
	}
	parse := s.Authoring.Parse
	if sentAsXLSForm(c) || authoring.IsWorkbook(body) {
		parse = s.Authoring.ParseXLSForm
	}
	def, problems, err := parse(c.Request().Context(), body)
	if err != nil {
		return nil, "", nil, err
	}
	if len(problems.Errors()) > 0 {
		return nil, "", nil, problems
	}
	source, err := authoring.StoredSource(body, def)
	return def, source, problems.Warnings(), err
}

func (s *Server) openSurvey(c *echo.Context) error {
	return s.setStatus(c, surveys.StatusOpen)
}

func (s *Server) closeSurvey(c *echo.Context) error {
	return s.setStatus(c, surveys.StatusClosed)
}

func (s *Server) setStatus(c *echo.Context, status surveys.Status) error {
	rec, err := s.Authoring.SetStatus(c.Request().Context(), c.Param("slug"), status)
	if err != nil {
		return err
	}
	s.auditStatus(c, rec)
	return c.JSON(http.StatusOK, surveyJSON{Record: rec})
}
