package handlers

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v5"
	"github.com/labstack/echo/v5/middleware"

	"canvass/links"
	"canvass/surveycache"
	"canvass/surveys"
)

// FormStore is what the resident form needs of the database: the survey
// by slug, and storing a response once.
type FormStore interface {
	Survey(ctx context.Context, slug string) (*surveys.Record, error)
	InsertResponse(ctx context.Context, r *surveys.Response) (inserted bool, err error)
}

// defaultFormSurveyTTL is how long the form keeps a survey in memory. A
// survey is one document, but a large one (every text in every language,
// and its source): on the embedded database reading it cost about 9 ms of
// the 14 ms a form page took (surveycache).
const defaultFormSurveyTTL = 2 * time.Second

// registerFormRoutes adds the resident form (GET/POST /s/{slug}), its
// thank-you page and the static assets every page uses. The form's pages
// render errors as localized HTML, never JSON.
func (s *Server) registerFormRoutes(e *echo.Echo) {
	s.formLocalizers = &localizerMemo{catalog: s.Catalog}
	if s.Web != nil {
		e.GET(staticRoute, s.serveAsset)
		e.GET("/favicon.ico", s.serveFavicon)
	}
	if s.Forms == nil || s.Web == nil {
		return
	}
	ttl := s.Options.FormSurveyTTL
	if ttl == 0 {
		ttl = defaultFormSurveyTTL
	}
	pages, posts := s.formLimiters()
	isOpen := func(r *surveys.Record) bool { return r.Status == surveys.StatusOpen }
	d := formDeps{surveys: surveycache.NewBySlug(s.Forms, ttl), open: surveycache.NewList(s.Surveys, ttl, isOpen), posts: posts,
		pages: newFormPageCache()}
	csrf := s.formCSRF()
	gzip := compressPages()
	e.GET("/", s.showHome(d), s.formContext, formHeaders, gzip)
	s.registerFormPage(e, d, pages, csrf)
	g := e.Group("/s", s.formContext, formHeaders, gzip)
	g.POST("/:slug", s.submitForm(d), middleware.BodyLimit(maxFormBytes), readForm, csrf)
	g.GET("/:slug/thanks", s.showThanks(d), pages)
	g.POST("/:slug/another", s.anotherRespondent(d), middleware.BodyLimit(maxFormBytes), readForm, csrf)
}

// registerFormPage adds the form page, GET /s/{slug}, with the group's
// middleware but its gzip (the page compresses its own responses,
// form_cache_send.go), then the page limit and CSRF.
func (s *Server) registerFormPage(e *echo.Echo, d formDeps, pages, csrf echo.MiddlewareFunc) {
	e.GET("/s/:slug", s.showForm(d), s.formPageMiddleware(pages, csrf)...)
}

// formPageMiddleware is the middleware of the form page's route.
func (s *Server) formPageMiddleware(pages, csrf echo.MiddlewareFunc) []echo.MiddlewareFunc {
	return []echo.MiddlewareFunc{s.formContext, formHeaders, varyAcceptEncoding, pages, s.formPageCSRF(csrf)}
}

// formDeps is the state the form routes share, made once in
// registerFormRoutes.
type formDeps struct {
	surveys *surveycache.BySlug
	// open lists the open surveys, for the home page.
	open  *surveycache.List
	posts formRateStore
	// pages keeps each survey's first page, cut at its tokens.
	pages *formPageCache
}

// showForm shows the survey in the resident's language with a fresh
// idempotency key: from the page cache, or rendered when the page is not
// the plain first one. Its pages are compressed here, not by middleware
// (form_cache_send.go).
func (s *Server) showForm(d formDeps) echo.HandlerFunc {
	return func(c *echo.Context) error {
		rec, err := d.formSurvey(c)
		if err != nil {
			return err
		}
		lang := s.surveyLanguage(c, &rec.Survey)
		if rec.Status == surveys.StatusClosed {
			return d.pages.compressed(c, func() error { return s.renderClosed(c, rec, lang) })
		}
		if answeredKey(c, &rec.Survey) != "" {
			return d.pages.compressed(c, func() error { return s.renderAnswered(c, rec, lang, http.StatusOK) })
		}
		key := newFormKey()
		if sent, err := s.sendFirstPage(c, d.pages, rec, lang, key, csrfToken(c)); sent || err != nil {
			return err
		}
		sub := &formSubmission{key: key, raw: url.Values{}}
		return d.pages.compressed(c, func() error { return s.renderForm(c, rec, lang, sub, http.StatusOK, formNotice{}) })
	}
}

