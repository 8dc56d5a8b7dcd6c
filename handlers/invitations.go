package handlers

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/invite"
	"canvass/outreach"
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

// sendRequest reads the survey named in the path and the body of an
// invitation or results-back request (empty is an empty request).
func (s *Server) sendRequest(c *echo.Context) (*surveys.Record, outreach.Request, error) {
	var req outreach.Request
	rec, err := s.Invite.Store.Survey(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return nil, req, err
	}
	body, err := io.ReadAll(io.LimitReader(c.Request().Body, 64<<10))
	if err != nil {
		return nil, req, surveys.Errorf(surveys.ErrInvalid, "error.bad_request", nil)
	}
	if len(body) > 0 {
		if err := json.Unmarshal(body, &req); err != nil {
			return nil, req, surveys.Errorf(surveys.ErrInvalid, "error.bad_request", nil)
		}
	}
	return rec, req, nil
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

func newEstimateJSON(e outreach.Estimate) estimateJSON {
	return estimateJSON{Estimate: e.Estimate, Excluded: e.Excluded, Cost: newCostJSON(e.Cost), SendingOn: e.SendingOn}
}

func newCostJSON(m *outreach.Money) *costJSON {
	if m == nil {
		return nil
	}
	return &costJSON{PerSegment: m.PerSegment, Total: m.Total, Currency: m.Currency}
}

func (s *Server) cost(segments int) *costJSON {
	return newCostJSON(s.Invite.Outreach.Cost(segments))
}

func (s *Server) previewInvitation(c *echo.Context) error {
	rec, req, err := s.sendRequest(c)
	if err != nil {
		return err
	}
	p, err := s.Invite.Outreach.PlanInvitation(c.Request().Context(), rec, req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newEstimateJSON(p.Estimate))
}

// sendInvitation queues an invitation to the audience, once its estimate
// matches the one the organizer confirmed. A request repeated with the
// same Idempotency-Key returns the first one's batch (and finishes queueing
// it if the first was cut short) instead of inviting twice.
func (s *Server) sendInvitation(c *echo.Context) error {
	rec, req, err := s.sendRequest(c)
	if err != nil {
		return err
	}
	b, existed, err := s.queueInvitation(c, rec, req, c.Request().Header.Get("Idempotency-Key"))
	if err != nil {
		return err
	}
	if existed {
		return c.JSON(http.StatusOK, s.batchJSON(c, b)) // a repeated request: the first one's batch
	}
	return s.batchAccepted(c, b)
}

// queueInvitation sends an invitation batch (API and page) and audits a
// new one; key is the request's idempotency key, "" for none.
func (s *Server) queueInvitation(c *echo.Context, rec *surveys.Record, req outreach.Request, key string) (*invite.Batch, bool, error) {
	actor := currentPrincipal(c)
	actorID := ""
	if actor != nil {
		actorID = actor.ID
	}
	id := outreach.BatchID(actorID, c.Param("slug"), "inv", key)
	b, existed, err := s.Invite.Outreach.SendInvitation(c.Request().Context(), actor, rec, req, id)
	if err == nil && !existed {
		s.auditSend(c, auth.ActionInvitationsSend, b, req)
	}
	return b, existed, err
}

// auditSend records a send. Its segments are the confirmed estimate,
// which a send only goes ahead with when the plan matches it.
func (s *Server) auditSend(c *echo.Context, action string, b *invite.Batch, req outreach.Request) {
	s.audit(c, action, b.Survey, map[string]string{"batch": b.ID, "recipients": strconv.Itoa(b.Total), "segments": strconv.Itoa(*req.EstimatedSegments)})
}
