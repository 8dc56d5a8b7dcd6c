package handlers

import (
	"bufio"
	"encoding/json"
	"maps"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/geo"
	"canvass/results"
	"canvass/surveys"
)

// exportResultsGeoJSON streams results.geojson: the survey's neighborhood
// boundaries with each neighborhood's results joined in as flat
// properties, ready for QGIS or ArcGIS to shade by any of them:
//
//	neighborhood, name, n, suppressed,
//	<question>_n, <question>_mean, <question>_<answer> (count),
//	<question>_<answer>_pct (percent of those who answered)
//
// A suppressed neighborhood or question has null values, which GIS tools
// show as "no data". A split has no place on a map; filters apply.
func (s *Server) exportResultsGeoJSON(c *echo.Context) error {
	req, err := s.readResultsRequest(c)
	if err != nil {
		return err
	}
	if req.view.Split != "" {
		return surveys.Problems{{Path: "split", MessageID: "results.geojson_split"}}
	}
	raw, err := s.Results.Boundaries(c.Request().Context(), req.rec.Slug)
	if err != nil {
		return err
	}
	b, problems := surveys.ParseBoundaries(&req.rec.Survey, raw)
	if len(problems.Errors()) > 0 {
		// Checked when uploaded; the survey changed since.
		return surveys.Errorf(surveys.ErrConflict, "boundaries.outdated", map[string]any{"Slug": req.rec.Slug})
	}
	res, err := s.compute(c, req)
	if err != nil {
		return err
	}
	s.audit(c, auth.ActionResultsExport, req.rec.Slug, map[string]string{"format": "geojson", "query": c.QueryString()})
	lab := s.labelerFor(c, &req.rec.Survey)
	w := bufio.NewWriterSize(startDownload(c, req.rec.Slug, "results", "geojson", "application/geo+json"), 64<<10)
	err = writeFeatures(w, lab, res, b)
	if err == nil {
		err = w.Flush()
	}
	return s.streamFailed(c, "results.geojson", err)
}

func writeFeatures(w *bufio.Writer, lab labeler, res *results.Results, b *surveys.Boundaries) error {
	if _, err := w.WriteString(`{"type":"FeatureCollection","features":[`); err != nil {
		return err
	}
	groups := map[string]*results.Group{}
	for i := range res.Groups {
		groups[res.Groups[i].Neighborhood] = &res.Groups[i]
	}
	written := 0
	for _, f := range b.Features {
		g := groups[f.Neighborhood]
		if g == nil { // outside a partner's neighborhoods
			continue
		}
		props := maps.Clone(f.Properties)
		if props == nil {
			props = map[string]any{}
		}
		maps.Copy(props, featureResults(lab, g))
		out, err := json.Marshal(geo.Feature{Type: "Feature", Properties: props, Geometry: f.Geometry})
		if err != nil {
			return err
		}
		if written > 0 {
			if err := w.WriteByte(','); err != nil {
				return err
			}
		}
		if _, err := w.Write(out); err != nil {
			return err
		}
		written++
	}
	_, err := w.WriteString("]}\n")
	return err
}

// featureResults flattens one neighborhood's results into properties.
func featureResults(lab labeler, g *results.Group) map[string]any {
	p := map[string]any{"neighborhood": g.Neighborhood, "name": lab.neighborhood(g.Neighborhood), "n": g.N, "suppressed": g.Suppressed}
	for _, q := range results.Questions(lab.def) {
		var qr *results.QuestionResult
		if !g.Suppressed {
			qr = g.Questions[q.ID]
		}
		shown := qr != nil && !qr.Suppressed
		p[q.ID+"_n"] = nil
		if qr != nil {
			p[q.ID+"_n"] = qr.N
		}
		if q.Type == surveys.TypeScale || q.Type == surveys.TypeNumber {
			p[q.ID+"_mean"] = nil
			if shown && qr.Mean != nil {
				p[q.ID+"_mean"] = *qr.Mean
			}
		}
		var counts map[string]int64
		if shown {
			counts = qr.Counts
		}
		for _, k := range answerKeys(q, counts) {
			p[q.ID+"_"+k], p[q.ID+"_"+k+"_pct"] = nil, nil
			if shown {
				p[q.ID+"_"+k] = qr.Counts[k]
				p[q.ID+"_"+k+"_pct"] = percent(qr.Counts[k], qr.N)
			}
		}
	}
	return p
}
