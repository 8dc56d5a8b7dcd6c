package handlers

import (
	"fmt"
	"html/template"
)

// chartRow is one bar of a chart: a group (or an option), its parts as
// percentages, and what to print after it.
type chartRow struct {
	Label  string
	Sub    bool // a split group under its neighborhood: indented
	Hidden bool
	Parts  []float64
	Note   string
}

// stackedChart draws 100% stacked bars, one per row: the distribution of
// a scale or single-choice question across groups. Parts of 7% or more
// carry their percentage.
func stackedChart(id, title string, legend []legendItem, rows []chartRow, hiddenLabel string, rtl bool) template.HTML {
	legendLines := 1 + len(legend)/6
	height := float64(legendLines)*26 + 14 + float64(len(rows))*rowHeight + 10
	b := newSVG(id, title, height, rtl)
	top := b.legend(legend, 4) + 10
	for i, r := range rows {
		y := top + float64(i)*rowHeight
		drawRowLabel(b, r, y)
		x := labelWidth
		if r.Hidden {
			b.rect(x, y, barArea, barHeight, "url(#"+id+"-hatch)")
			b.text(x+barArea/2, y+barHeight-7, hiddenLabel, "middle", "hidden")
		} else {
			for j, p := range r.Parts {
				w := barArea * p / 100
				if w <= 0 {
					continue
				}
				b.rect(x, y, w, barHeight, legend[j%len(legend)].Color)
				if p >= 7 {
					b.text(x+w/2, y+barHeight-7, fmt.Sprintf("%.0f%%", p), "middle", textClassOn(legend[j%len(legend)].Color))
				}
				x += w
			}
		}
		b.text(labelWidth+barArea+10, y+barHeight-7, r.Note, "start", "note")
	}
	return b.done()
}

// barChart draws one bar per row against a common maximum: the share
// choosing each option of a multi question, or a mean.
func barChart(id, title string, rows []chartRow, max float64, format, color, hiddenLabel string, rtl bool) template.HTML {
	height := 10 + float64(len(rows))*rowHeight
	b := newSVG(id, title, height, rtl)
	for i, r := range rows {
		y := 6 + float64(i)*rowHeight
		drawRowLabel(b, r, y)
		if r.Hidden {
			b.rect(labelWidth, y, barArea, barHeight, "url(#"+id+"-hatch)")
			b.text(labelWidth+barArea/2, y+barHeight-7, hiddenLabel, "middle", "hidden")
		} else if len(r.Parts) > 0 && max > 0 {
			w := barArea * r.Parts[0] / max
			b.rect(labelWidth, y, w, barHeight, color)
			b.text(labelWidth+w+6, y+barHeight-7, fmt.Sprintf(format, r.Parts[0]), "start", "value")
		}
		b.text(labelWidth+barArea+10, y+barHeight-7, r.Note, "start", "note")
	}
	return b.done()
}

func drawRowLabel(b *svgBuf, r chartRow, y float64) {
	x, class, max := labelWidth-10, "label", 34
	if r.Sub {
		class, max = "label sub", 30
	}
	b.text(x, y+barHeight-7, truncate(r.Label, max), "end", class)
}

// textClassOn picks a label colour readable on a fill.
func textClassOn(fill string) string {
	switch fill {
	case "#b2182b", "#2166ac", "#0072B2", "#D55E00", "#000000", "#882255", "#08519c", "#3182bd":
		return "on-dark"
	}
	return "on-light"
}

// compareBar is one round of one row of the round comparison.
type compareBar struct {
	Share, MOE float64
	Hidden     bool
	Label      string // "61% ±10"
}

// compareRowChart is one neighborhood of the round comparison.
type compareRowChart struct {
	Label string
	Bars  []compareBar
	Goal  *float64
}

// compareChart draws, per neighborhood, one bar per round (oldest first)
// with its margin of error as a whisker, and the target as a dashed line.
func compareChart(id, title string, rounds []legendItem, rows []compareRowChart, goalLabel, hiddenLabel string, rtl bool) template.HTML {
	per := float64(len(rounds))*(barHeight-6) + 14
	legend := append([]legendItem{}, rounds...)
	legend = append(legend, legendItem{Label: goalLabel, Color: "#1b1b1b"})
	height := 40 + float64(len(rows))*per + 10
	b := newSVG(id, title, height, rtl)
	top := b.legend(legend, 4) + 6
	scale := barArea / 100
	for i, r := range rows {
		y0 := top + float64(i)*per
		b.text(labelWidth-10, y0+per/2+2, truncate(r.Label, 34), "end", "label")
		for j, bar := range r.Bars {
			y := y0 + float64(j)*(barHeight-6)
			if bar.Hidden {
				b.rect(labelWidth, y, barArea*0.3, barHeight-10, "url(#"+id+"-hatch)")
				b.text(labelWidth+barArea*0.3+6, y+barHeight-12, hiddenLabel, "start", "hidden")
				continue
			}
			w := bar.Share * scale
			b.rect(labelWidth, y, w, barHeight-10, rounds[j].Color)
			lo, hi := max(0, bar.Share-bar.MOE)*scale, min(100, bar.Share+bar.MOE)*scale
			b.line(labelWidth+lo, y+(barHeight-10)/2, labelWidth+hi, y+(barHeight-10)/2, "#1b1b1b", 1.5, "")
			b.text(labelWidth+hi+6, y+barHeight-12, bar.Label, "start", "value small")
		}
		if r.Goal != nil {
			gx := labelWidth + *r.Goal*scale
			b.line(gx, y0-3, gx, y0+per-8, "#1b1b1b", 2.5, "6 4")
		}
	}
	return b.done()
}
