package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/labstack/echo/v5"

	"canvass/ids"
	"canvass/invite"
	"canvass/locales"
	"canvass/outreach"
	"canvass/results"
	"canvass/surveys"
	"canvass/web"
)

// invitePage is the data of invite/survey: the audience form, the results
// form, an estimate to confirm, and the survey's sends so far.
type invitePage struct {
	adminPage
	Slug, SurveyTitle string
	Status            surveys.Status
	SendingOn         bool
	Neighborhoods     []choice
	// LanguageChoices, not Languages: the layout reads .Languages as the
	// page's language switcher.
	LanguageChoices []choice
	Questions       []choice
	Estimate        *estimateView
	Batches         []batchView
	Error           string
}

// choice is one checkbox or option of a form.
type choice struct {
	ID, Name, Lang, Dir string
	Checked             bool
}

// estimateView is a preview awaiting confirmation.
type estimateView struct {
	Kind       string
	Recipients int
	Segments   int
	Cost       string
	Excluded   []countItem
	Texts      []textView
	// Hidden fields carrying the previewed request to the send; Key makes
	// a double-clicked confirmation one send.
	Neighborhoods, Languages []string
	Question, Key            string
}

type textView struct {
	Language, Lang, Dir, Neighborhood, Text, Encoding string
	Characters, Recipients, Segments, Total           int
}

func (s *Server) showInvite(c *echo.Context) error {
	return s.renderInvite(c, outreach.Request{}, nil, "")
}

