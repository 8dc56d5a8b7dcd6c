package surveys

import (
	"encoding/json"
	"fmt"

	"github.com/paulmach/orb"

	"canvass/geo"
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
	Polygons orb.MultiPolygon
}

// ParseBoundaries reads and checks a boundaries file against def: every
// feature must be a Polygon or MultiPolygon of one known neighborhood, at
// most one per neighborhood; a neighborhood without one is a warning (its
// map area stays blank). Every problem is reported at once.
func ParseBoundaries(def *Survey, raw []byte) (*Boundaries, Problems) {
	features, err := geo.ReadFeatures(raw)
	if err != nil {
		return nil, Problems{{Path: "", MessageID: "boundaries.not_collection"}}
	}
	var p Problems
	bad := func(path, id string, data map[string]any) {
		p = append(p, Problem{Path: path, MessageID: id, Data: data})
	}
	b := &Boundaries{}
	seen := map[string]bool{}
	for i, f := range features {
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
		polys, err := geo.Polygons(f.Geometry)
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

func featureNeighborhood(f geo.Feature) string {
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
