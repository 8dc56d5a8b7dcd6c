package handlers

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"

	"canvass/surveys"
)

// mapArea is what the map shows of one neighborhood.
type mapArea struct {
	Name   string
	Value  *float64 // nil when hidden or without answers
	Hidden bool
	Label  string // the value as printed
}

// mapHeightMax bounds the map's height in viewBox units.
const mapHeightMax = 640.0

// neighborhoodMap draws the boundaries shaded by one measure in five equal
// classes from the lowest to the highest value shown; hidden neighborhoods
// are hatched, ones without answers left white. Geography does not mirror
// in right-to-left pages; only the legend's text does.
func neighborhoodMap(id, title string, b *surveys.Boundaries, areas map[string]mapArea, hiddenLabel, noDataLabel string, rtl bool) template.HTML {
	minLon, minLat, maxLon, maxLat := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, f := range b.Features {
		for _, poly := range f.Polygons {
			for _, pt := range poly[0] {
				minLon, maxLon = math.Min(minLon, pt[0]), math.Max(maxLon, pt[0])
				minLat, maxLat = math.Min(minLat, pt[1]), math.Max(maxLat, pt[1])
			}
		}
	}
	// Equirectangular, corrected for latitude: right for a city's extent.
	k := math.Cos((minLat + maxLat) / 2 * math.Pi / 180)
	w, h := (maxLon-minLon)*k, maxLat-minLat
	if w <= 0 || h <= 0 {
		return ""
	}
	scale := (svgWidth - 20) / w
	if h*scale > mapHeightMax {
		scale = mapHeightMax / h
	}
	project := func(pt [2]float64) (float64, float64) {
		return 10 + (pt[0]-minLon)*k*scale, 10 + (maxLat-pt[1])*scale
	}
	lo, hi, any := math.Inf(1), math.Inf(-1), false
	for _, a := range areas {
		if a.Value != nil {
			lo, hi, any = math.Min(lo, *a.Value), math.Max(hi, *a.Value), true
		}
	}
	height := h*scale + 20
	legendY := height + 10
	sb := newSVG(id, title, legendY+70, false)
	sb.rtl = false
	var labels strings.Builder
	for _, f := range b.Features {
		a, ok := areas[f.Neighborhood]
		if !ok {
			continue
		}
		fill := "#ffffff"
		switch {
		case a.Hidden:
			fill = "url(#" + id + "-hatch)"
		case a.Value != nil:
			fill = sequentialPalette[mapClass(*a.Value, lo, hi)]
		}
		var d strings.Builder
		for _, poly := range f.Polygons {
			for _, ring := range poly {
				for i, pt := range ring {
					x, y := project(pt)
					if i == 0 {
						fmt.Fprintf(&d, "M%.1f %.1f", x, y)
					} else {
						fmt.Fprintf(&d, "L%.1f %.1f", x, y)
					}
				}
				d.WriteString("Z")
			}
		}
		fmt.Fprintf(sb, `<path d="%s" fill="%s" fill-rule="evenodd" stroke="#1b1b1b" stroke-width="1.2"><title>%s</title></path>`,
			d.String(), fill, html.EscapeString(a.Name+": "+a.Label))
		cx, cy := ringCentroid(largestRing(f.Polygons))
		x, y := project([2]float64{cx, cy})
		fmt.Fprintf(&labels, `<text x="%.1f" y="%.1f" text-anchor="middle" class="map-label">%s</text>`, x, y-4, html.EscapeString(truncate(a.Name, 22)))
		fmt.Fprintf(&labels, `<text x="%.1f" y="%.1f" text-anchor="middle" class="map-value">%s</text>`, x, y+16, html.EscapeString(a.Label))
	}
	sb.WriteString(labels.String())
	sb.rtl = rtl
	var legend []legendItem
	if any {
		for i := range sequentialPalette {
			from, to := lo+(hi-lo)*float64(i)/5, lo+(hi-lo)*float64(i+1)/5
			legend = append(legend, legendItem{Label: fmt.Sprintf("%.0f–%.0f%%", from, to), Color: sequentialPalette[i]})
			if hi == lo {
				legend[0].Label = fmt.Sprintf("%.0f%%", lo)
				break
			}
		}
	}
	legend = append(legend, legendItem{Label: hiddenLabel, Color: "url(#" + id + "-hatch)"}, legendItem{Label: noDataLabel, Color: "#ffffff"})
	sb.legend(legend, legendY)
	return sb.done()
}

// mapClass puts a value in one of five equal classes between lo and hi.
func mapClass(v, lo, hi float64) int {
	if hi <= lo {
		return len(sequentialPalette) - 1
	}
	return min(len(sequentialPalette)-1, int((v-lo)/(hi-lo)*float64(len(sequentialPalette))))
}

func largestRing(polys [][][][2]float64) [][2]float64 {
	var best [][2]float64
	bestArea := -1.0
	for _, p := range polys {
		if a := math.Abs(ringArea(p[0])); a > bestArea {
			best, bestArea = p[0], a
		}
	}
	return best
}

func ringArea(r [][2]float64) float64 {
	var a float64
	for i := 0; i+1 < len(r); i++ {
		a += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return a / 2
}

// ringCentroid is the area centroid of a closed ring (its first point
// when the ring has no area).
func ringCentroid(r [][2]float64) (float64, float64) {
	a := ringArea(r)
	if a == 0 {
		return r[0][0], r[0][1]
	}
	var cx, cy float64
	for i := 0; i+1 < len(r); i++ {
		f := r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
		cx += (r[i][0] + r[i+1][0]) * f
		cy += (r[i][1] + r[i+1][1]) * f
	}
	return cx / (6 * a), cy / (6 * a)
}
