package handlers

import (
	"net/http"

	"github.com/labstack/echo/v5"

	"canvass/invite"
	"canvass/outreach"
	"canvass/surveys"
)

func (s *Server) previewResultsBack(c *echo.Context) error {
	rec, req, err := s.sendRequest(c)
	if err != nil {
		return err
	}
	p, err := s.Invite.Outreach.PlanResultsBack(c.Request().Context(), rec, req.Question)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newEstimateJSON(p.Estimate))
}

// sendResultsBack queues the results texts of a closed survey. A survey's
// results go back once: a second send is refused unless the first was
// canceled; a send cut short before all was queued is completed.
func (s *Server) sendResultsBack(c *echo.Context) error {
	rec, req, err := s.sendRequest(c)
	if err != nil {
		return err
	}
	b, err := s.queueResultsBack(c, rec, req)
	if err != nil {
		return err
	}
	return s.batchAccepted(c, b)
}

// queueResultsBack sends a results batch (API and page) and audits it.
func (s *Server) queueResultsBack(c *echo.Context, rec *surveys.Record, req outreach.Request) (*invite.Batch, error) {
	b, err := s.Invite.Outreach.SendResultsBack(c.Request().Context(), currentPrincipal(c), rec, req)
	if err != nil {
		return nil, err
	}
	s.auditSend(c, actionResultsSend, b, req)
	return b, nil
}
