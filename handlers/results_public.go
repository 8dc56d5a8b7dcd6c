package handlers

import (
	"net/http"

	"github.com/labstack/echo/v5"

	"canvass/links"
	"canvass/results"
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
	res, err := s.Reports.Public(ctx, rec)
	if err != nil {
		return err
	}
	shown := results.PublicSurvey(&rec.Survey)
	lab := labeler{def: shown, lang: lang, loc: s.Catalog.Localizer(lang)}
	rtl := surveys.IsRTL(lang)
	title := lab.loc.T("results.public.title", map[string]any{"Survey": lab.text(rec.Title)})
	v := publicResultsView{
		Page: s.formPage(c, &rec.Survey, lang, title, func(l string) string {
			return links.Results(rec.Slug, l)
		}),
		resultsBody: s.resultsBody(lab, rec, res, rtl),
		Intro:       lab.loc.T("results.public.intro", map[string]any{"Total": res.Total, "MinN": res.MinN}),
	}
	if rec.Status == surveys.StatusOpen {
		v.FormURL = links.Form(rec.Slug, lang)
	}
	if m, ok := pickMeasure(measures(shown, s.seriesTargets(c, rec)), ""); ok {
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
