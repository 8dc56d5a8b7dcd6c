package handlers

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/surveyedit"
	"canvass/surveys"
	"canvass/web"
)

// editorView is the data of admin/survey_editor: the definition being
// edited, as fields in the editing language, with every problem beside
// the field it concerns. State carries the whole definition (every
// language) from one post to the next until it is saved.
type editorView struct {
	adminPage
	Slug, State    string
	Lang, LangName string
	LangDir        string
	Status         surveys.Status
	Responses      int64
	Title, Intro   field
	Thanks, Round  field
	RoundLabel     field
	Series         field
	Contact, MinN  field
	PublicResults  field
	Keyword        field
	ResultsBack    field
	SMSProblems    []problemView
	Langs          []editorLanguage
	AddLanguages   []languageChoice
	Neighborhoods  []editorNeighborhood
	NeighborhoodPs []problemView
	Questions      []editorQuestion
	QuestionPs     []problemView
	Types          []string
	// Other are problems of no field on the page; Errors counts them all.
	Other  []problemView
	Errors int
	// Added is a language just added, and Missing what it still lacks.
	Added   string
	Missing []string
	Focus   string
	// Unsaved says the page shows changes not saved yet.
	Unsaved bool
}

// languageChoice is a language canvass can name, to add.
type languageChoice struct{ Code, Name string }

