package handlers

import (
	"cmp"
	"fmt"
	"html"
	"html/template"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

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

// The map scales to fit its box (a viewBox mapWidth wide), so its text
// scales too: results.css shows the names and values on it only where the
// map is drawn wide enough for them to be 12 px or more. Below that, and
// for every reader, a list beside the map gives each neighborhood's value.
const (
	mapWidth     = 960.0
	mapHeightMax = 640.0
	mapLabelPx   = 16.0 // in viewBox units
	mapPad       = 10.0
)

// neighborhoodMap draws the boundaries shaded by one measure in five equal
// classes from the lowest to the highest value shown (mapBands); hidden
// neighborhoods are hatched, ones without answers left white. Geography
// does not mirror in right-to-left pages; the legend and list beside it
// follow the page's direction.
func neighborhoodMap(id, title string, b *surveys.Boundaries, areas map[string]mapArea, hiddenLabel, noDataLabel string, rtl bool) template.HTML {
	shapes := make([]orb.MultiPolygon, len(b.Features))
	for i, f := range b.Features {
		shapes[i] = f.Polygons
	}
	frame, ok := geo.Fit(shapes, mapWidth-2*mapPad, mapHeightMax, mapPad)
	if !ok {
		return ""
	}
	// A tall city is narrower than mapWidth: the drawing is cut to it.
	width := mapWidth
	if bound := orb.MultiPolygon(nil).Bound(); len(shapes) > 0 {
		for _, mp := range shapes {
			bound = bound.Union(mp.Bound())
		}
		width = min(mapWidth, math.Ceil(frame.Point(bound.Max)[0]+mapPad))
	}
	bands := mapBands(areas)
	sb := &svgBuf{id: id}
	dir := ""
	if rtl {
		dir = ` direction="rtl"`
	}
	fmt.Fprintf(sb, `<svg class="chart map" id="%s" viewBox="0 0 %.0f %.0f"%s role="img" aria-labelledby="%s-t" xmlns="http://www.w3.org/2000/svg">`,
		id, width, frame.Height(), dir, id)
	sb.head(title)
	var places []mapPlace
	var list strings.Builder
	fmt.Fprintf(&list, `<ul class="map-values" aria-label="%s">`, html.EscapeString(title))
	for _, f := range b.Features {
		a, ok := areas[f.Neighborhood]
		if !ok {
			continue
		}
		fill := a.fill(bands)
		projected := frame.MultiPolygon(f.Polygons)
		fmt.Fprintf(sb, `<path d="%s" fill="%s" fill-rule="evenodd" stroke="#1b1b1b" stroke-width="1.2"><title>%s</title></path>`,
			pathData(projected), sb.fill(fill), html.EscapeString(a.Name+": "+a.Label))
		places = append(places, mapPlace{area: a, at: frame.Point(geo.LabelPoint(f.Polygons)), size: planar.Area(projected)})
		fmt.Fprintf(&list, `<li>%s<span>%s</span> <span class="value">%s</span></li>`,
			swatch(id+"-list-"+f.Neighborhood, fill), html.EscapeString(a.Name), html.EscapeString(a.Label))
	}
	drawMapLabels(sb, places, width, frame.Height())
	list.WriteString(`</ul>`)
	legend := make([]legendItem, 0, len(bands)+2)
	for _, band := range bands {
		legend = append(legend, legendItem{Label: band.label(), Color: band.Color})
	}
	legend = append(legend, legendItem{Label: hiddenLabel, Color: hatchFill}, legendItem{Label: noDataLabel, Color: "#ffffff"})
	return chartHTML(legendHTML(id, legend), sb.done(), list.String())
}

// fill is the colour a neighborhood is shaded in.
func (a mapArea) fill(bands []mapBand) string {
	switch {
	case a.Hidden:
		return hatchFill
	case a.Value == nil || len(bands) == 0:
		return "#ffffff"
	}
	for _, band := range bands {
		if *a.Value <= band.To {
			return band.Color
		}
	}
	return bands[len(bands)-1].Color
}

// mapBand is one class of the map's shading, its legend entry and fill.
type mapBand struct {
	From, To float64
	Color    string
}

// label is the band's range, isolated left to right (U+2066…U+2069) so
// that a right-to-left page does not read "4–17%" as "17%–4".
func (b mapBand) label() string {
	if b.From == b.To {
		return fmt.Sprintf("\u2066%.0f%%\u2069", b.From)
	}
	return fmt.Sprintf("\u2066%.0f–%.0f%%\u2069", b.From, b.To)
}

// mapBands splits the range of the values shown into five equal classes,
// light to dark; one class, the darkest, when every value is the same.
func mapBands(areas map[string]mapArea) []mapBand {
	lo, hi, any := math.Inf(1), math.Inf(-1), false
	for _, a := range areas {
		if a.Value != nil && !a.Hidden {
			lo, hi, any = math.Min(lo, *a.Value), math.Max(hi, *a.Value), true
		}
	}
	switch {
	case !any:
		return nil
	case hi == lo:
		return []mapBand{{From: lo, To: hi, Color: sequentialPalette[len(sequentialPalette)-1]}}
	}
	n := len(sequentialPalette)
	out := make([]mapBand, n)
	for i := range out {
		out[i] = mapBand{From: lo + (hi-lo)*float64(i)/float64(n), To: lo + (hi-lo)*float64(i+1)/float64(n), Color: sequentialPalette[i]}
	}
	out[n-1].To = hi // no value above the last band by rounding
	return out
}

// swatch is a small square of a colour, for lists and legends.
func swatch(id, color string) string {
	return legendSwatch(id, legendItem{Color: color})
}

// mapPlace is where a neighborhood's name and value go on the map.
type mapPlace struct {
	area mapArea
	at   orb.Point
	size float64 // the neighborhood's area, for who is labelled first
}

// drawMapLabels writes each neighborhood's name and value at its label
// point, inside the map, the largest neighborhoods first; a label that
// would run into one already placed is left to the list.
func drawMapLabels(sb *svgBuf, places []mapPlace, width, height float64) {
	slices.SortStableFunc(places, func(a, b mapPlace) int { return cmp.Compare(b.size, a.size) })
	var taken []box
	for _, p := range places {
		name, _ := fitText(p.area.Name, mapLabelPx, true, 220)
		w := max(textWidth(name, mapLabelPx, true), textWidth(p.area.Label, mapLabelPx, false))
		x := min(max(p.at[0], w/2+4), width-w/2-4)
		y := min(max(p.at[1], 24), height-22)
		bx := box{x - w/2 - 3, y - 22, x + w/2 + 3, y + 21}
		if slices.ContainsFunc(taken, bx.meets) {
			continue
		}
		taken = append(taken, bx)
		fmt.Fprintf(sb, `<text x="%.1f" y="%.1f" text-anchor="middle" class="map-label">%s</text>`, x, y-4, html.EscapeString(name))
		fmt.Fprintf(sb, `<text x="%.1f" y="%.1f" text-anchor="middle" class="map-value">%s</text>`, x, y+16, html.EscapeString(p.area.Label))
	}
}

// box is a rectangle in the map's units.
type box struct{ x0, y0, x1, y1 float64 }

func (a box) meets(b box) bool {
	return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
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
