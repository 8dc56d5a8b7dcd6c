package handlers

import (
	"fmt"
	"html/template"
	"strings"
)

// chartRow is one bar of a chart: a group (or an option), its parts as
// percentages, and what to print beside its label.
type chartRow struct {
	Label string
	Sub   bool // a split group under its neighborhood: indented
	// Hidden rows are hatched and say why (HiddenText).
	Hidden     bool
	HiddenText string
	Parts      []float64
	Note       string
}

// Row geometry, CSS px: label lines above a bar, a gap below it.
// Baselines are placed so that a text's box (ascent and descent, 1.17 em
// in DejaVu Sans) stays clear of the line or bar beside it.
const (
	labelBaseline = 14.0 // below a row's top
	barBaseline   = 15.5 // below a bar's top: a 13 px text centred in it
	lineStep      = 18.0
	labelGap      = 4.0 // between the last label line's step and the bar
	barHeight     = 22.0
	rowGap        = 12.0
	subIndent     = 16.0
	// valueGap is between a bar's end and its value.
	valueGap = 6.0
	// edgeInset keeps text off the chart's edges: a glyph may reach a
	// little past its advance (a J, an Arabic letter's tail).
	edgeInset = 2.0
)

// widthSteps are the chart widths from which a text too wide for the
// narrowest chart shows: results.css hides a text of class w480 in a
// chart narrower than 480 px, and so on.
var widthSteps = []float64{480, 640, 800, 960, 1200}

// rowLabel breaks a row's label into at most two lines, the first beside
// the note.
func rowLabel(r chartRow) (lines []string, cut bool) {
	width := minChartWidth - 2*edgeInset
	if r.Sub {
		width -= subIndent
	}
	first := width
	if r.Note != "" {
		first -= textWidth(r.Note, notePx, false) + 12
	}
	lines, cut = wrapText(r.Label, labelPx, true, first, width)
	if len(lines) == 0 {
		lines = []string{""}
	}
	return lines, cut
}

func rowHeight(r chartRow) float64 {
	lines, _ := rowLabel(r)
	return labelGap + float64(len(lines))*lineStep + barHeight + rowGap
}

func chartHeight(rows []chartRow) float64 {
	h := 0.0
	for _, r := range rows {
		h += rowHeight(r)
	}
	return h
}

// drawRowHead draws a row's label and note at y and returns the top of
// its bar.
func drawRowHead(b *svgBuf, r chartRow, y float64) float64 {
	lines, cut := rowLabel(r)
	class, dx, full := "label", edgeInset, ""
	if r.Sub {
		class, dx = "label sub", edgeInset+subIndent
	}
	if cut {
		full = r.Label
	}
	for i, line := range lines {
		b.text(label{DX: dx, Y: y + labelBaseline + float64(i)*lineStep, Text: line, Full: full, Class: class})
	}
	if r.Note != "" {
		b.text(label{X: 100, DX: -edgeInset, Y: y + labelBaseline, Text: r.Note, Anchor: "end", Class: "note"})
	}
	return y + labelGap + float64(len(lines))*lineStep
}

// drawHidden hatches a hidden row's bar and says why inside it.
func drawHidden(b *svgBuf, r chartRow, top float64) {
	b.rect(0, 100, top, barHeight, hatchFill)
	text, cut := fitText(r.HiddenText, notePx, false, minChartWidth-2*valueGap)
	l := label{DX: valueGap, Y: top + barBaseline, Text: text, Class: "hidden"}
	if cut {
		l.Full = r.HiddenText
	}
	b.text(l)
}

// stackedChart draws 100% stacked bars, one per row: the distribution of
// a scale or single-choice question across groups.
func stackedChart(id, title string, legend []legendItem, rows []chartRow, rtl bool) template.HTML {
	if len(rows) == 0 || len(legend) == 0 {
		return ""
	}
	b := newChart(id, title, chartHeight(rows), rtl)
	y := 0.0
	for _, r := range rows {
		top := drawRowHead(b, r, y)
		if r.Hidden {
			drawHidden(b, r, top)
		} else {
			drawParts(b, r.Parts, legend, top)
		}
		y += rowHeight(r)
	}
	return chartHTML(legendHTML(id, legend), b.done())
}

// drawParts draws a stacked bar. A part carries its percentage where the
// text fits inside it: at every width, or from a width step on.
func drawParts(b *svgBuf, parts []float64, legend []legendItem, top float64) {
	x := 0.0
	for j, p := range parts {
		if p <= 0 {
			continue
		}
		color := legend[j%len(legend)].Color
		b.rect(x, p, top, barHeight, color)
		text := fmt.Sprintf("%.0f%%", p)
		if step, ok := fitsFrom(textWidth(text, valuePx, true)+valueGap, p); ok {
			b.text(label{X: x + p/2, Y: top + barBaseline, Text: text, Anchor: "middle", Class: strings.TrimSpace(textClassOn(color) + " " + step)})
		}
		x += p
	}
}

// fitsFrom says from which chart width a text w px wide fits in p percent
// of the width: "" when it fits in the narrowest, a width step's class, or
// false when it fits in none.
func fitsFrom(w, p float64) (string, bool) {
	need := w * 100 / p
	if need <= minChartWidth {
		return "", true
	}
	for _, s := range widthSteps {
		if need <= s {
			return fmt.Sprintf("w%.0f", s), true
		}
	}
	return "", false
}

