package handlers

import (
	"fmt"
	"html"
	"html/template"
	"io"
	"math"
	"net/http"
	"strings"

	"github.com/labstack/echo/v5"
	"github.com/paulmach/orb"

	"canvass/surveys"
)

// boundariesView is the data of admin/boundaries: the outlines stored
// for a survey's neighborhoods, drawn, and every problem of the last
// upload, each naming its feature.
type boundariesView struct {
	adminPage
	Slug     string
	Title    string
	Map      template.HTML
	Features int
	Problems []problemView
	Errors   int
	Stored   bool
}

func (s *Server) showBoundaries(c *echo.Context) error {
	return s.renderBoundaries(c, http.StatusOK, nil)
}

// postBoundaries checks and stores an uploaded GeoJSON file through the
// same storeBoundaries as PUT /api/v1/surveys/{slug}/boundaries; with
// errors nothing stored changes and each is listed.
func (s *Server) postBoundaries(c *echo.Context) error {
	ctx := c.Request().Context()
	rec, err := s.Results.Survey(ctx, c.Param("slug"))
	if err != nil {
		return err
	}
	raw, err := readBoundariesUpload(c)
	if err != nil {
		return err
	}
	if raw == nil {
		return s.renderBoundaries(c, http.StatusUnprocessableEntity, surveys.Problems{{MessageID: "admin.boundaries.no_file"}})
	}
	b, problems, err := s.storeBoundaries(c, rec, raw)
	if err != nil {
		return err
	}
	if b == nil {
		return s.renderBoundaries(c, http.StatusUnprocessableEntity, problems)
	}
	return s.renderBoundaries(c, http.StatusOK, problems)
}

// readBoundariesUpload reads the uploaded file (nil when none was
// chosen), within the staff pages' post limit.
func readBoundariesUpload(c *echo.Context) ([]byte, error) {
	fh, err := c.FormFile("file")
	if err != nil || fh.Size == 0 {
		return nil, nil
	}
	f, err := fh.Open()
	if err != nil {
		return nil, surveys.Errorf(surveys.ErrInvalid, "error.bad_request", nil)
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, surveys.MaxBoundariesBytes))
	if err != nil {
		return nil, surveys.Errorf(surveys.ErrInvalid, "error.bad_request", nil)
	}
	return raw, nil
}

// renderBoundaries shows the stored outlines and the problems given.
func (s *Server) renderBoundaries(c *echo.Context, status int, problems surveys.Problems) error {
	ctx := c.Request().Context()
	rec, err := s.Results.Survey(ctx, c.Param("slug"))
	if err != nil {
		return err
	}
	loc := s.localizer(c)
	v := boundariesView{adminPage: s.newAdminPage(c, "surveys", "admin.boundaries.title", map[string]any{"Slug": rec.Slug}),
		Slug: rec.Slug, Title: rec.Title.In(loc.Lang(), rec.DefaultLanguage), Errors: len(problems.Errors())}
	for _, p := range append(problems.Errors(), problems.Warnings()...) {
		v.Problems = append(v.Problems, problemView{Path: p.Path, Where: surveys.HumanPath(p.Path, &rec.Survey, loc.T), Message: loc.T(p.MessageID, p.Data), Warning: p.Warning})
	}
	raw, err := s.Results.Boundaries(ctx, rec.Slug)
	switch {
	case surveys.IsNotFound(err):
	case err != nil:
		return err
	default:
		if b, _ := surveys.ParseBoundaries(&rec.Survey, raw); b != nil {
			v.Stored, v.Features = true, len(b.Features)
			v.Map = previewMap(b, loc.T("admin.boundaries.map_title", map[string]any{"Count": len(b.Features)}),
				func(id string) string { name, _ := rec.NeighborhoodName(id, loc.Lang()); return name })
		}
	}
	if status == http.StatusOK && problems == nil && c.Request().Method == http.MethodPost {
		v.Done = loc.T("admin.done.saved", nil)
	}
	return s.renderAdmin(c, status, "admin/boundaries", v)
}

// previewMap draws the outlines as an SVG, north up, longitude scaled by
// the cosine of the middle latitude so areas keep their shape; each
// outline is titled with its neighborhood's name.
func previewMap(b *surveys.Boundaries, title string, name func(string) string) template.HTML {
	bound := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	for _, f := range b.Features {
		bound = bound.Union(f.Polygons.Bound())
	}
	const width = 600.0
	kx := math.Cos((bound.Min[1] + bound.Max[1]) / 2 * math.Pi / 180)
	w, h := (bound.Max[0]-bound.Min[0])*kx, bound.Max[1]-bound.Min[1]
	if w <= 0 || h <= 0 {
		return ""
	}
	scale := width / w
	height := h * scale
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="boundary-map" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="map-title"><title id="map-title">%s</title>`, width, height, html.EscapeString(title))
	for i, f := range b.Features {
		var d strings.Builder
		for _, poly := range f.Polygons {
			for _, ring := range poly {
				for k, p := range ring {
					cmd := "L"
					if k == 0 {
						cmd = "M"
					}
					fmt.Fprintf(&d, "%s%.1f %.1f", cmd, (p[0]-bound.Min[0])*kx*scale, (bound.Max[1]-p[1])*scale)
				}
				d.WriteString("Z")
			}
		}
		fmt.Fprintf(&sb, `<path d="%s" class="area-%d"><title>%s</title></path>`, d.String(), i%6, html.EscapeString(name(f.Neighborhood)))
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String()) // built from numbers and escaped names only
}
