package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v5"

	"canvass/locales"
	"canvass/surveys"
)

// statusOf maps each error code to its HTTP status. It is the only place
// that does.
var statusOf = map[surveys.Code]int{
	surveys.ErrInvalid:      http.StatusUnprocessableEntity,
	surveys.ErrNotFound:     http.StatusNotFound,
	surveys.ErrConflict:     http.StatusConflict,
	surveys.ErrGone:         http.StatusGone,
	surveys.ErrUnauthorized: http.StatusUnauthorized,
	surveys.ErrForbidden:    http.StatusForbidden,
	surveys.ErrTooMany:      http.StatusTooManyRequests,
	surveys.ErrUnavailable:  http.StatusServiceUnavailable,
	surveys.ErrInternal:     http.StatusInternalServerError,
}

// echoCodes gives Echo's own errors (no route, body too large, …) a code.
var echoCodes = map[int]*surveys.Error{
	http.StatusNotFound:              surveys.Errorf(surveys.ErrNotFound, "error.not_found", nil),
	http.StatusMethodNotAllowed:      surveys.Errorf(surveys.ErrNotFound, "error.method_not_allowed", nil),
	http.StatusRequestEntityTooLarge: surveys.Errorf(surveys.ErrInvalid, "error.too_large", nil),
	http.StatusUnsupportedMediaType:  surveys.Errorf(surveys.ErrInvalid, "error.media_type", nil),
	http.StatusBadRequest:            surveys.Errorf(surveys.ErrInvalid, "error.bad_request", nil),
	http.StatusTooManyRequests:       surveys.Errorf(surveys.ErrTooMany, "error.too_many", nil),
	http.StatusForbidden:             surveys.Errorf(surveys.ErrForbidden, "error.forbidden", nil),
	http.StatusUnauthorized:          surveys.Errorf(surveys.ErrUnauthorized, "error.unauthorized", nil),
}

// domainError turns any error into a domain error with a code and a
// message ID. Errors without a code are internal: their text is logged,
// never shown.
func domainError(err error) (*surveys.Error, int) {
	var de *surveys.Error
	if errors.As(err, &de) {
		return de, statusOf[de.Code]
	}
	var p surveys.Problems
	if errors.As(err, &p) {
		return surveys.Errorf(surveys.ErrInvalid, "error.invalid", map[string]any{"Count": len(p.Errors())}), http.StatusUnprocessableEntity
	}
	var sc echo.HTTPStatusCoder
	if errors.As(err, &sc) {
		if e, ok := echoCodes[sc.StatusCode()]; ok {
			return e, sc.StatusCode()
		}
	}
	return surveys.Wrap(surveys.ErrInternal, "error.internal", err), http.StatusInternalServerError
}

// ErrorRenderer renders an error for an area whose users expect a page,
// not JSON (the resident form). It is stored in the request by that area's
// middleware under errorRendererKey.
type ErrorRenderer func(c *echo.Context, de *surveys.Error, status int) error

const errorRendererKey = "canvass.errorRenderer"

// handleError is Echo's HTTPErrorHandler: the one place an error becomes a
// response. It logs internal errors with their cause.
func (s *Server) handleError(c *echo.Context, err error) {
	if r, uerr := echo.UnwrapResponse(c.Response()); uerr == nil && r.Committed {
		return
	}
	de, status := domainError(err)
	if status >= 500 {
		s.Logger.Error("request failed", "route", c.Path(), "code", de.Code, "err", err)
	}
	if render, ok := c.Get(errorRendererKey).(ErrorRenderer); ok {
		if rerr := render(c, de, status); rerr == nil {
			return
		}
	}
	loc := s.localizer(c)
	body := map[string]any{"error": map[string]any{"code": de.Code, "message": loc.T(de.MessageID, de.Data)}}
	var p surveys.Problems
	if errors.As(err, &p) {
		body["errors"] = s.problemsJSON(loc, p.Errors())
		body["warnings"] = s.problemsJSON(loc, p.Warnings())
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(status)
		return
	}
	_ = c.JSON(status, body)
}

// problemJSON is one validation problem as the API shows it.
type problemJSON struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

func (s *Server) problemsJSON(loc *locales.Localizer, ps surveys.Problems) []problemJSON {
	out := make([]problemJSON, 0, len(ps))
	for _, p := range ps {
		out = append(out, problemJSON{Path: p.Path, Message: loc.T(p.MessageID, p.Data)})
	}
	return out
}

// localizer returns the request's localizer: one set by the area's
// middleware, or the client's preferred language for API clients.
func (s *Server) localizer(c *echo.Context) *locales.Localizer {
	if l, ok := c.Get(localizerKey).(*locales.Localizer); ok {
		return l
	}
	return s.Catalog.Localizer(preferredLanguage(c, s.Catalog.Languages(), locales.Default))
}

const localizerKey = "canvass.localizer"
