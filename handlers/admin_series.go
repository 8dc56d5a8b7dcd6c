package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/results"
	"canvass/surveys"
	"canvass/web"
)

// seriesView is the data of admin/series: a series' rounds and the
// targets the partnership set for it, as a form.
type seriesView struct {
	adminPage
	Series    string
	Rounds    []seriesRound
	Targets   []targetView
	Questions []surveyChoice // questions a target may be about
	Langs     []languageChoice
	Problems  []problemView // of no target
	Errors    int
}

// targetView is one target as form fields; Answers and Neighborhoods
// are checkboxes, each marked when chosen.
type targetView struct {
	I, N          int
	Question      field
	Answers       []answerChoice
	Change, By    field
	Due           field
	Unit          string
	Baseline      string
	Neighborhoods []answerChoice
	Labels        []targetLabel
	Problems      []problemView
}

type targetLabel struct {
	Code, Name, Dir string
	Field           field
}

func (s *Server) registerAdminSeriesRoutes(g *echo.Group) {
	if s.Results == nil {
		return
	}
	write := s.require(auth.SurveysWrite)
	g.GET("/series/:series", s.showSeries, write)
	g.POST("/series/:series", s.postSeries, write)
	g.GET("/surveys/:slug/boundaries", s.showBoundaries, write)
	g.POST("/surveys/:slug/boundaries", s.postBoundaries, write)
}

func (s *Server) showSeries(c *echo.Context) error {
	set, err := s.Results.Series(c.Request().Context(), c.Param("series"))
	if err != nil {
		return err
	}
	return s.renderSeries(c, http.StatusOK, set.Targets, nil)
}

// postSeries reads the targets form; "add" and "remove:<i>" change the
// list shown, "save" checks the targets as the API does (PUT
// /api/v1/series/{series}) and stores them, or shows every problem
// beside its target with nothing stored.
func (s *Server) postSeries(c *echo.Context) error {
	form, err := c.FormValues()
	if err != nil {
		return surveys.Errorf(surveys.ErrInvalid, "error.bad_request", nil)
	}
	targets := targetsFromForm(form)
	op := form.Get("op")
	switch {
	case op == "add":
		targets = append(targets, results.Target{Unit: results.UnitPercent})
	case strings.HasPrefix(op, "remove:"):
		if i, err := strconv.Atoi(strings.TrimPrefix(op, "remove:")); err == nil && i >= 0 && i < len(targets) {
			targets = slices.Delete(targets, i, i+1)
		}
	case op == "save":
		return s.saveSeriesPage(c, targets)
	}
	return s.renderSeries(c, http.StatusOK, targets, nil)
}

// saveSeriesPage saves the page's targets, keeping the series' title, and
// shows the page again with the problems when there are any.
func (s *Server) saveSeriesPage(c *echo.Context, targets []results.Target) error {
	rounds, err := s.seriesRounds(c)
	if err != nil {
		return err
	}
	set := &results.Series{Series: c.Param("series"), Targets: targets}
	if old, err := s.Results.Series(c.Request().Context(), set.Series); err == nil {
		set.Title = old.Title
	}
	var problems surveys.Problems
	if _, err := s.saveSeries(c, rounds, set); errors.As(err, &problems) {
		return s.renderSeries(c, http.StatusUnprocessableEntity, targets, problems)
	} else if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/series/"+url.PathEscape(set.Series)+"?done=saved")
}

// targetsFromForm reads targets t.<i>.<field>, i from 0 to targets-1.
func targetsFromForm(f url.Values) []results.Target {
	n, _ := strconv.Atoi(f.Get("targets"))
	n = min(max(n, 0), 50)
	out := make([]results.Target, 0, n)
	for i := range n {
		name := func(field string) string { return fmt.Sprintf("t.%d.%s", i, field) }
		t := results.Target{
			Question: strings.TrimSpace(f.Get(name("question"))), Top: f[name("top")],
			Unit: f.Get(name("unit")), By: strings.TrimSpace(f.Get(name("by"))), Due: strings.TrimSpace(f.Get(name("due"))),
			Baseline: f.Get(name("baseline")), Neighborhoods: f[name("neighborhoods")],
		}
		t.Change, _ = strconv.ParseFloat(strings.TrimSpace(f.Get(name("change"))), 64)
		for key, vs := range f {
			if lang, ok := strings.CutPrefix(key, name("label.")); ok && strings.TrimSpace(vs[0]) != "" {
				if t.Label == nil {
					t.Label = surveys.Text{}
				}
				t.Label[lang] = strings.TrimSpace(vs[0])
			}
		}
		out = append(out, t)
	}
	return out
}

