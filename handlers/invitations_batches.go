package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v5"

	"canvass/invite"
	"canvass/locales"
	"canvass/sms"
)

// batchJSON is a batch as the API shows it: its counters, where it is, and
// what it costs.
type batchJSON struct {
	*invite.Batch
	State   string `json:"state"`
	Pending int    `json:"pending"`
	// Note says, in the reader's language, why messages are not going
	// out (a paused account, an unreachable Twilio), as the page does.
	Note string `json:"note,omitempty"`
	// Cost is the estimate confirmed at send time, and what the accepted
	// messages cost so far, when a segment price is configured.
	Cost      *costJSON `json:"estimated_cost,omitempty"`
	CostSoFar *costJSON `json:"cost_so_far,omitempty"`
}

func (s *Server) batchJSON(c *echo.Context, b *invite.Batch) batchJSON {
	if b.Counts.Delivery == nil {
		b.Counts.Delivery = map[string]int{}
	}
	for k, v := range b.Counts.Delivery {
		if v == 0 {
			delete(b.Counts.Delivery, k)
		}
	}
	return batchJSON{Batch: b, State: b.State(), Pending: b.Pending(), Note: batchNote(s.localizer(c), b),
		Cost: s.cost(b.Estimate.Segments), CostSoFar: s.cost(b.Counts.Segments)}
}

// batchNote says why a batch's messages are not going out, in loc's
// language: Twilio refuses the account, and what to fix, or Twilio cannot
// be reached, and the reason stored with the messages. "" when they go.
func batchNote(loc *locales.Localizer, b *invite.Batch) string {
	switch {
	case b.Pending() == 0:
		return ""
	case b.Paused != nil:
		id := "invite.batch.paused.credentials"
		if b.Paused.Problem == sms.AccountInactive {
			id = "invite.batch.paused.inactive"
		}
		return loc.T(id, map[string]any{"Code": b.Paused.Code, "Since": batchTime(b.Paused.Since)})
	case b.Waiting != nil:
		return loc.T("invite.batch.waiting", map[string]any{"Since": batchTime(b.Waiting.Since), "Reason": b.Waiting.Reason})
	}
	return ""
}

// batchTime is how the batch pages show a time.
func batchTime(t time.Time) string { return t.UTC().Format(time.DateTime + " MST") }

// batchAccepted answers a send: 202, the batch, and where to watch it.
func (s *Server) batchAccepted(c *echo.Context, b *invite.Batch) error {
	c.Response().Header().Set("Location", "/api/v1/batches/"+b.ID)
	return c.JSON(http.StatusAccepted, s.batchJSON(c, b))
}

// listBatches lists a survey's batches, newest first (?kind=invitation or
// results narrows).
func (s *Server) listBatches(c *echo.Context) error {
	ctx := c.Request().Context()
	if _, err := s.Invite.Store.Survey(ctx, c.Param("slug")); err != nil {
		return err
	}
	bs, err := s.Invite.Store.Batches(ctx, c.Param("slug"), c.QueryParam("kind"))
	if err != nil {
		return err
	}
	out := make([]batchJSON, len(bs))
	for i, b := range bs {
		out[i] = s.batchJSON(c, b)
	}
	return c.JSON(http.StatusOK, out)
}

// getBatch shows one batch: outcomes and delivery status as Twilio reports
// them through its status callbacks.
func (s *Server) getBatch(c *echo.Context) error {
	b, err := s.Invite.Store.Batch(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.batchJSON(c, b))
}

// cancelBatch stops a batch: what has not gone yet never will.
func (s *Server) cancelBatch(c *echo.Context) error {
	b, err := s.Invite.Store.CancelBatch(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	s.audit(c, actionBatchCancel, b.Survey, map[string]string{"batch": b.ID})
	return c.JSON(http.StatusOK, s.batchJSON(c, b))
}
