package handlers

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v5"

	"canvass/sms"
	"canvass/surveys"
	"canvass/web"
)

// previewLanguage is the survey language a preview shows: ?lang= when the
// survey has it, else its default.
func previewLanguage(c *echo.Context, sv *surveys.Survey) string {
	if l := c.QueryParam("lang"); sv.HasLanguage(l) {
		return l
	}
	return sv.DefaultLanguage
}

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
	lang := previewLanguage(c, sv)
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
	Segments        int
	NoKeyword       bool
	BackURL         string
}

// smsMessage is one text of the transcript.
type smsMessage struct {
	FromResident bool
	Text         string
	Dir          string
	Encoding     string
	Characters   int
	Segments     int
}

// smsPreviewMaxTurns bounds the simulated conversation; a survey has at
// most a few dozen questions, each answered in one turn.
const smsPreviewMaxTurns = 200

// showSMSPreview drives the real SMS conversation (the same pure step the
// Twilio webhook runs) with a simulated resident who answers every
// question, and shows the transcript. Nothing is stored or sent.
func (s *Server) showSMSPreview(c *echo.Context) error {
	rec, err := s.Surveys.Survey(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	sv := &rec.Survey
	lang := previewLanguage(c, sv)
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
	for _, m := range s.smsTranscript(rec, lang) {
		v.Messages = append(v.Messages, m)
		if !m.FromResident {
			v.Segments += m.Segments
		}
	}
	return s.renderAdmin(c, http.StatusOK, "admin/sms_preview", v)
}

// smsTranscript plays the conversation: the resident texts the keyword (the
// language's alias when there is one), picks the language if asked, and
// gives each question a typical answer.
func (s *Server) smsTranscript(rec *surveys.Record, lang string) []smsMessage {
	sv := &rec.Survey
	conv := surveys.NewSMSConversation(sms.NewTranslator(s.Catalog), s.Catalog.Languages(), surveys.SMSOptions{ContactURL: s.Options.PublicURL, Count: sms.Count})
	open := []*surveys.Record{rec}
	now := time.Now().UTC()
	var out []smsMessage
	var sess *surveys.SMSSession
	body := posterKeyword(sv, lang)
	for turn := 0; turn < smsPreviewMaxTurns && body != ""; turn++ {
		out = append(out, smsText(true, body, lang))
		res := conv.Step(surveys.SMSTurn{
			Body: body, MessageSID: "preview-" + strconv.Itoa(turn), Respondent: "preview",
			Now: now.Add(time.Duration(turn) * time.Minute), Session: sess, Survey: sv, SurveyOpen: true, Open: open,
		})
		for _, r := range res.Replies {
			out = append(out, smsText(false, r, lang))
		}
		if res.Response != nil || res.Session == nil {
			break
		}
		sess = res.Session
		body = previewReply(sv, sess, lang)
	}
	return out
}

// previewReply is the simulated resident's next text.
func previewReply(sv *surveys.Survey, sess *surveys.SMSSession, lang string) string {
	switch sess.Stage {
	case surveys.StageLanguage:
		return strconv.Itoa(slices.Index(sv.Languages, lang) + 1)
	case surveys.StageQuestion:
		q, ok := sv.Question(sess.Question)
		if !ok {
			return ""
		}
		return typicalAnswer(q, lang)
	}
	return ""
}

// typicalAnswer is a plausible reply to q: the first choice, the middle of
// a scale, the lowest allowed number, a few words of text.
func typicalAnswer(q *surveys.Question, lang string) string {
	switch q.Type {
	case surveys.TypeScale:
		if q.Scale != nil {
			return strconv.Itoa((q.Scale.Min + q.Scale.Max) / 2)
		}
	case surveys.TypeNumber:
		if q.Number != nil && q.Number.Min != nil {
			return strconv.Itoa(*q.Number.Min)
		}
		return "3"
	case surveys.TypeText:
		if t, ok := sampleText[lang]; ok {
			return t
		}
		return sampleText["en"]
	}
	return "1"
}

// sampleText is what the simulated resident writes to a text question.
var sampleText = map[string]string{
	"en": "More street lights please", "es": "Más luces en la calle por favor", "so": "Nalal badan fadlan",
	"vi": "Xin thêm đèn đường", "ar": "المزيد من إنارة الشوارع من فضلك", "ht": "Plis limyè nan lari a souple",
}

func smsText(fromResident bool, text, lang string) smsMessage {
	enc, units, segs := sms.Count(text)
	return smsMessage{FromResident: fromResident, Text: text, Dir: web.Dir(lang), Encoding: enc, Characters: units, Segments: segs}
}