// renderSeries shows the series page with targets, and problems beside
// the target they concern.
func (s *Server) renderSeries(c *echo.Context, status int, targets []results.Target, problems surveys.Problems) error {
	rounds, err := s.seriesRounds(c)
	if err != nil {
		return err
	}
	loc := s.localizer(c)
	latest := &rounds[len(rounds)-1].Survey
	v := seriesView{adminPage: s.newAdminPage(c, "surveys", "admin.series.title", map[string]any{"Series": c.Param("series")}),
		Series: c.Param("series"), Errors: len(problems.Errors())}
	for _, r := range rounds {
		v.Rounds = append(v.Rounds, seriesRound{Survey: r.Slug, Round: r.RoundIn(loc.Lang()), Status: r.Status, OpenedAt: r.OpenedAt, ClosedAt: r.ClosedAt})
	}
	for _, q := range latest.Questions {
		if q.Type == surveys.TypeScale || q.Type == surveys.TypeSingle || q.Type == surveys.TypeMulti {
			v.Questions = append(v.Questions, surveyChoice{Slug: q.ID, Title: q.ID + " — " + q.Text.In(loc.Lang(), latest.DefaultLanguage)})
		}
	}
	for _, l := range latest.Languages {
		v.Langs = append(v.Langs, languageChoice{Code: l, Name: surveys.LanguageName(l)})
	}
	at := map[int][]problemView{}
	for _, p := range s.problemViews(loc, nil, problems) {
		var i int
		if _, err := fmt.Sscanf(p.Path, "targets[%d]", &i); err == nil {
			at[i] = append(at[i], p)
		} else {
			v.Problems = append(v.Problems, p)
		}
	}
	for i, t := range targets {
		v.Targets = append(v.Targets, buildTargetView(latest, i, t, at[i]))
	}
	return s.renderAdmin(c, status, "admin/series", v)
}

// buildTargetView builds the fields of target i; the answers offered are those
// of its question in the latest round.
func buildTargetView(def *surveys.Survey, i int, t results.Target, problems []problemView) targetView {
	name := func(field string) string { return fmt.Sprintf("t.%d.%s", i, field) }
	v := targetView{I: i, N: i + 1, Unit: t.Unit, Baseline: t.Baseline, Problems: problems,
		Question: field{Name: name("question"), ID: fieldID(name("question")), Value: t.Question},
		Change:   field{Name: name("change"), ID: fieldID(name("change")), Value: strconv.FormatFloat(t.Change, 'f', -1, 64)},
		By:       field{Name: name("by"), ID: fieldID(name("by")), Value: t.By},
		Due:      field{Name: name("due"), ID: fieldID(name("due")), Value: t.Due},
	}
	if t.Change == 0 {
		v.Change.Value = ""
	}
	if q, ok := def.Question(t.Question); ok {
		switch {
		case q.Scale != nil:
			for n := q.Scale.Min; n <= q.Scale.Max && n-q.Scale.Min <= 10; n++ {
				s := strconv.Itoa(n)
				v.Answers = append(v.Answers, answerChoice{Value: s, Label: s, Checked: slices.Contains(t.Top, s)})
			}
		default:
			for _, o := range q.Options {
				v.Answers = append(v.Answers, answerChoice{Value: o.ID, Label: o.Text.In(def.DefaultLanguage, def.DefaultLanguage), Checked: slices.Contains(t.Top, o.ID)})
			}
		}
	}
	for _, n := range def.Neighborhoods {
		v.Neighborhoods = append(v.Neighborhoods, answerChoice{Value: n.ID, Label: n.Name.In(def.DefaultLanguage, def.DefaultLanguage), Checked: slices.Contains(t.Neighborhoods, n.ID)})
	}
	for _, l := range def.Languages {
		f := name("label." + l)
		v.Labels = append(v.Labels, targetLabel{Code: l, Name: surveys.LanguageName(l), Dir: web.Dir(l), Field: field{Name: f, ID: fieldID(f), Value: t.Label[l]}})
	}
	return v
}