// submitForm validates a posted form and stores it as one response. Any
// problem re-shows the form with the answers filled in: a validation
// error, a question that appeared because of an answer (skip logic
// without JavaScript), the rate limit, or a database failure. A post from
// the language switcher re-shows it in the language chosen.
func (s *Server) submitForm(d formDeps) echo.HandlerFunc {
	return func(c *echo.Context) error {
		rec, err := d.formSurvey(c)
		if err != nil {
			return err
		}
		sv := &rec.Survey
		lang := s.surveyLanguage(c, sv)
		if rec.Status == surveys.StatusClosed {
			return s.renderClosed(c, rec, lang)
		}
		sub := readFormSubmission(sv, c.Request().PostForm)
		switch done := answeredKey(c, sv); {
		case done == "":
		case done == sub.key:
			// The same submission again (Back, then send): already stored.
			return c.Redirect(http.StatusSeeOther, links.Thanks(sv.Slug, lang))
		default:
			// A form opened before this browser's answers were stored:
			// never a second response without the resident choosing it.
			return s.renderAnswered(c, rec, lang, http.StatusConflict)
		}
		if switchesLanguage(c.Request().PostForm) {
			// The switcher's button posted to the form in its language:
			// the same answers again, nothing checked, nothing stored.
			sub.problems = nil
			return s.renderForm(c, rec, lang, sub, http.StatusOK, formNotice{})
		}
		if len(sub.revealed) > 0 {
			return s.renderForm(c, rec, lang, sub, http.StatusOK, formNotice{revealed: sub.revealed})
		}
		if len(sub.problems) > 0 {
			return s.renderForm(c, rec, lang, sub, http.StatusUnprocessableEntity, formNotice{})
		}
		// Only posts that would store count against the limit: one that
		// is re-shown writes nothing, and a resident fixing an answer
		// should not be the one who is stopped.
		if ok, _ := d.posts.AllowContext(c, formRateKey(c.RealIP())); !ok {
			return s.renderForm(c, rec, lang, sub, http.StatusTooManyRequests, formNotice{messageID: "form.too_many"})
		}
		r := &surveys.Response{
			ID:           formResponseID(sv.Slug, sub.key),
			Survey:       sv.Slug,
			Version:      rec.Version,
			Channel:      surveys.ChannelWeb,
			Language:     lang,
			Neighborhood: sv.NeighborhoodOf(sub.answers),
			Answers:      sub.answers,
			CreatedAt:    time.Now().UTC(),
		}
		// A second submission with the same key (double tap, back button,
		// retry) finds the first stored and shows the same thank-you page.
		// The store counts a stored response whether or not this request
		// is still connected.
		if _, err := s.Forms.InsertResponse(c.Request().Context(), r); err != nil {
			de, status := domainError(err)
			s.Logger.Error("storing a form response failed", "survey", sv.Slug, "code", de.Code, "err", err)
			return s.renderForm(c, rec, lang, sub, status, formNotice{messageID: "form.retry"})
		}
		s.rememberAnswered(c, sv, sub.key)
		return c.Redirect(http.StatusSeeOther, links.Thanks(sv.Slug, lang))
	}
}

// showThanks is where a stored submission lands (post/redirect/get), so
// reloading it never posts again. It needs no state: the page is the same
// for everyone.
func (s *Server) showThanks(d formDeps) echo.HandlerFunc {
	return func(c *echo.Context) error {
		rec, err := d.formSurvey(c)
		if err != nil {
			return err
		}
		sv := &rec.Survey
		lang := s.surveyLanguage(c, sv)
		heading := s.Catalog.Localizer(lang).T("form.thanks_title", nil)
		page := thanksPage{
			Page:    s.formPage(c, sv, lang, heading+" · "+sv.Title.In(lang, sv.DefaultLanguage), func(l string) string { return links.Thanks(sv.Slug, l) }),
			Heading: heading,
			Message: sv.Thanks.In(lang, sv.DefaultLanguage),
		}
		if sv.PublicResults {
			page.ResultsURL = links.Results(sv.Slug, lang)
		}
		c.Response().Header().Set("Cache-Control", "private, no-cache")
		return s.renderFormPage(c, http.StatusOK, "form/thanks", page)
	}
}

// formSurvey loads the survey of the request. A draft is as unknown to
// residents as a survey that does not exist.
func (d formDeps) formSurvey(c *echo.Context) (*surveys.Record, error) {
	slug := c.Param("slug")
	notFound := func() error {
		return surveys.Errorf(surveys.ErrNotFound, "survey.not_found", map[string]any{"Slug": slug})
	}
	if len(slug) > 64 {
		return nil, notFound()
	}
	rec, err := d.surveys.Survey(c.Request().Context(), slug)
	if err != nil {
		return nil, err
	}
	if rec.Status == surveys.StatusDraft {
		return nil, notFound()
	}
	return rec, nil
}

// renderFormPage renders a page of the web package with a status.
func (s *Server) renderFormPage(c *echo.Context, status int, name string, data any) error {
	var buf bytes.Buffer
	if err := s.Web.Render(&buf, name, data); err != nil {
		return err
	}
	return c.HTMLBlob(status, buf.Bytes())
}
