package geo

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/paulmach/orb"
)

func TestReadFeatures(t *testing.T) {
	raw := `{"type": "FeatureCollection", "features": [
	  {"type": "Feature", "id": "riverside", "properties": {"name": "Riverside", "pop": 1200},
	   "geometry": {"type": "Polygon", "coordinates": [[[-71.0909, 42.35404], [-71.07056, 42.35269], [-71.07362, 42.367945], [-71.0909, 42.35404]]]}},
	  {"type": "Feature", "properties": null, "geometry": {"type": "Point", "coordinates": [0, 0]}}]}`
	fs, err := ReadFeatures([]byte(raw))
	if err != nil || len(fs) != 2 {
		t.Fatalf("%d features, %v", len(fs), err)
	}
	if fs[0].ID != "riverside" || fs[0].Properties["name"] != "Riverside" || fs[0].Properties["pop"] != 1200.0 {
		t.Errorf("feature 0: %+v", fs[0])
	}
	// A bad geometry is Polygons' to report, feature by feature.
	if _, err := Polygons(fs[1].Geometry); err == nil {
		t.Error("a Point read as an area")
	}
	for _, bad := range []string{``, `[]`, `{"type":"Feature","geometry":null}`, `{"features":[]}`, `{"type":"FeatureCollection","features":{}}`, `not json`} {
		if _, err := ReadFeatures([]byte(bad)); !errors.Is(err, ErrNotFeatureCollection) {
			t.Errorf("ReadFeatures(%q) = %v", bad, err)
		}
	}
}

func TestFeatureKeepsGeometryAsWritten(t *testing.T) {
	geometry := `{"type":"Polygon","coordinates":[[[-71.07362,42.367945],[-71.0529200,42.36592],[-71.0369,4.2367270E1],[-71.07362,42.367945]]],"bbox":[-71.07362,42.36592,-71.0369,42.367945]}`
	out, err := json.Marshal(Feature{Type: "Feature", Properties: map[string]any{"n": 3}, Geometry: json.RawMessage(geometry)})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"type":"Feature","properties":{"n":3},"geometry":` + geometry + `}`; string(out) != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
}

func TestPolygons(t *testing.T) {
	square := `[[0,0],[1,0],[1,1],[0,1],[0,0]]`
	hole := `[[0.2,0.2],[0.2,0.4],[0.4,0.4],[0.4,0.2],[0.2,0.2]]`
	good := map[string]int{
		`{"type":"Polygon","coordinates":[` + square + `]}`:                                                                       1,
		`{"type":"Polygon","coordinates":[` + square + `,` + hole + `]}`:                                                          1,
		`{"type":"MultiPolygon","coordinates":[[` + square + `],[[[5,5],[6,5],[6,6],[5,5]]]]}`:                                    2,
		`{"type":"Polygon","coordinates":[[[0,0,12.5],[1,0,12.5],[1,1,13],[0,0,12.5]]]}`:                                          1, // altitude is ignored
		`{"type":"Polygon","coordinates":[[[-180,-90],[180,-90],[180,90],[-180,-90]]]}`:                                           1,
		`{"type":"Polygon","coordinates":[` + square + `],"properties":{"misplaced":true}}`:                                       1,
		`{"coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]],"type":"MultiPolygon"}`:                                                     1,
		`{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]],"bbox":[0,0,1,1]}`:                                    1,
		`{"type":"Polygon","coordinates":[[[-71.0909,42.35404],[-71.07056,42.35269],[-71.07362,42.367945],[-71.0909,42.35404]]]}`: 1,
	}
	for raw, n := range good {
		mp, err := Polygons(json.RawMessage(raw))
		if err != nil || len(mp) != n {
			t.Errorf("Polygons(%s) = %d polygons, %v; want %d", raw, len(mp), err, n)
		}
	}
	bad := []string{
		``, `null`, `{}`, `"Polygon"`,
		`{"type":"Point","coordinates":[0,0]}`,
		`{"type":"LineString","coordinates":[[0,0],[1,1]]}`,
		`{"type":"GeometryCollection","geometries":[{"type":"Polygon","coordinates":[` + square + `]}]}`,
		`{"type":"Circle","coordinates":[0,0]}`,
		`{"type":"Polygon"}`,
		`{"type":"Polygon","coordinates":[]}`,
		`{"type":"Polygon","coordinates":[[]]}`,
		`{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}`,
		`{"type":"Polygon","coordinates":[[["0","0"],["1","0"],["1","1"],["0","0"]]]}`,
		`{"type":"Polygon","coordinates":[[[0,0],[200,0],[1,1],[0,0]]]}`,
		`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,91],[0,0]]]}`,
		`{"type":"Polygon","coordinates":[` + square + `,[[0.2,0.2],[0.2,-95],[0.4,0.4],[0.2,0.2]]]}`,
		`{"type":"MultiPolygon","coordinates":[]}`,
		`{"type":"MultiPolygon","coordinates":[[],[` + square + `]]}`,
	}
	for _, raw := range bad {
		if mp, err := Polygons(json.RawMessage(raw)); err == nil {
			t.Errorf("Polygons(%s) = %v; want an error", raw, mp)
		}
	}
}

func TestPolygonsAreLongitudeLatitude(t *testing.T) {
	mp, err := Polygons(json.RawMessage(`{"type":"Polygon","coordinates":[[[-71.1,42.3],[-71.0,42.3],[-71.0,42.4],[-71.1,42.3]]]}`))
	if err != nil {
		t.Fatal(err)
	}
	if p := mp[0][0][1]; p.Lon() != -71.0 || p.Lat() != 42.3 {
		t.Errorf("second position %v", p)
	}
	if _, ok := any(mp).(orb.Geometry); !ok {
		t.Error("not an orb geometry")
	}
}
