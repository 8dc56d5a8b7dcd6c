package handlers

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/reports"
	"canvass/results"
	"canvass/surveys"
)

// registerResultsPages adds the staff results pages (under /admin, signed
// in, auth.ResultsRead) and the public results page of surveys that allow
// it (/s/{slug}/results, in the resident's language).
func (s *Server) registerResultsPages(e *echo.Echo) {
	if s.Web == nil {
		return
	}
	gzip := compressPages()
	g := e.Group("/admin/results", s.adminContext, gzip)
	read := s.require(auth.ResultsRead)
	g.GET("", s.showResultsIndex, read)
	g.GET("/:slug", s.showResultsPage, read)
	e.GET("/s/:slug/results", s.showPublicResults, s.formContext, formHeaders, gzip)
}

// staffResultsView is the data of results/staff.
type staffResultsView struct {
	adminPage
	resultsBody
	Slug      string
	Status    surveys.Status
	Problems  []problemJSON
	Form      resultsForm
	Downloads []downloadLink
	Compare   *compareSection
	Filtered  string
	// Live: the viewer sees live numbers, and may filter by dates.
	Live bool
}

// resultsForm is the page's GET form: the view and the measure shown.
type resultsForm struct {
	Split, Channel, Language, From, To, MinN, Measure string
	Splits, Channels, Languages, Measures             []selectOption
}

type selectOption struct {
	Value, Label string
	Selected     bool
}

type downloadLink struct {
	Label, URL string
}

// showResultsPage renders a survey's results for staff and partners: the
// view in the query (as the JSON API reads it), charts, map, the round
// comparison and downloads. An invalid parameter is shown on the page and
// the view falls back to the whole survey.
func (s *Server) showResultsPage(c *echo.Context) error {
	ctx := c.Request().Context()
	req, err := s.readResultsRequest(c)
	var problems surveys.Problems
	if errors.As(err, &problems) {
		rec, rerr := s.Results.Survey(ctx, c.Param("slug"))
		if rerr != nil {
			return rerr
		}
		req, err = &resultsRequest{rec: rec, view: results.View{MinN: rec.MinN}, live: reports.Live(currentPrincipal(c))}, nil
	}
	if err != nil {
		return err
	}
	res, err := s.compute(c, req)
	if err != nil {
		return err
	}
	// The page speaks the staff member's language; survey texts are in the
	// survey's language closest to it (or ?lang=).
	lab := s.labelerFor(c, &req.rec.Survey)
	lab.loc = s.localizer(c)
	rtl := surveys.IsRTL(adminLanguage(c, s.Catalog))
	v := staffResultsView{
		adminPage: s.newAdminPage(c, "results", "results.page.title", map[string]any{"Survey": lab.text(req.rec.Title)}),
		Slug:      req.rec.Slug, Status: req.rec.Status, Problems: s.problemsJSON(lab.loc, problems), Live: req.live,
	}
	v.resultsBody = s.resultsBody(lab, req.rec, res, rtl)
	v.Neighborhoods = neighborhoodTables(lab, res)
	ms := measures(&req.rec.Survey, s.seriesTargets(c, req.rec))
	m, hasMeasure := pickMeasure(ms, c.QueryParam("measure"))
	v.Form = s.resultsForm(c, lab, req, ms, m)
	v.Filtered = describeView(lab, req.view)
	v.Downloads = s.downloads(c, req, len(problems) == 0)
	if hasMeasure {
		v.Map, v.MapTitle = s.resultsMap(c, lab, req.rec, res, m, rtl)
		v.Compare = s.compareSection(c, lab, req.rec, m, rtl)
	}
	return s.renderAdmin(c, http.StatusOK, "results/staff", v)
}

// resultsBody builds what both pages show.
func (s *Server) resultsBody(lab labeler, rec *surveys.Record, res *results.Results, rtl bool) resultsBody {
	return resultsBody{
		Heading:   lab.text(rec.Title),
		Round:     rec.RoundIn(lab.lang),
		Total:     res.Total,
		MinN:      res.MinN,
		Note:      lab.loc.T("export.about_suppression", map[string]any{"MinN": res.MinN}),
		Updated:   updatedNote(lab.loc, rec, res),
		Questions: questionSections(lab, res, rtl),
	}
}

