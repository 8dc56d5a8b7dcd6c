// Package geo reads the neighborhood outlines organizers upload as GeoJSON
// and does the plane geometry a map of them needs: areas, label points,
// and fitting them onto a drawing. The geometry itself is
// github.com/paulmach/orb's; what is here is canvass's choice of how
// strict to be and how to draw. It is pure: no HTTP, no store, and no
// survey rules (which property names a neighborhood is package surveys').
package geo

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// ErrNotFeatureCollection is returned for a file that is not a GeoJSON
// FeatureCollection at all.
var ErrNotFeatureCollection = errors.New("geo: not a GeoJSON FeatureCollection")

// Feature is one GeoJSON Feature with its geometry kept as written, so an
// export hands GIS tools the organizer's own coordinates, digit for digit.
type Feature struct {
	Type       string          `json:"type"`
	ID         any             `json:"id,omitempty"`
	Properties map[string]any  `json:"properties"`
	Geometry   json.RawMessage `json:"geometry"`
}

// ReadFeatures returns the features of a FeatureCollection. Their
// geometries are left for Polygons to read one by one: orb's
// FeatureCollection refuses a whole file for one bad geometry, and an
// organizer needs to hear which feature is wrong and which neighborhood
// it is.
func ReadFeatures(raw []byte) ([]Feature, error) {
	var fc struct {
		Type     string    `json:"type"`
		Features []Feature `json:"features"`
	}
	if err := json.Unmarshal(raw, &fc); err != nil || fc.Type != "FeatureCollection" {
		return nil, ErrNotFeatureCollection
	}
	return fc.Features, nil
}

// world is the range of longitude and latitude.
var world = orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}

// Polygons reads a GeoJSON Polygon or MultiPolygon geometry whose
// positions are longitude and latitude. Anything else, an empty
// geometry, a polygon without an outer ring, a ring of fewer than four
// positions or a position off the globe is an error.
func Polygons(geometry json.RawMessage) (orb.MultiPolygon, error) {
	g, err := geojson.UnmarshalGeometry(geometry)
	if err != nil {
		return nil, err
	}
	var mp orb.MultiPolygon
	switch c := g.Coordinates.(type) {
	case orb.Polygon:
		mp = orb.MultiPolygon{c}
	case orb.MultiPolygon:
		mp = c
	default:
		return nil, fmt.Errorf("geo: a %s has no area", g.Type)
	}
	if len(mp) == 0 {
		return nil, errors.New("geo: empty geometry")
	}
	for _, p := range mp {
		if len(p) == 0 {
			return nil, errors.New("geo: a polygon without an outer ring")
		}
		for _, r := range p {
			if len(r) < 4 {
				return nil, errors.New("geo: a ring needs at least 4 positions")
			}
			if b := r.Bound(); !world.Contains(b.Min) || !world.Contains(b.Max) {
				return nil, errors.New("geo: position outside longitude/latitude range")
			}
		}
	}
	return mp, nil
}
