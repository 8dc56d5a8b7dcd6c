package handlers

import (
	"regexp"
	"strings"
	"testing"

	"canvass/locales"
	"canvass/results"
	"canvass/surveys"
	"canvass/surveys/examples"
)

func share(v float64) *float64 { return &v }

var (
	pathFill   = regexp.MustCompile(`<path d="[^"]*" fill="([^"]+)"[^>]*><title>([^<]*)</title>`)
	legendKeys = regexp.MustCompile(`<li><img class="swatch"[^>]*?%3Crect[^>]*?fill='([^']+)'[^>]*>([^<]*)</li>`)
)

// TestMapLegendMatchesFills draws the example's map and checks every
// neighborhood is shaded in a colour its legend shows, and the top band's
// swatch is the fill of the highest value, however many values differ.
func TestMapLegendMatchesFills(t *testing.T) {
	t.Parallel()
	def, b := exampleWithBoundaries(t)
	for name, values := range map[string][]float64{
		"spread":    {12, 24, 29, 47, 10, 4, 67},
		"all equal": {40, 40, 40, 40, 40, 40, 40},
		"one shown": {55},
	} {
		areas := map[string]mapArea{}
		top := ""
		for i, nb := range def.Neighborhoods {
			a := mapArea{Name: nb.ID, Label: "–"}
			if i < len(values) {
				a.Value, a.Label = share(values[i]), formatShare(values[i])
				if values[i] == maxOf(values) {
					top = nb.ID
				}
			}
			areas[nb.ID] = a
		}
		html := string(neighborhoodMap("map", "Map", b, areas, "Hidden", "No answers", false))
		fills := map[string]string{}
		for _, m := range pathFill.FindAllStringSubmatch(html, -1) {
			fills[strings.Split(m[2], ":")[0]] = m[1]
		}
		legend := legendKeys.FindAllStringSubmatch(strings.SplitN(html, "<svg class=\"chart map\"", 2)[0], -1)
		shown := map[string]bool{}
		for _, l := range legend {
			l[1] = strings.ReplaceAll(l[1], "%23", "#")
			shown[l[1]] = true
		}
		for nb, fill := range fills {
			if !shown[fill] && !strings.HasPrefix(fill, "url(") {
				t.Errorf("%s: %s is filled %s, which the legend does not show", name, nb, fill)
			}
		}
		bands := len(legend) - 2 // hidden and no answers follow the bands
		if bands < 1 || legend[bands-1][1] != fills[top] {
			t.Errorf("%s: the top band's swatch is %v, the highest value (%s) is filled %s", name, legend, top, fills[top])
		}
	}
}

func maxOf(vs []float64) float64 {
	m := vs[0]
	for _, v := range vs {
		m = max(m, v)
	}
	return m
}

func exampleWithBoundaries(t *testing.T) (*surveys.Survey, *surveys.Boundaries) {
	t.Helper()
	all, err := examples.Surveys()
	if err != nil {
		t.Fatal(err)
	}
	def, _, err := surveys.Parse(all["safety-spring-2026.yaml"])
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := examples.Boundaries("safety-spring-2026")
	b, problems := surveys.ParseBoundaries(def, raw)
	if len(problems.Errors()) > 0 {
		t.Fatal(problems)
	}
	return def, b
}

