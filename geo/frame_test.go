package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"canvass/surveys/examples"
)

func box(minLon, minLat, maxLon, maxLat float64) orb.Ring {
	return orb.Ring{{minLon, minLat}, {maxLon, minLat}, {maxLon, maxLat}, {minLon, maxLat}, {minLon, minLat}}
}

func near(a, b orb.Point, tol float64) bool {
	return math.Abs(a[0]-b[0]) <= tol && math.Abs(a[1]-b[1]) <= tol
}

func TestLabelPoint(t *testing.T) {
	// Far from (0, 0), where a shoelace sum of raw coordinates loses the
	// last digits to products of -71 × 42.
	block := orb.MultiPolygon{{box(-71.07, 42.35, -71.05, 42.37)}}
	if got := LabelPoint(block); !near(got, orb.Point{-71.06, 42.36}, 1e-12) {
		t.Errorf("block: %v", got)
	}
	// A hole in the west half moves the label east.
	hole := box(0.5, 0.5, 1.5, 1.5)
	hole.Reverse()
	holed := orb.MultiPolygon{{box(0, 0, 4, 2), hole}}
	if got := LabelPoint(holed); !near(got, orb.Point{(8*2 - 1*1) / 7.0, 1}, 1e-12) {
		t.Errorf("holed: %v", got)
	}
	// The label stays on the mainland, not between it and an island.
	island := orb.MultiPolygon{{box(10, 10, 10.1, 10.1)}, {box(0, 0, 2, 2)}}
	if got := LabelPoint(island); !near(got, orb.Point{1, 1}, 1e-12) {
		t.Errorf("island: %v", got)
	}
	if got := LabelPoint(nil); got != (orb.Point{}) {
		t.Errorf("nothing: %v", got)
	}
}

func TestExampleLabelsFallInsideTheirNeighborhoods(t *testing.T) {
	raw, ok := examples.Boundaries("safety-spring-2026")
	if !ok {
		t.Fatal("the example ships boundaries")
	}
	fs, err := ReadFeatures(raw)
	if err != nil || len(fs) == 0 {
		t.Fatal(err)
	}
	for _, f := range fs {
		mp, err := Polygons(f.Geometry)
		if err != nil {
			t.Fatalf("%v: %v", f.Properties["id"], err)
		}
		if at := LabelPoint(mp); !planar.MultiPolygonContains(mp, at) {
			t.Errorf("%v: label %v outside", f.Properties["id"], at)
		}
	}
}

func TestFit(t *testing.T) {
	// At 60° a degree of longitude is half a degree of latitude long.
	wide := orb.MultiPolygon{{box(10, 59, 18, 61)}}
	f, ok := Fit([]orb.MultiPolygon{wide}, 940, 640, 10)
	if !ok {
		t.Fatal("not framed")
	}
	k := math.Cos(60 * math.Pi / 180)
	scale := 940 / (8 * k)
	for _, c := range []struct{ in, want orb.Point }{
		{orb.Point{10, 61}, orb.Point{10, 10}},            // north-west corner: top left
		{orb.Point{18, 59}, orb.Point{950, 10 + 2*scale}}, // south-east corner
		{orb.Point{14, 60}, orb.Point{480, 10 + scale}},
	} {
		if got := f.Point(c.in); !near(got, c.want, 1e-9) {
			t.Errorf("Point(%v) = %v, want %v", c.in, got, c.want)
		}
	}
	if got := f.Height(); math.Abs(got-(2*scale+20)) > 1e-9 || got > 640 {
		t.Errorf("Height = %v", got)
	}

	// A tall shape is bounded by the height and keeps its proportions.
	tall := orb.MultiPolygon{{box(0, 0, 1, 10)}}
	f, _ = Fit([]orb.MultiPolygon{tall, {{box(0.5, 2, 0.6, 3)}}}, 940, 640, 10)
	if got := f.Height(); math.Abs(got-660) > 1e-9 {
		t.Errorf("tall: Height = %v", got)
	}
	if se := f.Point(orb.Point{1, 0}); math.Abs(se[0]-(10+64*math.Cos(5*math.Pi/180))) > 1e-9 || math.Abs(se[1]-650) > 1e-9 {
		t.Errorf("tall: south-east corner at %v", se)
	}

	for name, shapes := range map[string][]orb.MultiPolygon{
		"nothing": nil,
		"empty":   {{}},
		"a line":  {{{{{0, 0}, {1, 0}, {2, 0}, {0, 0}}}}},
	} {
		if _, ok := Fit(shapes, 940, 640, 10); ok {
			t.Errorf("%s framed", name)
		}
	}
}

func TestFrameMultiPolygonLeavesItsInputAlone(t *testing.T) {
	mp := orb.MultiPolygon{{box(0, 0, 2, 1)}}
	f, _ := Fit([]orb.MultiPolygon{mp}, 200, 200, 0)
	out := f.MultiPolygon(mp)
	if mp[0][0][2] != (orb.Point{2, 1}) {
		t.Errorf("input changed: %v", mp)
	}
	if got := out[0][0][2]; !near(got, orb.Point{200, 0}, 1e-9) {
		t.Errorf("north-east corner at %v", got)
	}
}
