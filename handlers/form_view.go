package handlers

import (
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v5"

	"canvass/links"
	"canvass/locales"
	"canvass/surveys"
	"canvass/web"
)

// formView is the data of form/survey.
type formView struct {
	web.Page
	Heading     string
	Intro       string
	Action      string
	Key         string
	CSRF        string
	Questions   []questionView
	ErrorTitle  string
	Errors      []fieldLink // the error summary at the top
	Notice      string
	NoticeWarn  bool
	NoticeLinks []fieldLink
}

// fieldLink links to a question's first input from the top of the page.
type fieldLink struct {
	Target string
	Text   string
}

// formNotice is a message above the form: questions that appeared, or why
// the answers were not stored yet.
type formNotice struct {
	messageID string
	revealed  []string
}

// questionView is one question as form/question renders it; every text is
// already in the page's language.
type questionView struct {
	ID          string
	Kind        string // radio, checkbox, select, number, text
	Text        string
	Help        string
	Hint        string
	Optional    string
	Error       string
	ErrorPrefix string
	ShowIf      string
	ShowIn      string
	Hidden      bool
	InputID     string
	Value       string
	InputMode   string
	MaxLength   int
	Placeholder string
	Options     []optionView
}

type optionView struct {
	InputID string
	Value   string
	Label   string
	Caption string
	Checked bool
}

// Labelled says the legend labels a single input (a label inside it).
func (q questionView) Labelled() bool { return q.Kind != "radio" && q.Kind != "checkbox" }

// DescribedBy lists the IDs of the help, hint and error texts.
func (q questionView) DescribedBy() string {
	var ids []string
	if q.Help != "" {
		ids = append(ids, "h-"+q.ID)
	}
	if q.Hint != "" {
		ids = append(ids, "n-"+q.ID)
	}
	if q.Error != "" {
		ids = append(ids, "e-"+q.ID)
	}
	return strings.Join(ids, " ")
}

// renderForm renders the survey with sub's answers filled in, its problems
// beside their questions and listed at the top.
func (s *Server) renderForm(c *echo.Context, rec *surveys.Record, lang string, sub *formSubmission, status int, notice formNotice) error {
	v := s.formViewOf(rec, lang, sub, csrfToken(c), notice)
	c.Response().Header().Set("Cache-Control", "private, no-cache")
	return s.renderFormPage(c, status, "form/survey", v)
}

// formViewOf is the data of the form page. It reads nothing of the request
// but what it is given (the page cache, form_cache.go, builds one page for
// every resident from it): no context reaches formPage, so anything of the
// request read there would fail the cache's build, never leak into it.
func (s *Server) formViewOf(rec *surveys.Record, lang string, sub *formSubmission, csrf string, notice formNotice) formView {
	sv := &rec.Survey
	loc := s.Catalog.Localizer(lang)
	title := sv.Title.In(lang, sv.DefaultLanguage)
	v := formView{
		Page:    s.formPage(nil, sv, lang, title, func(l string) string { return links.Form(sv.Slug, l) }),
		Heading: title,
		Intro:   sv.Intro.In(lang, sv.DefaultLanguage),
		Action:  links.Form(sv.Slug, lang),
		Key:     sub.key,
		CSRF:    csrf,
	}
	// The language switcher sends the form, so a new language keeps the
	// answers. form.js shows follow-up questions at once and takes error
	// links to their question; the form works without it.
	v.LanguageForm, v.Scripts = formElementID, []string{"form.js"}
	visible := map[string]bool{}
	for i := range sv.Questions {
		q := &sv.Questions[i]
		visible[q.ID] = sv.Visible(q, sub.answers) || slices.Contains(sub.revealed, q.ID)
	}
	for i := range sv.Questions {
		q := &sv.Questions[i]
		qv := questionOf(sv, q, lang, loc, sub.raw[q.ID])
		qv.Hidden = !visible[q.ID]
		if p, ok := sub.problems[q.ID]; ok {
			qv.Error = loc.T(p.MessageID, p.Data)
			v.Errors = append(v.Errors, fieldLink{Target: qv.InputID, Text: qv.Text + " — " + qv.Error})
		}
		v.Questions = append(v.Questions, qv)
	}
	if n := len(v.Errors); n > 0 {
		v.ErrorTitle = loc.T("form.error_summary", map[string]any{"Count": n})
		v.Title = loc.T("form.title_error", map[string]any{"Title": title})
	}
	v.setNotice(loc, notice)
	return v
}

func (v *formView) setNotice(loc *locales.Localizer, n formNotice) {
	switch {
	case len(n.revealed) > 0:
		v.Notice = loc.T("form.revealed", map[string]any{"Count": len(n.revealed)})
		for _, q := range v.Questions {
			if slices.Contains(n.revealed, q.ID) {
				v.NoticeLinks = append(v.NoticeLinks, fieldLink{Target: q.InputID, Text: q.Text})
			}
		}
	case n.messageID != "":
		v.Notice, v.NoticeWarn = loc.T(n.messageID, nil), true
	}
}

// renderClosed tells a resident the survey no longer takes answers (410),
// pointing to its results when they are public.
func (s *Server) renderClosed(c *echo.Context, rec *surveys.Record, lang string) error {
	sv := &rec.Survey
	loc := s.Catalog.Localizer(lang)
	heading := loc.T("form.closed_title", nil)
	p := errorView{
		Page:    s.formPage(c, sv, lang, heading+" · "+sv.Title.In(lang, sv.DefaultLanguage), func(l string) string { return links.Form(sv.Slug, l) }),
		Heading: heading,
		Message: loc.T("form.closed", map[string]any{"Title": sv.Title.In(lang, sv.DefaultLanguage)}),
	}
	if sv.PublicResults {
		p.ResultsURL = links.Results(sv.Slug, lang)
	}
	return s.renderFormPage(c, http.StatusGone, "form/error", p)
}

// thanksPage is the data of form/thanks.
type thanksPage struct {
	web.Page
	Heading    string
	Message    string
	ResultsURL string
}

// errorView is the data of form/error.
type errorView struct {
	web.Page
	Heading    string
	Message    string
	ResultsURL string
	BackURL    string
}