func (s *Server) renderInvite(c *echo.Context, req outreach.Request, est *estimateView, errMsg string) error {
	ctx := c.Request().Context()
	rec, err := s.Invite.Store.Survey(ctx, c.Param("slug"))
	if err != nil {
		return err
	}
	loc := s.localizer(c)
	title := rec.Title.In(loc.Lang(), rec.DefaultLanguage)
	v := invitePage{adminPage: s.newAdminPage(c, "contacts", "invite.page.title", map[string]any{"Title": title}),
		Slug: rec.Slug, SurveyTitle: title, Status: rec.Status, SendingOn: s.Invite.Outreach.SendingOn(), Estimate: est, Error: errMsg}
	for _, nb := range rec.Neighborhoods {
		v.Neighborhoods = append(v.Neighborhoods, choice{ID: nb.ID, Name: nb.Name.In(loc.Lang(), rec.DefaultLanguage), Checked: contains(req.Neighborhoods, nb.ID)})
	}
	for _, l := range rec.Languages {
		v.LanguageChoices = append(v.LanguageChoices, choice{ID: l, Name: surveys.LanguageName(l), Lang: l, Dir: web.Dir(l), Checked: contains(req.Languages, l)})
	}
	head, _ := invite.HeadlineQuestion(&rec.Survey, "")
	for _, q := range results.Questions(&rec.Survey) {
		if _, ok := invite.HeadlineQuestion(&rec.Survey, q.ID); ok {
			checked := req.Question == q.ID || (req.Question == "" && head != nil && head.ID == q.ID)
			v.Questions = append(v.Questions, choice{ID: q.ID, Name: q.Text.In(loc.Lang(), rec.DefaultLanguage), Checked: checked})
		}
	}
	bs, err := s.Invite.Store.Batches(ctx, rec.Slug, "")
	if err != nil {
		return err
	}
	for _, b := range bs {
		v.Batches = append(v.Batches, s.batchView(loc, b))
	}
	return s.renderAdmin(c, http.StatusOK, "invite/survey", v)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// formRequest reads the audience or results form.
func formRequest(c *echo.Context) outreach.Request {
	form, _ := c.FormValues()
	req := outreach.Request{Neighborhoods: form["neighborhood"], Languages: form["language"], Question: c.FormValue("question")}
	if n, err := strconv.Atoi(c.FormValue("estimated_segments")); err == nil {
		req.EstimatedSegments = &n
	}
	return req
}

func (s *Server) postInvitePreview(kind string) echo.HandlerFunc {
	return func(c *echo.Context) error {
		ctx := c.Request().Context()
		req := formRequest(c)
		rec, err := s.Invite.Store.Survey(ctx, c.Param("slug"))
		if err != nil {
			return err
		}
		var p *outreach.Plan
		if kind == invite.KindResults {
			p, err = s.Invite.Outreach.PlanResultsBack(ctx, rec, req.Question)
		} else {
			p, err = s.Invite.Outreach.PlanInvitation(ctx, rec, req)
		}
		if err != nil {
			return s.pageError(c, req, err)
		}
		return s.renderInvite(c, req, s.estimateView(c, rec, kind, req, p), "")
	}
}

func (s *Server) postInviteSend(kind string) echo.HandlerFunc {
	return func(c *echo.Context) error {
		req := formRequest(c)
		rec, err := s.Invite.Store.Survey(c.Request().Context(), c.Param("slug"))
		if err != nil {
			return err
		}
		var b *invite.Batch
		if kind == invite.KindResults {
			b, err = s.queueResultsBack(c, rec, req)
		} else {
			// The form's one-time ID makes a double click one send.
			b, _, err = s.queueInvitation(c, rec, req, pageKey(c))
		}
		if err != nil {
			return s.pageError(c, req, err)
		}
		return c.Redirect(http.StatusSeeOther, "/admin/batches/"+url.PathEscape(b.ID))
	}
}

// pageKey is the idempotency key a confirm form carries, so submitting it
// twice queues one batch.
func pageKey(c *echo.Context) string {
	if key := c.FormValue("key"); key != "" && len(key) <= 64 {
		return key
	}
	return c.Request().Header.Get("Idempotency-Key")
}

// pageError shows a refused action's reason on the invite page.
func (s *Server) pageError(c *echo.Context, req outreach.Request, err error) error {
	var de *surveys.Error
	if !errors.As(err, &de) || (de.Code != surveys.ErrInvalid && de.Code != surveys.ErrConflict) {
		return err
	}
	return s.renderInvite(c, req, nil, s.localizer(c).T(de.MessageID, de.Data))
}

func (s *Server) estimateView(c *echo.Context, rec *surveys.Record, kind string, req outreach.Request, p *outreach.Plan) *estimateView {
	loc := s.localizer(c)
	est := p.Estimate
	v := &estimateView{Kind: kind, Recipients: est.Recipients, Segments: est.Segments,
		Neighborhoods: req.Neighborhoods, Languages: req.Languages, Question: req.Question, Key: ids.Hex(12)}
	if est.Cost != nil {
		v.Cost = formatMoney(est.Cost.Total, est.Cost.Currency)
	}
	excluded := map[string]int64{}
	for k, n := range est.Excluded {
		excluded[k] = int64(n)
	}
	v.Excluded = countItems(excluded, func(k string) string { return loc.T("invite.page.excluded."+k, nil) })
	for _, t := range est.Texts {
		tv := textView{Language: surveys.LanguageName(t.Language), Lang: t.Language, Dir: web.Dir(t.Language), Text: t.Text,
			Encoding: t.Encoding, Characters: t.Characters, Recipients: t.Recipients, Segments: t.Segments, Total: t.TotalSegments}
		if name, ok := rec.NeighborhoodName(t.Neighborhood, loc.Lang()); ok {
			tv.Neighborhood = name
		}
		v.Texts = append(v.Texts, tv)
	}
	return v
}

func formatMoney(amount float64, currency string) string {
	if currency == "USD" || currency == "" {
		return fmt.Sprintf("$%.2f", amount)
	}
	return fmt.Sprintf("%.2f %s", amount, currency)
}

// batchView is a batch as the pages show it.
type batchView struct {
	ID, Kind, State, CreatedBy, Created, Cost string
	Total, Pending, Accepted, Failed          int
	Skipped, Canceled, Segments               int
	Delivery                                  []countItem
	// Note is why messages are not going out (batchNote).
	Note string
}

func (s *Server) batchView(loc *locales.Localizer, b *invite.Batch) batchView {
	v := batchView{ID: b.ID, Kind: b.Kind, State: b.State(), CreatedBy: b.CreatedBy, Created: batchTime(b.CreatedAt),
		Total: b.Total, Pending: b.Pending(), Accepted: b.Counts.Accepted, Failed: b.Counts.Failed, Skipped: b.Counts.Skipped,
		Canceled: b.Counts.Canceled, Segments: b.Counts.Segments, Note: batchNote(loc, b)}
	if cost := s.cost(b.Counts.Segments); cost != nil {
		v.Cost = formatMoney(cost.Total, cost.Currency)
	}
	delivery := map[string]int64{}
	for k, n := range b.Counts.Delivery {
		if n > 0 {
			delivery[k] = int64(n)
		}
	}
	v.Delivery = countItems(delivery, func(k string) string {
		if t := loc.T("invite.batch.status."+k, nil); !strings.HasPrefix(t, "invite.") {
			return t
		}
		return k
	})
	sort.SliceStable(v.Delivery, func(i, j int) bool { return v.Delivery[i].Count > v.Delivery[j].Count })
	return v
}

// batchPage is the data of invite/batch.
type batchPage struct {
	adminPage
	Batch       batchView
	Slug        string
	SurveyTitle string
	Refresh     bool
}

func (s *Server) showBatch(c *echo.Context) error {
	ctx := c.Request().Context()
	b, err := s.Invite.Store.Batch(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	loc := s.localizer(c)
	v := batchPage{adminPage: s.newAdminPage(c, "contacts", "invite.batch.title", map[string]any{"ID": b.ID}),
		Batch: s.batchView(loc, b), Slug: b.Survey, Refresh: !b.Finished()}
	if v.Refresh {
		c.Response().Header().Set("Refresh", "10") // watch a send without scripts
	}
	if rec, err := s.Invite.Store.Survey(ctx, b.Survey); err == nil {
		v.SurveyTitle = rec.Title.In(loc.Lang(), rec.DefaultLanguage)
	}
	return s.renderAdmin(c, http.StatusOK, "invite/batch", v)
}

func (s *Server) postBatchCancel(c *echo.Context) error {
	b, err := s.Invite.Store.CancelBatch(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	s.audit(c, actionBatchCancel, b.Survey, map[string]string{"batch": b.ID})
	return c.Redirect(http.StatusSeeOther, "/admin/batches/"+url.PathEscape(b.ID))
}
