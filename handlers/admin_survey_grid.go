package handlers

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/labstack/echo/v5"

	"canvass/conversation"
	"canvass/surveyedit"
	"canvass/surveys"
	"canvass/web"
)

// gridView is the data of admin/survey_translations: one row per text,
// one column per language, and under each SMS message its segments and
// encoding in every language. Like the editor, it carries the whole
// definition being edited (State) until it is saved.
type gridView struct {
	adminPage
	Slug, State string
	Langs       []gridLanguage
	Rows        []gridRow
	Other       []problemView
	Errors      int
	Unsaved     bool
	SMS         bool
}

type gridLanguage struct {
	Code, Name, Dir string
	Missing         int
}

// gridRow is a text (Cells) or, with Costs, an SMS message.
type gridRow struct {
	Label    string
	Required bool
	Cells    []gridCell
	Costs    []gridCost
}

type gridCell struct {
	Name, ID, Value, Lang, Dir string
	// Label names the cell for a screen reader: the text and the language.
	Label         string
	Missing, Long bool
	Problems      []problemView
}

// gridCost is one SMS message in one language, as sent.
type gridCost struct {
	Lang                 string
	Segments, Characters int
	Encoding             string
	Plain                bool
}

// gridNote is what one post adds to the grid.
type gridNote struct{ unsaved bool }

func (s *Server) showSurveyGrid(c *echo.Context) error {
	rec, err := s.Surveys.Survey(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	return s.renderGrid(c, http.StatusOK, rec, &rec.Survey, gridNote{})
}

// postSurveyGrid reads the grid onto the definition it carries, then
// counts again, saves, or goes back to the editor with it.
func (s *Server) postSurveyGrid(c *echo.Context) error {
	rec, err := s.Surveys.Survey(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	def := editedState(c, rec)
	form, err := c.FormValues()
	if err != nil {
		return surveys.Errorf(surveys.ErrInvalid, "error.bad_request", nil)
	}
	surveyedit.ApplyTexts(def, form)
	switch form.Get("op") {
	case "save":
		saved, err := s.saveDefinition(c, rec, def)
		if err != nil {
			return err
		}
		if saved == nil {
			return s.renderGrid(c, http.StatusUnprocessableEntity, rec, def, gridNote{unsaved: true})
		}
		return c.Redirect(http.StatusSeeOther, surveyAdminURL(saved.Slug)+"/translations?done=saved")
	case "editor":
		return s.renderEditor(c, http.StatusOK, rec, def, def.DefaultLanguage, editorNote{unsaved: true})
	}
	return s.renderGrid(c, http.StatusOK, rec, def, gridNote{unsaved: true})
}

// renderGrid shows the grid of def, checked now, each problem of a text
// in its cell.
func (s *Server) renderGrid(c *echo.Context, status int, rec *surveys.Record, def *surveys.Survey, note gridNote) error {
	loc := s.localizer(c)
	problems, err := s.Authoring.Check(c.Request().Context(), def)
	if err != nil {
		return err
	}
	state, err := json.Marshal(def)
	if err != nil {
		return err
	}
	at := map[string][]problemView{}
	for _, p := range s.problemViews(loc, def, problems) {
		at[p.Path] = append(at[p.Path], p)
	}
	v := gridView{
		adminPage: s.newAdminPage(c, "surveys", "admin.grid.title", map[string]any{"Slug": rec.Slug}),
		Slug:      rec.Slug, State: string(state), Errors: len(problems.Errors()), Unsaved: note.unsaved, SMS: def.SMS != nil,
	}
	for _, l := range def.Languages {
		v.Langs = append(v.Langs, gridLanguage{Code: l, Name: surveys.LanguageName(l), Dir: web.Dir(l), Missing: len(def.Missing(l))})
	}
	costs := messageCosts(s.Authoring.Cost(def))
	message := func(path, label string) {
		if m, ok := costs[path]; ok {
			v.Rows = append(v.Rows, gridRow{Label: label, Costs: m})
			delete(costs, path)
		}
	}
	message("notice", loc.T("admin.grid.msg.notice", nil))
	message("languages", loc.T("admin.grid.msg.languages", nil))
	lastQ := ""
	for _, f := range def.TextFields() {
		q := questionPathOf(f.Path)
		if q != lastQ && lastQ != "" {
			message(lastQ, surveys.HumanPath(lastQ, def, loc.T)+" — "+loc.T("admin.grid.sms_message", nil))
		}
		if q != "" && lastQ == "" {
			message("intro", loc.T("admin.grid.msg.intro", nil))
		}
		lastQ = q
		if !f.Given() {
			continue
		}
		row := gridRow{Label: surveys.HumanPath(f.Path, def, loc.T), Required: f.Required}
		for _, l := range def.Languages {
			name := surveyedit.TextCell(f.Path, l)
			value := (*f.Text)[l]
			row.Cells = append(row.Cells, gridCell{Name: name, ID: fieldID(name), Value: value, Lang: l, Dir: web.Dir(l),
				Label:   row.Label + " · " + surveys.LanguageName(l),
				Missing: strings.TrimSpace(value) == "", Long: len(value) > 60 || strings.HasSuffix(f.Path, ".text") && !strings.Contains(f.Path, "options"),
				Problems: at[name]})
			delete(at, name)
		}
		v.Rows = append(v.Rows, row)
	}
	if lastQ != "" {
		message(lastQ, surveys.HumanPath(lastQ, def, loc.T)+" — "+loc.T("admin.grid.sms_message", nil))
	}
	message("intro", loc.T("admin.grid.msg.intro", nil))
	message("sms.results_back", loc.T("admin.grid.msg.results_back", nil))
	message("thanks", loc.T("admin.grid.msg.thanks", nil))
	for _, p := range s.problemViews(loc, def, problems) {
		if _, left := at[p.Path]; left {
			v.Other = append(v.Other, p)
		}
	}
	return s.renderAdmin(c, status, "admin/survey_translations", v)
}

// questionPathOf is the question a text belongs to ("questions[2]"), or "".
func questionPathOf(path string) string {
	if !strings.HasPrefix(path, "questions[") {
		return ""
	}
	return path[:strings.Index(path, "]")+1]
}

// messageCosts regroups a cost report by message: each message's figures
// in every language, in the survey's language order.
func messageCosts(r *conversation.CostReport) map[string][]gridCost {
	out := map[string][]gridCost{}
	if r == nil {
		return out
	}
	for _, lc := range r.Languages {
		seen := map[string]bool{}
		for _, m := range lc.Messages {
			if seen[m.Path] {
				continue
			}
			seen[m.Path] = true
			out[m.Path] = append(out[m.Path], gridCost{Lang: lc.Language, Segments: m.Segments, Characters: m.Characters, Encoding: m.Encoding, Plain: lc.PlainLetters})
		}
	}
	return out
}