// TestCompareValuesClearTheTarget places a value after every bar of a
// grid of shares, margins and targets and measures, at phone, tablet and
// laptop widths, that it crosses neither the target line nor the edge.
func TestCompareValuesClearTheTarget(t *testing.T) {
	t.Parallel()
	const label = "100% ±30"
	tw := textWidth(label, valuePx, false)
	track := 1 - (tw+valueGap+4)/minChartWidth
	for shareV := 0.0; shareV <= 100; shareV += 2.5 {
		for _, moe := range []float64{0, 4, 12, 30} {
			for goalV := 0.0; goalV <= 100; goalV += 2.5 {
				end := track * min(100, shareV+moe) / 100
				goal := track * goalV / 100
				candidates := []float64{end}
				if goal > end {
					candidates = append(candidates, goal)
				}
				x := placeAfter(tw, []float64{goal}, candidates...)
				for _, w := range []float64{minChartWidth, 328, 700, 1216} {
					from, to := x*w+valueGap, x*w+valueGap+tw
					if g := goal * w; g > from-lineMargin && g < to+lineMargin {
						t.Fatalf("share %.1f ±%.0f, target %.1f, %.0f px: the value [%.0f, %.0f] crosses the target at %.0f", shareV, moe, goalV, w, from, to, g)
					}
					if to > w-edgeInset {
						t.Fatalf("share %.1f ±%.0f, target %.1f, %.0f px: the value ends at %.0f, past the edge", shareV, moe, goalV, w, to)
					}
				}
			}
		}
	}
}

// TestProgressWording reads the rounds table's progress as a partnership
// would: moving away is said in words, never as a negative share of the
// way, and reaching or passing the target names the round.
func TestProgressWording(t *testing.T) {
	t.Parallel()
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{"spring": "Primavera 2026", "fall": "Otoño 2026"}
	tp := func(base, goal, cur float64, met bool) *results.TargetProgress {
		return &results.TargetProgress{BaselineRound: "spring", Baseline: share(base), Goal: share(goal), CurrentRound: "fall",
			Current: share(cur), Progress: results.Progress(base, goal, cur), Met: met}
	}
	for _, c := range []struct {
		lang string
		tp   *results.TargetProgress
		want string
	}{
		{"en", tp(34, 44, 13.8, false), "Otoño 2026: 14%, moved away from the target by 20.2 points since Primavera 2026 (34%); target 44%"},
		{"en", tp(34, 44, 39, false), "Otoño 2026: 39%, 50% of the way from 34% (Primavera 2026) to 44%"},
		{"en", tp(34, 44, 44, true), "Target of 44% reached in Otoño 2026: 44%"},
		{"en", tp(34, 44, 50, true), "Target of 44% exceeded in Otoño 2026: 50%"},
		{"es", tp(34, 44, 30, false), "Otoño 2026: 30%, se alejó de la meta 4 puntos desde Primavera 2026 (34%); meta 44%"},
		{"en", &results.TargetProgress{BaselineRound: "spring", Baseline: share(34), Goal: share(44)}, "Target: 44%"},
		{"en", &results.TargetProgress{BaselineRound: "spring"}, "No baseline here: the baseline round is hidden or has no answers"},
	} {
		lab := labeler{loc: cat.Localizer(c.lang), lang: c.lang}
		if got := progressText(lab, c.tp, names); got != c.want {
			t.Errorf("%s: %q, want %q", c.lang, got, c.want)
		}
	}
}

// TestWrapTextKeepsWordsAndCutsWithAnEllipsis checks labels break
// between words, and only what cannot fit in the lines allowed is cut.
func TestWrapTextKeepsWordsAndCutsWithAnEllipsis(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		s     string
		lines int
		cut   bool
	}{
		{"Riverside", 1, false},
		{"Slow police response or distrust of police", 2, false},
		{"من سكان هاواي الأصليين أو جزر المحيط الهادئ", 2, false},
		{strings.Repeat("Lincoln Heights ", 12), 2, true},
		{strings.Repeat("x", 80), 1, true},
	} {
		lines, cut := wrapText(c.s, labelPx, true, 150, minChartWidth)
		if len(lines) != c.lines || cut != c.cut {
			t.Errorf("%q: %q (cut %v), want %d lines, cut %v", c.s, lines, cut, c.lines, c.cut)
		}
		for i, l := range lines {
			if w := []float64{150, minChartWidth}[i]; textWidth(l, labelPx, true) > w {
				t.Errorf("%q: line %q is wider than %.0f", c.s, l, w)
			}
		}
	}
}
