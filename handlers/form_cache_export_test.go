package handlers

import (
	"net/http"

	"github.com/labstack/echo/v5"
)

// HandlerWithStaticLikeFormPage is s.Handler() with one more route for
// TestFormLoad: GET prefix/:name serves the static files behind the form
// page's own middleware (formPageMiddleware, with a limiter and CSRF of its
// own), to tell what the form page costs from what its route costs.
func HandlerWithStaticLikeFormPage(s *Server, prefix string) http.Handler {
	e := s.Handler().(*echo.Echo)
	pages, _ := s.formLimiters()
	e.GET(prefix+":name", s.serveAsset, s.formPageMiddleware(pages, s.formCSRF())...)
	return e
}
