package handlers

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v5"

	"canvass/surveys"
	"canvass/web"
)

// publicResultsView is the data of results/public: what each neighborhood
// said, for residents, in their language.
type publicResultsView struct {
	web.Page
	resultsBody
	Intro   string
	FormURL string
}

// showPublicResults is GET /s/{slug}/results: the feedback loop back to
// residents, when the survey's public_results allows it. It shows the
// whole survey by neighborhood (no splits, no filters), suppressed exactly
// as every other view, without demographic or free-text questions.
func (s *Server) showPublicResults(c *echo.Context) error {
	ctx := c.Request().Context()
	rec, err := s.Results.Survey(ctx, c.Param("slug"))
	if err != nil {
		return err
	}
	if !rec.PublicResults || rec.Status == surveys.StatusDraft {
		return surveys.Errorf(surveys.ErrNotFound, "survey.not_found", map[string]any{"Slug": rec.Slug})
	}
	lang := s.surveyLanguage(c, &rec.Survey)
	req := &resultsRequest{rec: rec, view: surveys.View{MinN: rec.MinN}}
	res, err := s.compute(ctx, req)
	if err != nil {
		return err
	}
	// Residents see what they were asked about, not the demographic
	// breakdown questions or anyone's free text.
	shown := rec.Survey
	shown.Questions = nil
	for _, q := range rec.Questions {
		if !q.Demographic && q.Type != surveys.TypeText {
			shown.Questions = append(shown.Questions, q)
		}
	}
	lab := labeler{def: &shown, lang: lang, loc: s.Catalog.Localizer(lang)}
	rtl := surveys.IsRTL(lang)
	title := lab.loc.T("results.public.title", map[string]any{"Survey": lab.text(rec.Title)})
	v := publicResultsView{
		Page: s.formPage(c, &rec.Survey, lang, title, func(l string) string {
			return "/s/" + url.PathEscape(rec.Slug) + "/results?lang=" + url.QueryEscape(l)
		}),
		resultsBody: s.resultsBody(lab, rec, res, rtl),
		Intro:       lab.loc.T("results.public.intro", map[string]any{"Total": res.Total, "MinN": res.MinN}),
	}
	if rec.Status == surveys.StatusOpen {
		v.FormURL = formURL(rec.Slug, lang)
	}
	if m, ok := pickMeasure(measures(&shown, s.seriesTargets(c, rec)), ""); ok {
		v.Map, v.MapTitle = s.resultsMap(c, lab, rec, res, m, rtl)
	}
	// The same for everyone in one language: a minute of caching spares
	// the database when a link goes round a neighborhood.
	cache := "public, max-age=60"
	if c.QueryParam("lang") != "" {
		cache = "private, max-age=60" // it sets the language cookie
	}
	c.Response().Header().Set("Cache-Control", cache)
	return s.renderFormPage(c, http.StatusOK, "results/public", v)
}
