package gpkg_test

import (
	"bytes"
	"database/sql"
	"encoding/binary"
	"math"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"canvass/gpkg"
)

// TestWriteReadsBackAsAGeoPackage writes a layer and reads the file as a
// GIS tool does: the GeoPackage marks, its tables, the layer's extent,
// columns of any length, null values, and geometries that decode to what
// was written.
func TestWriteReadsBackAsAGeoPackage(t *testing.T) {
	t.Parallel()
	square := orb.MultiPolygon{{{{-71.1, 42.3}, {-71.0, 42.3}, {-71.0, 42.4}, {-71.1, 42.4}, {-71.1, 42.3}}}}
	two := orb.MultiPolygon{
		{{{-71.3, 42.1}, {-71.2, 42.1}, {-71.2, 42.2}, {-71.3, 42.1}}},
		{{{-71.25, 42.5}, {-71.2, 42.5}, {-71.2, 42.6}, {-71.25, 42.5}}},
	}
	layer := gpkg.Layer{
		Name: "results", Title: "Safety survey", Description: "by neighborhood",
		Columns: []gpkg.Column{{"neighborhood", gpkg.Text}, {"n", gpkg.Integer}, {"suppressed", gpkg.Boolean}, {"safe_night_very_unsafe_pct", gpkg.Real}},
		Features: []gpkg.Feature{
			{Geometry: square, Values: []any{"riverside", 41, false, 12.5}},
			{Geometry: two, Values: []any{"eastgate", 3, true, nil}},
		},
	}
	path := filepath.Join(t.TempDir(), "results.gpkg")
	if err := gpkg.Write(t.Context(), path, layer); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var app, version int64
	if err := db.QueryRow("PRAGMA application_id").Scan(&app); err != nil || app != 0x47504B47 {
		t.Fatalf("application_id %x %v", app, err)
	}
	if err := db.QueryRow("PRAGMA user_version").Scan(&version); err != nil || version != 10300 {
		t.Fatalf("user_version %d %v", version, err)
	}
	var kind, ident string
	var minX, minY, maxX, maxY float64
	var srs int
	if err := db.QueryRow(`SELECT data_type, identifier, min_x, min_y, max_x, max_y, srs_id FROM gpkg_contents WHERE table_name = 'results'`).
		Scan(&kind, &ident, &minX, &minY, &maxX, &maxY, &srs); err != nil {
		t.Fatal(err)
	}
	if kind != "features" || ident != "Safety survey" || srs != 4326 || minX != -71.3 || minY != 42.1 || maxX != -71.0 || maxY != 42.6 {
		t.Fatalf("contents: %s %s %v %v %v %v %d", kind, ident, minX, minY, maxX, maxY, srs)
	}
	var geomType string
	if err := db.QueryRow(`SELECT geometry_type_name, srs_id FROM gpkg_geometry_columns WHERE table_name = 'results' AND column_name = 'geom'`).Scan(&geomType, &srs); err != nil || geomType != "MULTIPOLYGON" || srs != 4326 {
		t.Fatalf("geometry column: %s %d %v", geomType, srs, err)
	}
	for _, id := range []int{-1, 0, 4326} {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM gpkg_spatial_ref_sys WHERE srs_id = ?`, id).Scan(&n); err != nil || n != 1 {
			t.Fatalf("spatial reference %d: %d %v", id, n, err)
		}
	}

	rows, err := db.Query(`SELECT geom, neighborhood, n, suppressed, safe_night_very_unsafe_pct FROM results ORDER BY fid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got [][]any
	for i := 0; rows.Next(); i++ {
		var blob []byte
		var nb string
		var n int
		var hidden bool
		var pct sql.NullFloat64
		if err := rows.Scan(&blob, &nb, &n, &hidden, &pct); err != nil {
			t.Fatal(err)
		}
		geom := readGeometry(t, blob)
		if !reflect.DeepEqual(geom, layer.Features[i].Geometry) {
			t.Errorf("feature %d geometry %v, wrote %v", i, geom, layer.Features[i].Geometry)
		}
		var p any
		if pct.Valid {
			p = pct.Float64
		}
		got = append(got, []any{nb, n, hidden, p})
	}
	want := [][]any{{"riverside", 41, false, 12.5}, {"eastgate", 3, true, nil}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("rows %v, want %v", got, want)
	}
}

// readGeometry checks a GeoPackage geometry blob's header and envelope
// and decodes its WKB.
func readGeometry(t *testing.T, blob []byte) orb.Geometry {
	t.Helper()
	if len(blob) < 40 || !bytes.Equal(blob[:4], []byte{'G', 'P', 0, 3}) {
		t.Fatalf("header % x", blob[:min(8, len(blob))])
	}
	if srs := binary.LittleEndian.Uint32(blob[4:8]); srs != 4326 {
		t.Fatalf("srs %d", srs)
	}
	g, err := wkb.Unmarshal(blob[40:])
	if err != nil {
		t.Fatal(err)
	}
	b := g.Bound()
	env := make([]float64, 4)
	for i := range env {
		env[i] = math.Float64frombits(binary.LittleEndian.Uint64(blob[8+8*i:]))
	}
	if !reflect.DeepEqual(env, []float64{b.Min[0], b.Max[0], b.Min[1], b.Max[1]}) {
		t.Fatalf("envelope %v, geometry's bound %v", env, b)
	}
	return g
}
