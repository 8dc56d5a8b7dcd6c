package handlers

import (
	"fmt"
	"html"
	"html/template"
	"strings"
)

// Charts are SVG drawn on the server: they need no script and print as
// vectors. Every chart has a title for screen readers and a data table
// beside it on the page. Colours are presentation attributes, not style
// attributes, which the pages' Content-Security-Policy would block.
//
// Bar charts are not scaled to fit (they have no viewBox), so their text is
// drawn at its CSS size on every screen. Their x positions are percentages
// of the chart's width, their rows fixed heights in CSS px, and their labels
// sit above the bars, where a phone has room for them. The layout is worked
// out for the narrowest chart, minChartWidth: positions only move apart as
// a chart widens, so what fits there fits everywhere. In right-to-left
// pages x runs from the right and the chart's direction is rtl, so a text
// anchored at its start lines up on the right.

// minChartWidth is the narrowest chart laid out for, in CSS px: a 320 px
// phone less the page's margins.
const minChartWidth = 288.0

// Text sizes in CSS px, as results.css draws them: widths are estimated
// from them, and none is under 12 px on any screen.
const (
	labelPx = 14.0
	notePx  = 13.0
	valuePx = 13.0
)

// Palettes. Scale answers diverge from red (low) to blue (high), with a
// grey middle; categories use Okabe–Ito, distinguishable with colour
// blindness; the map shades from light to dark blue.
var (
	divergingPalette   = []string{"#b2182b", "#ef8a62", "#c9c9c9", "#67a9cf", "#2166ac"}
	categoricalPalette = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999", "#000000", "#882255"}
	sequentialPalette  = []string{"#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"}
)

// hatchFill is what a hidden group is drawn with: a legend's or a chart's
// own hatch pattern.
const hatchFill = "hatch"

const hiddenFill = "#f2f2f2"

// scaleColors spreads the diverging palette over n scale points.
func scaleColors(n int) []string {
	if n <= 1 {
		return []string{divergingPalette[4]}
	}
	out := make([]string, n)
	for i := range out {
		out[i] = divergingPalette[i*(len(divergingPalette)-1)/(n-1)]
	}
	return out
}

// svgBuf writes one chart; x positions are percentages of its width,
// mirrored for right-to-left pages.
type svgBuf struct {
	strings.Builder
	id  string
	rtl bool
}

// newChart starts a bar chart height CSS px tall.
func newChart(id, title string, height float64, rtl bool) *svgBuf {
	b := &svgBuf{id: id, rtl: rtl}
	dir := ""
	if rtl {
		dir = ` direction="rtl"`
	}
	fmt.Fprintf(b, `<svg class="chart" id="%s" width="100%%" height="%.0f"%s role="img" aria-labelledby="%s-t" xmlns="http://www.w3.org/2000/svg">`,
		id, height, dir, id)
	b.head(title)
	return b
}

// head writes the title and the hatch pattern hidden groups are drawn with.
func (b *svgBuf) head(title string) {
	fmt.Fprintf(b, `<title id="%s-t">%s</title>`, b.id, html.EscapeString(title))
	b.WriteString(hatchPattern(b.id + "-hatch"))
}

func hatchPattern(id string) string {
	return fmt.Sprintf(`<defs><pattern id="%s" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">`+
		`<rect width="8" height="8" fill="%s"/><line x1="0" y1="0" x2="0" y2="8" stroke="#9a9a9a" stroke-width="3"/></pattern></defs>`, id, hiddenFill)
}

// fill resolves hatchFill to the chart's pattern.
func (b *svgBuf) fill(color string) string {
	if color == hatchFill {
		return "url(#" + b.id + "-hatch)"
	}
	return color
}

// mx mirrors a span of the width, in percent, for right-to-left charts.
func (b *svgBuf) mx(x, w float64) float64 {
	if b.rtl {
		return 100 - x - w
	}
	return x
}

// rect draws a bar from x to x+w percent of the width.
func (b *svgBuf) rect(x, w, y, h float64, fill string) {
	fmt.Fprintf(b, `<rect x="%.2f%%" y="%.1f" width="%.2f%%" height="%.1f" fill="%s"/>`, b.mx(x, w), y, w, h, b.fill(fill))
}

// line draws from x1 to x2 percent of the width.
func (b *svgBuf) line(x1, x2, y1, y2 float64, stroke string, width float64, dash string) {
	x1, x2 = b.mx(x1, 0), b.mx(x2, 0)
	extra := ""
	if dash != "" {
		extra = fmt.Sprintf(` stroke-dasharray="%s"`, dash)
	}
	fmt.Fprintf(b, `<line x1="%.2f%%" y1="%.1f" x2="%.2f%%" y2="%.1f" stroke="%s" stroke-width="%.1f"%s/>`, x1, y1, x2, y2, stroke, width, extra)
}

