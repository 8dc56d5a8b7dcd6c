package handlers

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/invite"
	"canvass/surveys"
)

func (s *Server) registerInvitationRoutes(e *echo.Echo) {
	if s.Invite == nil {
		return
	}
	s.registerInvitePages(e)
	g := e.Group("/api/v1")
	s.registerContactRoutes(g)
	w := s.require(auth.ContactsWrite)
	g.POST("/surveys/:slug/invitations/preview", s.previewInvitation, w)
	g.POST("/surveys/:slug/invitations", s.sendInvitation, w)
	g.POST("/surveys/:slug/results-back/preview", s.previewResultsBack, w)
	g.POST("/surveys/:slug/results-back", s.sendResultsBack, w)
	g.GET("/surveys/:slug/batches", s.listBatches, w)
	g.GET("/batches/:id", s.getBatch, w)
	g.POST("/batches/:id/cancel", s.cancelBatch, w)
}

// sendRequest is the body of an invitation or results-back request. The
// estimate shown in the preview must come back with the send, so nobody
// sends without having seen the cost.
type sendRequest struct {
	Neighborhoods     []string `json:"neighborhoods"`
	Languages         []string `json:"languages"`
	Question          string   `json:"question"`
	EstimatedSegments *int     `json:"estimated_segments"`
}

func readSendRequest(c *echo.Context) (*sendRequest, error) {
	var req sendRequest
	body, err := io.ReadAll(io.LimitReader(c.Request().Body, 64<<10))
	if err != nil {
		return nil, surveys.Errorf(surveys.ErrInvalid, "error.bad_request", nil)
	}
	if len(body) > 0 {
		if err := json.Unmarshal(body, &req); err != nil {
			return nil, surveys.Errorf(surveys.ErrInvalid, "error.bad_request", nil)
		}
	}
	return &req, nil
}

// audience checks the request's audience against the survey.
func audience(rec *surveys.Record, req *sendRequest) (invite.Audience, error) {
	for _, nb := range req.Neighborhoods {
		if _, ok := rec.Neighborhood(nb); !ok {
			return invite.Audience{}, surveys.Errorf(surveys.ErrInvalid, "invite.audience_neighborhood", map[string]any{"Value": nb})
		}
	}
	for _, l := range req.Languages {
		if !surveys.KnownLanguage(l) {
			return invite.Audience{}, surveys.Errorf(surveys.ErrInvalid, "invite.audience_language", map[string]any{"Value": l})
		}
	}
	return invite.Audience{Neighborhoods: req.Neighborhoods, Languages: req.Languages}, nil
}

// plan is a batch worked out before it is sent: its messages, what they
// cost, and who was left out and why.
type plan struct {
	recipients []invite.Recipient
	estimate   invite.Estimate
	excluded   map[string]int
}

// planInvitation picks the audience's contacts, leaves out those who opted
// out, and writes each the invitation in their language.
func (s *Server) planInvitation(ctx context.Context, rec *surveys.Record, a invite.Audience) (*plan, error) {
	var contacts []*invite.Contact
	if err := s.Invite.Store.EachContact(ctx, a, func(ct *invite.Contact) error {
		contacts = append(contacts, ct)
		return nil
	}); err != nil {
		return nil, err
	}
	ids := make([]string, len(contacts))
	for i, ct := range contacts {
		ids[i] = ct.ID
	}
	opted, err := s.optedOut(ctx, ids)
	if err != nil {
		return nil, err
	}
	p := &plan{excluded: map[string]int{}}
	planner, texts := invite.NewPlanner(), map[string]string{}
	for i, ct := range contacts {
		if opted[i] {
			p.excluded[invite.ReasonOptedOut]++
			continue
		}
		lang := invite.MessageLanguage(&rec.Survey, ct.Language)
		text, ok := texts[lang]
		if !ok {
			text = invite.InvitationText(s.Catalog.Localizer(lang), &rec.Survey, lang, s.Options.PublicURL)
			texts[lang] = text
		}
		planner.Add(lang, "", text)
		p.recipients = append(p.recipients, invite.Recipient{ID: ct.ID, Phone: ct.Phone, Language: lang, Neighborhood: ct.Neighborhood, Body: text})
	}
	p.estimate = planner.Estimate()
	return p, nil
}

// estimateJSON is a preview: what sending would cost, per text and in all.
type estimateJSON struct {
	invite.Estimate
	Excluded map[string]int `json:"excluded"`
	Cost     *costJSON      `json:"cost,omitempty"`
	// SendingOn is false when SMS is not set up: the preview works, the
	// send does not.
	SendingOn bool `json:"sending_on"`
}

// costJSON is an estimate in money, when a segment price is configured.
type costJSON struct {
	PerSegment float64 `json:"per_segment"`
	Total      float64 `json:"total"`
	Currency   string  `json:"currency"`
}

func (s *Server) estimateJSON(p *plan) estimateJSON {
	out := estimateJSON{Estimate: p.estimate, Excluded: p.excluded, SendingOn: s.Invite.Sender != "", Cost: s.cost(p.estimate.Segments)}
	return out
}

func (s *Server) cost(segments int) *costJSON {
	if s.Invite.SegmentPrice <= 0 {
		return nil
	}
	total := math.Round(float64(segments)*s.Invite.SegmentPrice*100) / 100
	return &costJSON{PerSegment: s.Invite.SegmentPrice, Total: total, Currency: s.Invite.Currency}
}

func (s *Server) previewInvitation(c *echo.Context) error {
	ctx := c.Request().Context()
	rec, _, a, err := s.invitationRequest(c)
	if err != nil {
		return err
	}
	p, err := s.planInvitation(ctx, rec, a)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.estimateJSON(p))
}