func (s *Server) showSurveyEditor(c *echo.Context) error {
	rec, err := s.Surveys.Survey(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	lang := c.QueryParam("lang")
	if !rec.HasLanguage(lang) {
		lang = rec.DefaultLanguage
	}
	return s.renderEditor(c, http.StatusOK, rec, &rec.Survey, lang, editorNote{})
}

// editorNote is what one post adds to the page: problems of the form
// itself, a language just added, where to look.
type editorNote struct {
	problems surveys.Problems
	result   surveyedit.Result
	unsaved  bool
}

// postSurveyEditor reads the editor's form onto the definition it carries
// and performs the button pressed: an edit (shown, not saved), switching
// the editing language, downloading or uploading the YAML, or saving.
func (s *Server) postSurveyEditor(c *echo.Context) error {
	ctx := c.Request().Context()
	rec, err := s.Surveys.Survey(ctx, c.Param("slug"))
	if err != nil {
		return err
	}
	def := editedState(c, rec)
	form, err := c.FormValues()
	if err != nil {
		return surveys.Errorf(surveys.ErrInvalid, "error.bad_request", nil)
	}
	lang := form.Get("lang")
	if !def.HasLanguage(lang) {
		lang = def.DefaultLanguage
	}
	note := editorNote{problems: surveyedit.Apply(def, form, lang), unsaved: true}
	op := surveyedit.ParseOp(form.Get("op"))
	switch op.Name {
	case "save":
		return s.saveFromEditor(c, rec, def, lang, note)
	case "download":
		return s.sendDefinition(c, def)
	case "upload":
		return s.uploadToEditor(c, rec, def, lang, note)
	case "grid":
		return s.renderGrid(c, http.StatusOK, rec, def, gridNote{unsaved: true})
	case "edit_in":
		if len(op.Args) == 1 && def.HasLanguage(op.Args[0]) {
			lang = op.Args[0]
		}
	case "", "refresh":
	default:
		value := form.Get(op.Name + "_value")
		res, err := surveyedit.Do(def, op, value)
		var de *surveys.Error
		if errors.As(err, &de) {
			note.problems = append(note.problems, surveys.Problem{MessageID: de.MessageID, Data: de.Data})
		}
		note.result = res
	}
	return s.renderEditor(c, http.StatusOK, rec, def, lang, note)
}

// editedState is the definition the editor or the grid carries between
// posts; a lost or foreign state starts again from what is stored.
func editedState(c *echo.Context, rec *surveys.Record) *surveys.Survey {
	def := &surveys.Survey{}
	if json.Unmarshal([]byte(c.FormValue("state")), def) != nil || def.Slug != rec.Slug {
		return &rec.Survey
	}
	return def
}

// saveFromEditor saves the edited definition, or shows the editor again
// with every problem beside its field.
func (s *Server) saveFromEditor(c *echo.Context, rec *surveys.Record, def *surveys.Survey, lang string, note editorNote) error {
	if len(note.problems) > 0 {
		return s.renderEditor(c, http.StatusUnprocessableEntity, rec, def, lang, note)
	}
	saved, err := s.saveDefinition(c, rec, def)
	if err != nil || saved == nil {
		if err == nil {
			err = s.renderEditor(c, http.StatusUnprocessableEntity, rec, def, lang, note)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, surveyAdminURL(saved.Slug)+"/editor?done=saved&lang="+url.QueryEscape(lang))
}

// saveDefinition saves a definition edited in the editor or the grid
// through the same checks as an upload, as YAML, which is what the
// organizer downloads. It returns nil when def has errors: the page that
// called shows them again.
func (s *Server) saveDefinition(c *echo.Context, rec *surveys.Record, def *surveys.Survey) (*surveys.Record, error) {
	ctx := c.Request().Context()
	def.Slug = rec.Slug
	src, err := surveys.FormatYAML(def)
	if err != nil {
		return nil, err
	}
	parsed, problems, err := s.Authoring.Parse(ctx, src)
	if err != nil || parsed == nil || len(problems.Errors()) > 0 {
		return nil, err
	}
	saved, err := s.Authoring.Update(ctx, parsed, string(src))
	if err != nil {
		return nil, err
	}
	s.audit(c, auth.ActionSurveyUpdate, saved.Slug, map[string]string{"version": strconv.Itoa(saved.Version)})
	return saved, nil
}

// uploadToEditor replaces the definition being edited by an uploaded
// YAML or JSON file, unsaved, so the editor shows what it says.
func (s *Server) uploadToEditor(c *echo.Context, rec *surveys.Record, def *surveys.Survey, lang string, note editorNote) error {
	src, err := readSurveyUpload(c)
	if err != nil {
		return err
	}
	up, problems, err := surveys.Parse([]byte(src))
	if err != nil {
		return err
	}
	switch {
	case src == "":
		problems = append(problems, surveys.Problem{MessageID: "admin.survey_edit.empty"})
	case up != nil && up.Slug != rec.Slug:
		problems = append(problems, surveys.Problem{Path: "slug", MessageID: "survey.slug_mismatch", Data: map[string]any{"Got": up.Slug, "Slug": rec.Slug}})
	case up != nil:
		def = up
		if !def.HasLanguage(lang) {
			lang = def.DefaultLanguage
		}
	}
	note.problems = append(note.problems, problems...)
	return s.renderEditor(c, http.StatusOK, rec, def, lang, note)
}

// sendDefinition sends def as a YAML file to download.
func (s *Server) sendDefinition(c *echo.Context, def *surveys.Survey) error {
	src, err := surveys.FormatYAML(def)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+def.Slug+`.yaml"`)
	return c.Blob(http.StatusOK, "application/yaml; charset=utf-8", src)
}

// showDefinitionFile downloads the stored definition as its organizer
// wrote it (comments kept), or as YAML when it has no source.
func (s *Server) showDefinitionFile(c *echo.Context) error {
	rec, err := s.Surveys.Survey(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	if rec.Source == "" {
		return s.sendDefinition(c, &rec.Survey)
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+rec.Slug+`.yaml"`)
	return c.Blob(http.StatusOK, "application/yaml; charset=utf-8", []byte(rec.Source))
}

// renderEditor shows the editor for def, checked now against the open
// surveys so each problem shows beside its field.
func (s *Server) renderEditor(c *echo.Context, status int, rec *surveys.Record, def *surveys.Survey, lang string, note editorNote) error {
	loc := s.localizer(c)
	checked, err := s.Authoring.Check(c.Request().Context(), def)
	if err != nil {
		return err
	}
	problems := append(append(surveys.Problems{}, note.problems...), checked...)
	state, err := json.Marshal(def)
	if err != nil {
		return err
	}
	views := s.problemViews(loc, def, problems)
	b := newEditorBuilder(def, lang, loc, views)
	v := editorView{
		adminPage: s.newAdminPage(c, "surveys", "admin.editor.title", map[string]any{"Slug": rec.Slug}),
		Slug:      rec.Slug, State: string(state), Lang: lang, LangName: surveys.LanguageName(lang), LangDir: web.Dir(lang),
		Status: rec.Status, Responses: rec.Responses, Types: surveys.QuestionTypes,
		Errors: len(problems.Errors()), Unsaved: note.unsaved, Focus: note.result.Focus,
		Title:         b.text("title", "title", def.Title),
		RoundLabel:    b.text("round_label", "round_label", def.RoundLabel),
		Intro:         b.text("intro", "intro", def.Intro),
		Thanks:        b.text("thanks", "thanks", def.Thanks),
		Series:        b.field("series", "series", def.Series),
		Round:         b.field("round", "round", def.Round),
		Contact:       b.field("contact", "contact", def.Contact),
		MinN:          b.field("min_n", "min_n", strconv.Itoa(def.MinN)),
		PublicResults: b.check("public_results", "public_results", def.PublicResults),
	}
	keyword, resultsBack := "", false
	if def.SMS != nil {
		keyword, resultsBack = def.SMS.Keyword, def.SMS.ResultsBack
	}
	v.Keyword = b.field("sms_keyword", "sms.keyword", keyword)
	v.ResultsBack = b.check("sms_results_back", "sms.results_back", resultsBack)
	v.Langs = b.languages()
	v.Neighborhoods = b.neighborhoods()
	v.Questions = b.questions()
	v.SMSProblems = append(b.take("sms.aliases"), b.take("sms")...)
	v.NeighborhoodPs = b.take("neighborhoods")
	v.QuestionPs = b.take("questions")
	v.Other = b.rest()
	for _, code := range surveys.KnownLanguages() {
		if !def.HasLanguage(code) {
			v.AddLanguages = append(v.AddLanguages, languageChoice{Code: code, Name: surveys.LanguageName(code)})
		}
	}
	if added := note.result.Added; added != "" {
		v.Added = surveys.LanguageName(added)
		for _, f := range def.Missing(added) {
			v.Missing = append(v.Missing, surveys.HumanPath(f.Path, def, loc.T))
		}
	}
	return s.renderAdmin(c, status, "admin/survey_editor", v)
}