// resultsForm fills the page's form from the request.
func (s *Server) resultsForm(c *echo.Context, lab labeler, req *resultsRequest, ms []measure, m measure) resultsForm {
	q := c.QueryParam
	f := resultsForm{Split: req.view.Split, Channel: req.view.Channel, Language: req.view.Language, From: q("from"), To: q("to"), MinN: q("min_n"), Measure: m.Key()}
	opt := func(value, label, current string) selectOption {
		return selectOption{Value: value, Label: label, Selected: value == current}
	}
	f.Splits = []selectOption{opt("", lab.loc.T("results.page.no_split", nil), f.Split)}
	for _, sq := range req.rec.SplitQuestions() {
		f.Splits = append(f.Splits, opt(sq.ID, lab.question(sq), f.Split))
	}
	f.Channels = []selectOption{opt("", lab.loc.T("results.page.all_channels", nil), f.Channel),
		opt(surveys.ChannelWeb, lab.loc.T("results.channel_web", nil), f.Channel), opt(surveys.ChannelSMS, lab.loc.T("results.channel_sms", nil), f.Channel)}
	f.Languages = []selectOption{opt("", lab.loc.T("results.page.all_languages", nil), f.Language)}
	for _, l := range req.rec.Languages {
		f.Languages = append(f.Languages, opt(l, surveys.LanguageName(l), f.Language))
	}
	for _, x := range ms {
		f.Measures = append(f.Measures, opt(x.Key(), x.label(lab), f.Measure))
	}
	return f
}

// downloads links every export of the current view the viewer may have.
// After an invalid parameter they download the whole survey, as shown.
func (s *Server) downloads(c *echo.Context, req *resultsRequest, valid bool) []downloadLink {
	keep := url.Values{}
	for _, k := range []string{"split", "channel", "language", "from", "to", "min_n", "lang"} {
		if v := c.QueryParam(k); v != "" && (valid || k == "lang") {
			keep.Set(k, v)
		}
	}
	base := "/api/v1/surveys/" + url.PathEscape(req.rec.Slug) + "/"
	link := func(file string, drop ...string) downloadLink {
		q := url.Values{}
		for k, v := range keep {
			q[k] = v
		}
		for _, k := range drop {
			q.Del(k)
		}
		u := base + file
		if len(q) > 0 {
			u += "?" + q.Encode()
		}
		return downloadLink{Label: file, URL: u}
	}
	out := []downloadLink{link("results.csv"), link("results.xlsx")}
	if _, err := s.Results.Boundaries(c.Request().Context(), req.rec.Slug); err == nil {
		out = append(out, link("results.geojson", "split"), link("results.gpkg", "split"))
	}
	if currentPrincipal(c).Can(auth.ResponsesRead) {
		out = append(out, link("responses.csv", "split", "min_n"), link("responses.xlsx", "split", "min_n"), link("responses.ndjson", "split", "min_n"))
	}
	return out
}

// seriesTargets are the targets of the survey's series, if it has any.
func (s *Server) seriesTargets(c *echo.Context, rec *surveys.Record) []results.Target {
	if rec.Series == "" {
		return nil
	}
	set, err := s.Results.Series(c.Request().Context(), rec.Series)
	if err != nil {
		s.Logger.Warn("series targets not read", "series", rec.Series, "err", err)
		return nil
	}
	return set.Targets
}

// resultsMap draws the map of the measure when the survey has boundaries.
func (s *Server) resultsMap(c *echo.Context, lab labeler, rec *surveys.Record, res *results.Results, m measure, rtl bool) (template.HTML, string) {
	raw, err := s.Results.Boundaries(c.Request().Context(), rec.Slug)
	if err != nil {
		return "", ""
	}
	b, problems := surveys.ParseBoundaries(&rec.Survey, raw)
	if len(problems.Errors()) > 0 {
		return "", ""
	}
	areas := map[string]mapArea{}
	for i := range res.Groups {
		g := &res.Groups[i]
		if g.Split != nil {
			continue
		}
		a := mapArea{Name: lab.neighborhood(g.Neighborhood), Hidden: g.Suppressed, Label: lab.loc.T("results.hidden_short", nil)}
		if v, ok := m.share(g); ok {
			a.Value, a.Label = &v, formatShare(v)
		} else if !g.Suppressed {
			a.Label = "–"
		}
		areas[g.Neighborhood] = a
	}
	title := lab.loc.T("results.page.map_title", map[string]any{"Measure": m.label(lab)})
	return neighborhoodMap("map", title, b, areas, lab.loc.T("results.hidden_short", nil), lab.loc.T("results.page.no_data", nil), rtl), title
}