func (s *Server) invitationRequest(c *echo.Context) (*surveys.Record, *sendRequest, invite.Audience, error) {
	rec, err := s.Invite.Store.Survey(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return nil, nil, invite.Audience{}, err
	}
	req, err := readSendRequest(c)
	if err != nil {
		return nil, nil, invite.Audience{}, err
	}
	a, err := audience(rec, req)
	return rec, req, a, err
}

// sendInvitation queues an invitation to the audience, once its estimate
// matches the one the organizer confirmed. A request repeated with the
// same Idempotency-Key returns the first one's batch (and finishes queueing
// it if the first was cut short) instead of inviting twice.
func (s *Server) sendInvitation(c *echo.Context) error {
	rec, req, _, err := s.invitationRequest(c)
	if err != nil {
		return err
	}
	b, existed, err := s.queueInvitation(c, rec, req, s.batchID(c, "inv"))
	if err != nil {
		return err
	}
	if existed {
		return c.JSON(http.StatusOK, s.batchJSON(b)) // a repeated request: the first one's batch
	}
	return s.batchAccepted(c, b)
}

// queueInvitation checks and queues an invitation batch (API and page).
func (s *Server) queueInvitation(c *echo.Context, rec *surveys.Record, req *sendRequest, id string) (*invite.Batch, bool, error) {
	ctx := c.Request().Context()
	a, err := audience(rec, req)
	if err != nil {
		return nil, false, err
	}
	if rec.Status != surveys.StatusOpen {
		return nil, false, surveys.Errorf(surveys.ErrConflict, "invite.survey_not_open", nil)
	}
	if err := s.checkSending(req); err != nil {
		return nil, false, err
	}
	p, err := s.planInvitation(ctx, rec, a)
	if err != nil {
		return nil, false, err
	}
	if err := confirmEstimate(req, p); err != nil {
		return nil, false, err
	}
	b := &invite.Batch{ID: id, Kind: invite.KindInvitation, Survey: rec.Slug, Audience: a, Estimate: p.estimate}
	stored, existed, err := s.startBatch(c, b, p)
	if err == nil && !existed {
		s.audit(c, auth.ActionInvitationsSend, rec.Slug, map[string]string{"batch": stored.ID, "recipients": strconv.Itoa(stored.Total), "segments": strconv.Itoa(p.estimate.Segments)})
	}
	return stored, existed, err
}

// checkSending refuses a send when SMS is off or the cost was not confirmed.
func (s *Server) checkSending(req *sendRequest) error {
	if s.Invite.Sender == "" {
		return surveys.Errorf(surveys.ErrConflict, "invite.sms_off", nil)
	}
	if req.EstimatedSegments == nil {
		return surveys.Errorf(surveys.ErrInvalid, "invite.confirm_required", nil)
	}
	return nil
}

// confirmEstimate checks the plan against the estimate the organizer saw.
func confirmEstimate(req *sendRequest, p *plan) error {
	if len(p.recipients) == 0 {
		return surveys.Errorf(surveys.ErrInvalid, "invite.no_recipients", nil)
	}
	if *req.EstimatedSegments != p.estimate.Segments {
		return surveys.Errorf(surveys.ErrConflict, "invite.estimate_changed", map[string]any{"Segments": p.estimate.Segments, "Recipients": p.estimate.Recipients})
	}
	return nil
}

// batchID derives a batch's ID from the request's Idempotency-Key (per
// user), or makes a random one.
func (s *Server) batchID(c *echo.Context, prefix string) string {
	if key := c.Request().Header.Get("Idempotency-Key"); key != "" {
		who := ""
		if p := currentPrincipal(c); p != nil {
			who = p.ID
		}
		h := sha256.Sum256([]byte(who + "\x00" + c.Param("slug") + "\x00" + prefix + "\x00" + key))
		return prefix + "-" + hex.EncodeToString(h[:10])
	}
	b := make([]byte, 10)
	_, _ = rand.Read(b)
	return prefix + "-" + hex.EncodeToString(b)
}

// startBatch stores the batch and queues its messages. Queueing is
// idempotent per message, so a batch found half-queued is completed; one
// found complete is returned with existed true and nothing done.
func (s *Server) startBatch(c *echo.Context, b *invite.Batch, p *plan) (stored *invite.Batch, existed bool, err error) {
	ctx := c.Request().Context()
	if pr := currentPrincipal(c); pr != nil {
		b.CreatedBy = pr.Email
		if b.CreatedBy == "" {
			b.CreatedBy = pr.ID
		}
	}
	b.Sender = s.Invite.Sender
	stored, created, err := s.Invite.Store.CreateBatch(ctx, b)
	if err != nil {
		return nil, false, err
	}
	if !created && stored.Enqueued {
		return stored, true, nil
	}
	segments := map[string]int{}
	for _, t := range p.estimate.Texts {
		segments[t.Text] = t.Segments
	}
	msgs := make([]*invite.Message, len(p.recipients))
	for i, r := range p.recipients {
		msgs[i] = &invite.Message{ID: invite.MessageID(stored.ID, r.ID), Batch: stored.ID, Recipient: r.ID, Phone: r.Phone,
			Body: r.Body, Segments: segments[r.Body], Language: r.Language, Neighborhood: r.Neighborhood}
	}
	if _, err := s.Invite.Store.EnqueueMessages(ctx, msgs); err != nil {
		return nil, false, err
	}
	if err := s.Invite.Store.BatchEnqueued(ctx, stored.ID, len(msgs), p.excluded); err != nil {
		return nil, false, err
	}
	if s.Invite.Wake != nil {
		s.Invite.Wake()
	}
	stored, err = s.Invite.Store.Batch(ctx, stored.ID)
	return stored, false, err
}
