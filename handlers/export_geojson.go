package handlers

import (
	"bufio"
	"encoding/json"
	"maps"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/geo"
	"canvass/gpkg"
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
	m, err := s.readMapExport(c, "geojson")
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(startDownload(c, m.rec.Slug, "results", "geojson", "application/geo+json"), 64<<10)
	err = writeFeatures(w, m.lab, m.res, m.boundaries)
	if err == nil {
		err = w.Flush()
	}
	return s.streamFailed(c, "results.geojson", err)
}

// mapExport is what a map export joins: the survey's results as the
// viewer may see them and its neighborhood boundaries.
type mapExport struct {
	rec        *surveys.Record
	lab        labeler
	res        *results.Results
	boundaries *surveys.Boundaries
}

// readMapExport reads the results and boundaries a map export of format
// joins, and records the export. A split has no place on a map; filters
// apply.
func (s *Server) readMapExport(c *echo.Context, format string) (*mapExport, error) {
	req, err := s.readResultsRequest(c)
	if err != nil {
		return nil, err
	}
	if req.view.Split != "" {
		return nil, surveys.Problems{{Path: "split", MessageID: "results.geojson_split"}}
	}
	raw, err := s.Results.Boundaries(c.Request().Context(), req.rec.Slug)
	if err != nil {
		return nil, err
	}
	b, problems := surveys.ParseBoundaries(&req.rec.Survey, raw)
	if len(problems.Errors()) > 0 {
		// Checked when uploaded; the survey changed since.
		return nil, surveys.Errorf(surveys.ErrConflict, "boundaries.outdated", map[string]any{"Slug": req.rec.Slug})
	}
	res, err := s.compute(c, req)
	if err != nil {
		return nil, err
	}
	s.audit(c, auth.ActionResultsExport, req.rec.Slug, map[string]string{"format": format, "query": c.QueryString()})
	return &mapExport{rec: req.rec, lab: s.labelerFor(c, &req.rec.Survey), res: res, boundaries: b}, nil
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
	props := featureProps(lab, g)
	p := make(map[string]any, len(props))
	for _, x := range props {
		p[x.name] = x.value
	}
	return p
}

// featureProp is one property of a neighborhood's feature: its name, its
// GeoPackage column type, and its value (nil when hidden).
type featureProp struct {
	name, kind string
	value      any
}

// featureProps are one neighborhood's results as flat properties, in the
// order the survey asks its questions.
func featureProps(lab labeler, g *results.Group) []featureProp {
	p := []featureProp{
		{"neighborhood", gpkg.Text, g.Neighborhood}, {"name", gpkg.Text, lab.neighborhood(g.Neighborhood)},
		{"n", gpkg.Integer, g.N}, {"suppressed", gpkg.Boolean, g.Suppressed},
	}
	for _, q := range results.Questions(lab.def) {
		var qr *results.QuestionResult
		if !g.Suppressed {
			qr = g.Questions[q.ID]
		}
		shown := qr != nil && !qr.Suppressed
		answered := featureProp{q.ID + "_n", gpkg.Integer, nil}
		if qr != nil {
			answered.value = qr.N
		}
		p = append(p, answered)
		if q.Type == surveys.TypeScale || q.Type == surveys.TypeNumber {
			mean := featureProp{q.ID + "_mean", gpkg.Real, nil}
			if shown && qr.Mean != nil {
				mean.value = *qr.Mean
			}
			p = append(p, mean)
		}
		var counts map[string]int64
		if shown {
			counts = qr.Counts
		}
		for _, k := range answerKeys(q, counts) {
			count, pct := featureProp{q.ID + "_" + k, gpkg.Integer, nil}, featureProp{q.ID + "_" + k + "_pct", gpkg.Real, nil}
			if shown {
				count.value, pct.value = qr.Counts[k], percent(qr.Counts[k], qr.N)
			}
			p = append(p, count, pct)
		}
	}
	return p
}
