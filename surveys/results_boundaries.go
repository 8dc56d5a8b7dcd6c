package surveys

import (
	"encoding/json"
	"fmt"
	"math"
)

// MaxBoundariesBytes bounds an uploaded boundaries file. City neighborhood
// outlines are typically tens to hundreds of kilobytes; simplify larger
// ones (QGIS: Vector › Geometry Tools › Simplify) before uploading.
const MaxBoundariesBytes = 8 << 20

// Boundaries are the outlines of a survey's neighborhoods, from a GeoJSON
// FeatureCollection the organizer provides: one feature per neighborhood,
// named by an "id" (or "neighborhood") property holding its ID.
type Boundaries struct {
	Features []Feature
}

// Feature is one neighborhood's outline.
type Feature struct {
	Neighborhood string
	// Properties are the organizer's own, kept in exports.
	Properties map[string]any
	// Geometry is the GeoJSON geometry as uploaded.
	Geometry json.RawMessage
	// Polygons are its rings as [longitude, latitude] points, for maps.
	Polygons [][][][2]float64
}

type geoFeatureCollection struct {
	Type     string       `json:"type"`
	Features []geoFeature `json:"features"`
}

type geoFeature struct {
	Type       string          `json:"type"`
	ID         any             `json:"id"`
	Properties map[string]any  `json:"properties"`
	Geometry   json.RawMessage `json:"geometry"`
}

type geoGeometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// ParseBoundaries reads and checks a boundaries file against def: every
// feature must be a Polygon or MultiPolygon of one known neighborhood, at
// most one per neighborhood; a neighborhood without one is a warning (its
// map area stays blank). Every problem is reported at once.
func ParseBoundaries(def *Survey, raw []byte) (*Boundaries, Problems) {
	var fc geoFeatureCollection
	if err := json.Unmarshal(raw, &fc); err != nil || fc.Type != "FeatureCollection" {
		return nil, Problems{{Path: "", MessageID: "boundaries.not_collection"}}
	}
	var p Problems
	bad := func(path, id string, data map[string]any) {
		p = append(p, Problem{Path: path, MessageID: id, Data: data})
	}
	b := &Boundaries{}
	seen := map[string]bool{}
	for i, f := range fc.Features {
		path := fmt.Sprintf("features[%d]", i)
		nb := featureNeighborhood(f)
		switch {
		case nb == "":
			bad(path+".properties.id", "boundaries.id_missing", nil)
			continue
		case !hasNeighborhood(def, nb):
			bad(path+".properties.id", "boundaries.id_unknown", map[string]any{"Neighborhood": nb})
			continue
		case seen[nb]:
			bad(path+".properties.id", "boundaries.id_duplicate", map[string]any{"Neighborhood": nb})
			continue
		}
		seen[nb] = true
		polys, err := parsePolygons(f.Geometry)
		if err != nil {
			bad(path+".geometry", "boundaries.geometry_invalid", map[string]any{"Neighborhood": nb})
			continue
		}
		b.Features = append(b.Features, Feature{Neighborhood: nb, Properties: f.Properties, Geometry: f.Geometry, Polygons: polys})
	}
	for i, n := range def.Neighborhoods {
		if !seen[n.ID] {
			p = append(p, Problem{Path: fmt.Sprintf("neighborhoods[%d]", i), MessageID: "boundaries.missing", Data: map[string]any{"Neighborhood": n.ID}, Warning: true})
		}
	}
	if len(p.Errors()) > 0 {
		return nil, p
	}
	return b, p
}

func hasNeighborhood(def *Survey, id string) bool {
	_, ok := def.Neighborhood(id)
	return ok
}

func featureNeighborhood(f geoFeature) string {
	for _, k := range []string{"id", "neighborhood"} {
		if s, ok := f.Properties[k].(string); ok && s != "" {
			return s
		}
	}
	if s, ok := f.ID.(string); ok {
		return s
	}
	return ""
}

// parsePolygons reads a Polygon or MultiPolygon into rings of points.
func parsePolygons(raw json.RawMessage) ([][][][2]float64, error) {
	var g geoGeometry
	if err := json.Unmarshal(raw, &g); err != nil {
		return nil, err
	}
	var polys [][][][2]float64
	switch g.Type {
	case "Polygon":
		var poly [][][2]float64
		if err := json.Unmarshal(g.Coordinates, &poly); err != nil {
			return nil, err
		}
		polys = [][][][2]float64{poly}
	case "MultiPolygon":
		if err := json.Unmarshal(g.Coordinates, &polys); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("geometry type %q", g.Type)
	}
	points := 0
	for _, poly := range polys {
		for _, ring := range poly {
			if len(ring) < 4 {
				return nil, fmt.Errorf("a ring needs at least 4 positions")
			}
			for _, pt := range ring {
				if math.Abs(pt[0]) > 180 || math.Abs(pt[1]) > 90 {
					return nil, fmt.Errorf("position outside longitude/latitude range")
				}
				points++
			}
		}
	}
	if points == 0 {
		return nil, fmt.Errorf("empty geometry")
	}
	return polys, nil
}