// label is one text of a chart.
type label struct {
	X  float64 // percent of the width, from the reading start
	DX float64 // CSS px further along the reading direction
	Y  float64 // baseline, CSS px
	// Text is what is drawn; Full, when set, is the whole text it was cut
	// from, shown on hover.
	Text, Full string
	// Anchor is "start", "middle" or "end" in reading order.
	Anchor string
	Class  string
}

func (b *svgBuf) text(l label) {
	x, dx := b.mx(l.X, 0), l.DX
	if b.rtl {
		dx = -dx
	}
	fmt.Fprintf(b, `<text x="%.2f%%" y="%.1f"`, x, l.Y)
	if dx != 0 {
		fmt.Fprintf(b, ` dx="%.0f"`, dx)
	}
	if l.Anchor != "" && l.Anchor != "start" {
		fmt.Fprintf(b, ` text-anchor="%s"`, l.Anchor)
	}
	fmt.Fprintf(b, ` class="%s">`, l.Class)
	if l.Full != "" && l.Full != l.Text {
		fmt.Fprintf(b, `<title>%s</title>`, html.EscapeString(l.Full))
	}
	fmt.Fprintf(b, `%s</text>`, html.EscapeString(l.Text))
}

func (b *svgBuf) done() string {
	b.WriteString(`</svg>`)
	return b.String()
}

// legendItem is one entry of a chart's key: a colour, or a dashed line
// (the target).
type legendItem struct {
	Label, Color string
	Dashed       bool
}

// legendHTML is a chart's key as an HTML list beside the chart: it wraps
// and mirrors with the page's text, so no label can run into a swatch.
func legendHTML(id string, items []legendItem) string {
	var b strings.Builder
	b.WriteString(`<ul class="chart-legend">`)
	for i, it := range items {
		fmt.Fprintf(&b, `<li>%s%s</li>`, legendSwatch(fmt.Sprintf("%s-key%d", id, i), it), html.EscapeString(it.Label))
	}
	b.WriteString(`</ul>`)
	return b.String()
}

// legendSwatch draws an item's colour or line as a decorative image (a
// data: URL the pages' Content-Security-Policy allows): not an inline
// SVG, which would be one more graphic for screen readers to skip.
func legendSwatch(id string, it legendItem) string {
	var b strings.Builder
	b.WriteString(`<svg xmlns='http://www.w3.org/2000/svg' width='16' height='16'>`)
	switch {
	case it.Dashed:
		fmt.Fprintf(&b, `<line x1='8' y1='0' x2='8' y2='16' stroke='%s' stroke-width='2.5' stroke-dasharray='4 3'/>`, it.Color)
	case it.Color == hatchFill:
		b.WriteString(strings.ReplaceAll(hatchPattern(id), `"`, `'`))
		fmt.Fprintf(&b, `<rect x='.5' y='.5' width='15' height='15' fill='url(#%s)' stroke='#595959'/>`, id)
	default:
		fmt.Fprintf(&b, `<rect x='.5' y='.5' width='15' height='15' fill='%s' stroke='#595959'/>`, it.Color)
	}
	b.WriteString(`</svg>`)
	return `<img class="swatch" alt="" width="16" height="16" src="data:image/svg+xml,` + swatchEscaper.Replace(b.String()) + `">`
}

// swatchEscaper makes an SVG safe in a data: URL inside a double-quoted
// attribute.
var swatchEscaper = strings.NewReplacer("#", "%23", "<", "%3C", ">", "%3E", " ", "%20", `"`, "%22")

// chartHTML joins what a chart shows: its key, a note, the drawing.
func chartHTML(parts ...string) template.HTML {
	return template.HTML(strings.Join(parts, "")) // every text went through html.EscapeString
}

// placeAfter picks where a text tw px wide starts (valueGap after the
// first candidate, a fraction of the width) so that it crosses none of
// the vertical lines and stays inside the chart at every width.
func placeAfter(tw float64, lines []float64, candidates ...float64) float64 {
	for _, x := range candidates {
		if clearAfter(x, tw, lines) {
			return x
		}
	}
	return candidates[len(candidates)-1]
}

// clearAfter checks a text starting valueGap after x. Distances in
// fractions of the width only grow as the chart widens, so the narrowest
// chart decides.
func clearAfter(x, tw float64, lines []float64) bool {
	if (1-x)*minChartWidth < valueGap+tw+edgeInset {
		return false
	}
	for _, l := range lines {
		switch {
		case l <= x && (x-l)*minChartWidth+valueGap < lineMargin:
			return false
		case l > x && (l-x)*minChartWidth < valueGap+tw+lineMargin:
			return false
		}
	}
	return true
}
