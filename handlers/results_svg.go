package handlers

import (
	"fmt"
	"html"
	"html/template"
	"strings"
)

// Charts are SVG drawn on the server: they need no script, print as
// vectors, and scale to the projector. Every chart has a title for screen
// readers and a data table beside it on the page. Colours are presentation
// attributes, not style attributes, which the pages' Content-Security-Policy
// would block. In right-to-left pages the charts mirror: labels on the
// right, bars growing leftward.

// svgWidth is the width of every chart's viewBox.
const svgWidth = 960.0

// Chart geometry, in viewBox units.
const (
	labelWidth = 280.0
	noteWidth  = 150.0
	barArea    = svgWidth - labelWidth - noteWidth - 20
	rowHeight  = 34.0
	barHeight  = 24.0
)

// Palettes. Scale answers diverge from red (low) to blue (high), with a
// grey middle; categories use Okabe–Ito, distinguishable with colour
// blindness. hiddenFill marks suppressed rows (with the hatch pattern).
var (
	divergingPalette   = []string{"#b2182b", "#ef8a62", "#c9c9c9", "#67a9cf", "#2166ac"}
	categoricalPalette = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999", "#000000", "#882255"}
	sequentialPalette  = []string{"#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"}
)

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

// svgBuf writes one chart, mirroring x for right-to-left pages.
type svgBuf struct {
	strings.Builder
	rtl bool
}

func newSVG(id, title string, height float64, rtl bool) *svgBuf {
	b := &svgBuf{rtl: rtl}
	fmt.Fprintf(b, `<svg class="chart" id="%s" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="%s-t" xmlns="http://www.w3.org/2000/svg">`,
		id, svgWidth, height, id)
	fmt.Fprintf(b, `<title id="%s-t">%s</title>`, id, html.EscapeString(title))
	fmt.Fprintf(b, `<defs><pattern id="%s-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">`+
		`<rect width="8" height="8" fill="%s"/><line x1="0" y1="0" x2="0" y2="8" stroke="#9a9a9a" stroke-width="3"/></pattern></defs>`, id, hiddenFill)
	return b
}

func (b *svgBuf) mx(x, w float64) float64 {
	if b.rtl {
		return svgWidth - x - w
	}
	return x
}

func (b *svgBuf) rect(x, y, w, h float64, fill string) {
	fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, b.mx(x, w), y, w, h, fill)
}

// text writes a label; anchor is "start", "middle" or "end" as seen in a
// left-to-right page.
func (b *svgBuf) text(x, y float64, s, anchor, class string) {
	if b.rtl {
		x = svgWidth - x
		switch anchor {
		case "start":
			anchor = "end"
		case "end":
			anchor = "start"
		}
	}
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="%s" class="%s">%s</text>`, x, y, anchor, class, html.EscapeString(s))
}

func (b *svgBuf) line(x1, y1, x2, y2 float64, stroke string, width float64, dash string) {
	if b.rtl {
		x1, x2 = svgWidth-x1, svgWidth-x2
	}
	extra := ""
	if dash != "" {
		extra = fmt.Sprintf(` stroke-dasharray="%s"`, dash)
	}
	fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="%.1f"%s/>`, x1, y1, x2, y2, stroke, width, extra)
}

func (b *svgBuf) done() template.HTML {
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text went through html.EscapeString
}

// legendItem is one swatch of a chart's legend.
type legendItem struct{ Label, Color string }

// legend lays swatches out in lines across the chart and returns the
// height used. Label widths are estimated: charts scale, so a little slack
// is enough.
func (b *svgBuf) legend(items []legendItem, y float64) float64 {
	x, top := 0.0, y
	for _, it := range items {
		w := 30 + 8.5*float64(len([]rune(it.Label)))
		if x > 0 && x+w > svgWidth {
			x, y = 0, y+26
		}
		fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="18" height="18" fill="%s" stroke="#595959"/>`, b.mx(x, 18), y, it.Color)
		b.text(x+24, y+14, it.Label, "start", "legend")
		x += w + 16
	}
	return y + 30 - top
}

// truncate shortens a label to fit its column.
func truncate(s string, max int) string {
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max-1]) + "…"
}
