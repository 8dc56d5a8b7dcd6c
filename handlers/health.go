package handlers

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v5"
)

func (s *Server) registerHealthRoutes(e *echo.Echo) {
	e.GET("/healthz", s.healthz)
}

// healthz answers 200 only when the database answers, so a load balancer
// stops sending residents to an instance that would lose their answers.
func (s *Server) healthz(c *echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 3*time.Second)
	defer cancel()
	if err := s.Health.Ping(ctx); err != nil {
		s.Logger.Warn("health check failed", "err", err)
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": "unreachable"})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ok", "database": "ok"})
}
