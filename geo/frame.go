package geo

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/orb/project"
)

// LabelPoint is where a shape's name goes: the area centroid of its
// largest polygon, holes taken out, so that a small island or exclave
// does not pull the label off the neighborhood.
func LabelPoint(mp orb.MultiPolygon) orb.Point {
	var at orb.Point
	largest := -1.0
	for _, p := range mp {
		if c, a := planar.CentroidArea(p); a > largest {
			at, largest = c, a
		}
	}
	return at
}

// Frame places longitude/latitude shapes on a drawing whose y axis points
// down. The projection is equirectangular, its x scaled by the cosine of
// the middle latitude: across a city it strays from Mercator by less than
// a pixel, and a label's place is then plain arithmetic.
type Frame struct {
	bound         orb.Bound
	k, scale, pad float64
}

// Fit frames shapes as large as they fit in a box of width × maxHeight,
// with pad around the box. It reports false when the shapes have no
// extent (nothing, a point or a line) to draw.
func Fit(shapes []orb.MultiPolygon, width, maxHeight, pad float64) (Frame, bool) {
	b := orb.MultiPolygon(nil).Bound()
	for _, mp := range shapes {
		b = b.Union(mp.Bound())
	}
	if b.IsEmpty() {
		return Frame{}, false
	}
	k := math.Cos((b.Min[1] + b.Max[1]) / 2 * math.Pi / 180)
	w, h := (b.Max[0]-b.Min[0])*k, b.Max[1]-b.Min[1]
	if w <= 0 || h <= 0 {
		return Frame{}, false
	}
	scale := width / w
	if h*scale > maxHeight {
		scale = maxHeight / h
	}
	return Frame{bound: b, k: k, scale: scale, pad: pad}, true
}

// Height is the drawing's height, padding included.
func (f Frame) Height() float64 { return (f.bound.Max[1]-f.bound.Min[1])*f.scale + 2*f.pad }

// Point projects one longitude/latitude point; it is an orb.Projection.
func (f Frame) Point(p orb.Point) orb.Point {
	return orb.Point{f.pad + (p[0]-f.bound.Min[0])*f.k*f.scale, f.pad + (f.bound.Max[1]-p[1])*f.scale}
}

// MultiPolygon projects a shape, leaving mp as it was.
func (f Frame) MultiPolygon(mp orb.MultiPolygon) orb.MultiPolygon {
	return project.MultiPolygon(mp.Clone(), f.Point)
}
