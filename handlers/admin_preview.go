package handlers

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v5"

	"canvass/conversation"
	"canvass/surveys"
	"canvass/web"
)

func previewURL(slug, kind, lang string) string {
	return surveyAdminURL(slug) + "/" + kind + "?lang=" + url.QueryEscape(lang)
}

// showFormPreview shows the survey exactly as residents see the form, in
// one of its languages, drafts included. Its answers post back to the
// preview, which checks them and stores nothing.
func (s *Server) showFormPreview(c *echo.Context) error {
	rec, err := s.Surveys.Survey(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	sub := &formSubmission{key: newFormKey(), raw: url.Values{}, answers: map[string]any{}, problems: map[string]surveys.Problem{}}
	return s.renderFormPreview(c, rec, sub, http.StatusOK, "admin.preview.form_notice")
}

// postFormPreview checks previewed answers with the resident form's own
// rules and shows the result. It never stores a response.
func (s *Server) postFormPreview(c *echo.Context) error {
	rec, err := s.Surveys.Survey(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	form, err := c.FormValues()
	if err != nil {
		return surveys.Errorf(surveys.ErrInvalid, "error.bad_request", nil)
	}
	sub := readFormSubmission(&rec.Survey, form)
	notice, status := "admin.preview.form_valid", http.StatusOK
	switch {
	case len(sub.revealed) > 0:
		// An answer showed a question (no JavaScript): fill it in first,
		// as a resident would.
		notice = "admin.preview.form_notice"
	case len(sub.problems) > 0:
		notice, status = "admin.preview.form_notice", http.StatusUnprocessableEntity
	}
	return s.renderFormPreview(c, rec, sub, status, notice)
}

// renderFormPreview renders the resident form's own page (form/survey,
// built by questionOf as the form builds it) with the preview's action, the
// staff session's CSRF token and a notice that nothing is stored.
func (s *Server) renderFormPreview(c *echo.Context, rec *surveys.Record, sub *formSubmission, status int, noticeID string) error {
	sv := &rec.Survey
	lang := contentLanguage(c, sv)
	loc := s.Catalog.Localizer(lang)
	title := sv.Title.In(lang, sv.DefaultLanguage)
	v := formView{
		Page:    s.formPage(c, sv, lang, title, func(l string) string { return previewURL(sv.Slug, "preview", l) }),
		Heading: title,
		Intro:   sv.Intro.In(lang, sv.DefaultLanguage),
		Action:  previewURL(sv.Slug, "preview", lang),
		Key:     sub.key,
		CSRF:    pageCSRF(c),
	}
	for i := range sv.Questions {
		q := &sv.Questions[i]
		qv := questionOf(sv, q, lang, loc, sub.raw[q.ID])
		qv.Hidden = !sv.Visible(q, sub.answers) && !slices.Contains(sub.revealed, q.ID)
		if q.ShowIf != nil {
			v.Scripts = []string{"form.js"}
		}
		if p, ok := sub.problems[q.ID]; ok {
			qv.Error = loc.T(p.MessageID, p.Data)
			v.Errors = append(v.Errors, fieldLink{Target: qv.InputID, Text: qv.Text + " — " + qv.Error})
		}
		v.Questions = append(v.Questions, qv)
	}
	if n := len(v.Errors); n > 0 {
		v.ErrorTitle = loc.T("form.error_summary", map[string]any{"Count": n})
	}
	// The notice is in the organizer's language: it speaks to them, not to
	// a resident.
	v.Notice, v.NoticeWarn = s.localizer(c).T(noticeID, map[string]any{"Language": surveys.LanguageName(lang)}), true
	v.Title = "[" + s.localizer(c).T("admin.preview.label", nil) + "] " + title
	return s.renderFormPage(c, status, "form/survey", v)
}

// smsPreviewView is the data of admin/sms_preview: a whole conversation as
// a resident would have it, each message with its SMS cost.
type smsPreviewView struct {
	adminPage
	Slug            string
	Title           string
	Lang            string
	SurveyLanguages []surveyLanguage
	Messages        []smsMessage
	// Cost is the language's row of the survey's SMS cost, the one the
	// survey page and the API show: Segments adds up Messages.
	Cost      conversation.LanguageCost
	UCS2      string
	NoKeyword bool
	BackURL   string
}

// smsMessage is one text of the transcript.
type smsMessage struct {
	FromResident bool
	Text         string
	Lang, Dir    string
	Encoding     string
	Characters   int
	Segments     int
}

// showSMSPreview drives the real SMS conversation (the same pure step the
// Twilio webhook runs) with a simulated resident who answers every
// question, and shows the transcript. Nothing is stored or sent.
func (s *Server) showSMSPreview(c *echo.Context) error {
	rec, err := s.Surveys.Survey(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	sv := &rec.Survey
	lang := contentLanguage(c, sv)
	v := smsPreviewView{
		adminPage: s.newAdminPage(c, "surveys", "admin.preview.sms_title", map[string]any{"Slug": sv.Slug}),
		Slug:      sv.Slug, Title: sv.Title.In(lang, sv.DefaultLanguage), Lang: lang,
		BackURL: surveyAdminURL(sv.Slug),
	}
	for _, l := range sv.Languages {
		v.SurveyLanguages = append(v.SurveyLanguages, surveyLanguage{Code: l, Name: surveys.LanguageName(l), SMSURL: previewURL(sv.Slug, "sms", l)})
	}
	if sv.SMS == nil || sv.SMS.Keyword == "" {
		v.NoKeyword = true
		return s.renderAdmin(c, http.StatusOK, "admin/sms_preview", v)
	}
	for _, lc := range s.Authoring.Cost(sv).Languages {
		if lc.Language == lang {
			v.Cost, v.UCS2 = lc, strings.Join(lc.UCS2, " ")
		}
	}
	for _, m := range v.Cost.Transcript {
		textLang := cmp.Or(m.Language, lang)
		v.Messages = append(v.Messages, smsMessage{FromResident: m.FromResident, Text: m.Text, Lang: textLang, Dir: web.Dir(textLang),
			Encoding: m.Encoding, Characters: m.Characters, Segments: m.Segments})
	}
	return s.renderAdmin(c, http.StatusOK, "admin/sms_preview", v)
}