// barChart draws one bar per row against a common top value: the share
// choosing each option of a multi question, or a mean. The bars leave room
// at their end for the widest value, which follows its bar.
func barChart(id, title string, rows []chartRow, top float64, format func(float64) string, color string, rtl bool) string {
	if len(rows) == 0 {
		return ""
	}
	values := make([]string, len(rows))
	widest := 0.0
	for i, r := range rows {
		if !r.Hidden && len(r.Parts) > 0 {
			values[i] = format(r.Parts[0])
			widest = max(widest, textWidth(values[i], valuePx, false))
		}
	}
	track := 100 * (1 - (widest+valueGap+2*edgeInset)/minChartWidth)
	b := newChart(id, title, chartHeight(rows), rtl)
	y := 0.0
	for i, r := range rows {
		barTop := drawRowHead(b, r, y)
		switch {
		case r.Hidden:
			drawHidden(b, r, barTop)
		case values[i] != "" && top > 0:
			w := track * r.Parts[0] / top
			b.rect(0, w, barTop, barHeight, color)
			b.text(label{X: w, DX: valueGap, Y: barTop + barBaseline, Text: values[i], Class: "value"})
		}
		y += rowHeight(r)
	}
	return b.done()
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
	// Label is the value ("61% ±10"), or for a hidden bar that it is hidden.
	Label string
}

// compareRowChart is one neighborhood of the round comparison.
type compareRowChart struct {
	Label string
	Bars  []compareBar
	Goal  *float64
}

// Round comparison geometry, CSS px: a name line, then a thin bar per
// round with its value beside it.
const (
	nameLine      = 22.0
	roundBaseline = 12.5
	roundBar      = 16.0
	roundStep     = 22.0
	hiddenBar     = 0.15 // of the track, hatched
	lineMargin    = 3.0  // kept between a text and a line
)

// compareChart draws, per neighborhood, one bar per round (oldest first)
// with its margin of error as a whisker, its value after it, and the
// target as a dashed line that no value is written across.
func compareChart(id, title string, rounds []legendItem, rows []compareRowChart, goalLabel string, rtl bool) template.HTML {
	if len(rows) == 0 || len(rounds) == 0 {
		return ""
	}
	widest := 0.0
	for _, r := range rows {
		for _, bar := range r.Bars {
			widest = max(widest, textWidth(bar.Label, valuePx, false))
		}
	}
	// The track is the part of the width 100% stands for, leaving room
	// after it for a value.
	track := 1 - (widest+valueGap+2*edgeInset)/minChartWidth
	per := nameLine + float64(len(rounds))*roundStep + rowGap
	b := newChart(id, title, float64(len(rows))*per, rtl)
	for i, r := range rows {
		drawCompareRow(b, r, rounds, float64(i)*per, track)
	}
	legend := append(append([]legendItem{}, rounds...), legendItem{Label: goalLabel, Color: "#1b1b1b", Dashed: true})
	return chartHTML(legendHTML(id, legend), b.done())
}

// drawCompareRow draws one neighborhood at y: its name, a bar per round
// and the target line across them.
func drawCompareRow(b *svgBuf, r compareRowChart, rounds []legendItem, y, track float64) {
	name, cut := fitText(r.Label, labelPx, true, minChartWidth-2*edgeInset)
	l := label{DX: edgeInset, Y: y + labelBaseline, Text: name, Class: "label"}
	if cut {
		l.Full = r.Label
	}
	b.text(l)
	top := y + nameLine
	var goal []float64
	if r.Goal != nil {
		goal = []float64{track * min(100, max(0, *r.Goal)) / 100}
	}
	for j, bar := range r.Bars {
		if j >= len(rounds) {
			break
		}
		by := top + float64(j)*roundStep
		end := drawCompareBar(b, bar, rounds[j].Color, by, track)
		candidates := []float64{end}
		if len(goal) > 0 && goal[0] > end {
			candidates = append(candidates, goal[0])
		}
		class := "value"
		if bar.Hidden {
			class = "hidden"
		}
		x := placeAfter(textWidth(bar.Label, valuePx, false), goal, candidates...)
		b.text(label{X: 100 * x, DX: valueGap, Y: by + roundBaseline, Text: bar.Label, Class: class})
	}
	if len(goal) > 0 {
		bottom := top + float64(min(len(r.Bars), len(rounds)))*roundStep - (roundStep - roundBar)
		b.line(100*goal[0], 100*goal[0], top-lineMargin, bottom+lineMargin, "#1b1b1b", 2.5, "6 4")
	}
}

// drawCompareBar draws a round's bar and whisker, or a short hatched bar
// when it is hidden, and returns where they end, as a fraction of the
// width.
func drawCompareBar(b *svgBuf, bar compareBar, color string, y, track float64) float64 {
	if bar.Hidden {
		b.rect(0, 100*track*hiddenBar, y, roundBar, hatchFill)
		return track * hiddenBar
	}
	s := track * bar.Share / 100
	b.rect(0, 100*s, y, roundBar, color)
	lo, hi := track*max(0, bar.Share-bar.MOE)/100, track*min(100, bar.Share+bar.MOE)/100
	b.line(100*lo, 100*hi, y+roundBar/2, y+roundBar/2, "#1b1b1b", 1.5, "")
	return max(s, hi)
}
