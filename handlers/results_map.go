package handlers

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"

	"github.com/paulmach/orb"

	"canvass/geo"
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
	shapes := make([]orb.MultiPolygon, len(b.Features))
	for i, f := range b.Features {
		shapes[i] = f.Polygons
	}
	frame, ok := geo.Fit(shapes, svgWidth-20, mapHeightMax, 10)
	if !ok {
		return ""
	}
	lo, hi, any := math.Inf(1), math.Inf(-1), false
	for _, a := range areas {
		if a.Value != nil {
			lo, hi, any = math.Min(lo, *a.Value), math.Max(hi, *a.Value), true
		}
	}
	legendY := frame.Height() + 10
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
		fmt.Fprintf(sb, `<path d="%s" fill="%s" fill-rule="evenodd" stroke="#1b1b1b" stroke-width="1.2"><title>%s</title></path>`,
			pathData(frame.MultiPolygon(f.Polygons)), fill, html.EscapeString(a.Name+": "+a.Label))
		at := frame.Point(geo.LabelPoint(f.Polygons))
		x, y := at[0], at[1]
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

// pathData is an SVG path of projected rings; fill-rule="evenodd" leaves
// holes open whichever way their rings wind.
func pathData(mp orb.MultiPolygon) string {
	var d strings.Builder
	for _, poly := range mp {
		for _, ring := range poly {
			for i, pt := range ring {
				cmd := 'L'
				if i == 0 {
					cmd = 'M'
				}
				fmt.Fprintf(&d, "%c%.1f %.1f", cmd, pt[0], pt[1])
			}
			d.WriteString("Z")
		}
	}
	return d.String()
}
