package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	keys "github.com/chromedp/chromedp/kb"

	"canvass/auth"
	"canvass/surveys"
)

// chartReport is what the browser measured of the charts of one page.
type chartReport struct {
	Texts    int      `json:"texts"`
	Outside  []string `json:"outside"`
	Overlaps []string `json:"overlaps"`
	Cut      []string `json:"cut"`
	// MinFont is the smallest text on any chart as drawn, in CSS px.
	MinFont   float64  `json:"minFont"`
	SmallText []string `json:"smallText"`
	Legends   []string `json:"legends"`
	// Regions are wide tables not wrapped in a focusable, named scroll
	// region.
	Regions []string `json:"regions"`
	Bytes   int      `json:"bytes"`
}

// measureCharts is run in the page: every text of every chart drawn, its
// box as the browser lays it out (scaling included), and what is wrong
// with it. A text inside <text> names itself by its own characters, not
// its <title>.
const measureCharts = `(() => {
	const out = {texts: 0, outside: [], overlaps: [], cut: [], minFont: 1e9, smallText: [], legends: [], regions: [], bytes: document.documentElement.outerHTML.length};
	const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
	const own = e => [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join("");
	const meet = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
	for (const svg of document.querySelectorAll("svg.chart")) {
		if (!shown(svg)) continue;
		const box = svg.getBoundingClientRect();
		const texts = [...svg.querySelectorAll("text")].filter(shown).map(e => ({e, r: e.getBoundingClientRect(), s: own(e)}));
		for (const {e, r, s} of texts) {
			out.texts++;
			if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) {
				out.outside.push(svg.id + ": " + s + " " + [r.left, r.top, r.right, r.bottom].map(Math.round) + " in " + [box.left, box.top, box.right, box.bottom].map(Math.round));
			}
			const px = parseFloat(getComputedStyle(e).fontSize) * Math.abs(e.getScreenCTM().a);
			if (px < out.minFont) out.minFont = px;
			if (px < 12) out.smallText.push(svg.id + ": " + s + " " + px.toFixed(1) + "px");
			const full = e.querySelector("title");
			if (full && s.replace("…", "").trim().length < Math.min(6, full.textContent.length)) {
				out.cut.push(svg.id + ": " + s + " of " + full.textContent);
			}
		}
		for (let i = 0; i < texts.length; i++) {
			for (let j = i + 1; j < texts.length; j++) {
				if (meet(texts[i].r, texts[j].r)) out.overlaps.push(svg.id + ": " + texts[i].s + " × " + texts[j].s);
			}
		}
		// A dashed line is a target: no value may be written across it.
		for (const line of svg.querySelectorAll("line[stroke-dasharray]")) {
			const b = line.getBoundingClientRect(), w = parseFloat(line.getAttribute("stroke-width")) / 2;
			const l = {left: b.left - w, right: b.right + w, top: b.top, bottom: b.bottom};
			for (const {r, s} of texts) {
				if (meet(l, r)) out.overlaps.push(svg.id + ": the target line × " + s);
			}
		}
	}
	for (const legend of document.querySelectorAll(".chart-legend")) {
		if (!shown(legend)) continue;
		const box = legend.getBoundingClientRect();
		const items = [...legend.children].filter(shown).map(li => ({s: li.textContent, r: li.getBoundingClientRect()}));
		for (let i = 0; i < items.length; i++) {
			const {s, r} = items[i];
			if (r.left < box.left - 0.5 || r.right > box.right + 0.5) out.legends.push("outside: " + s);
			for (let j = i + 1; j < items.length; j++) {
				if (meet(r, items[j].r)) out.legends.push(s + " × " + items[j].s);
			}
		}
	}
	for (const table of document.querySelectorAll("table.data")) {
		const region = table.closest(".table-scroll");
		const name = region && document.getElementById(region.getAttribute("aria-labelledby") || "");
		if (!region || region.tabIndex !== 0 || region.getAttribute("role") !== "region" || !name || !name.textContent.trim() ||
			getComputedStyle(region).overflowX !== "auto") {
			out.regions.push((table.querySelector("caption, th") || table).textContent.slice(0, 40));
		}
	}
	return out;
})()`

// TestResultsChartsInBrowser lays the public and the staff results pages
// out in Chromium in every survey language, at a phone's width and a
// laptop's, and measures every text of every chart: none may leave its
// chart or overlap another, none may be cut to a stub, none may be drawn
// under 12 px on the phone. Legends may not overlap, the page may not
// scroll sideways, and every data table scrolls in a region a keyboard
// can reach. Screenshots are kept in testdata-artifacts/.
func TestResultsChartsInBrowser(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a browser")
	}
	a := newResultsApp(t, 300, 31, withUsers())
	a.putExampleBoundaries()
	a.addFallRound()
	fall := nameFallRound(t, a)
	shots := artifactDir(t)
	browser := newBrowser(t)
	for _, width := range []int64{360, 1280} {
		b := chartsTab(t, browser, a, width)
		for _, lang := range a.rec.Languages {
			dir := "ltr"
			if lang == "ar" {
				dir = "rtl"
			}
			for _, page := range []struct{ name, path string }{
				{"public", "/s/" + exampleSlug + "/results?lang=" + lang},
				{"staff", "/admin/results/" + exampleSlug + "?lang=" + lang},
				{"staff-split", "/admin/results/" + exampleSlug + "?split=age&lang=" + lang},
			} {
				t.Run(fmt.Sprintf("%d/%s/%s", width, lang, page.name), func(t *testing.T) {
					speakTo(t, b, lang)
					navigate(t, b, chromedp.Navigate(a.URL+page.path))
					if got := eval[string](t, b, `document.documentElement.lang + " " + document.documentElement.dir`); got != lang+" "+dir {
						t.Fatalf("%s shows <html> lang and dir %q, want %q", page.path, got, lang+" "+dir)
					}
					r := eval[chartReport](t, b, measureCharts)
					t.Logf("%d chart texts, %d outside, %d overlapping, smallest %.1f px; %d bytes",
						r.Texts, len(r.Outside), len(r.Overlaps), r.MinFont, r.Bytes)
					checkChartReport(t, r, width)
					if !eval[bool](t, b, `document.documentElement.scrollWidth <= window.innerWidth`) {
						t.Errorf("the page scrolls sideways at %d px", width)
					}
					if page.name == "staff" {
						checkRoundNames(t, b, a.rec.RoundIn(lang), fall.RoundIn(lang))
					}
					if width <= 360 {
						checkKeyboardScroll(t, b)
					}
					screenshot(t, b, shots, fmt.Sprintf("%d-%s-%s.png", width, lang, page.name))
				})
			}
		}
	}
}

func checkChartReport(t *testing.T, r chartReport, width int64) {
	t.Helper()
	if r.Texts == 0 {
		t.Fatal("no chart text drawn: the page has no charts")
	}
	for _, problem := range []struct {
		what  string
		items []string
	}{
		{"texts outside their chart", r.Outside},
		{"overlapping texts", r.Overlaps},
		{"labels cut to a stub", r.Cut},
		{"legend items overlapping or outside", r.Legends},
		{"tables not in a focusable, named scroll region", r.Regions},
	} {
		if len(problem.items) > 0 {
			t.Errorf("%d %s: %s", len(problem.items), problem.what, strings.Join(problem.items, "; "))
		}
	}
	if width <= 360 && len(r.SmallText) > 0 {
		t.Errorf("%d chart texts under 12 px: %s", len(r.SmallText), strings.Join(r.SmallText, "; "))
	}
}

// chartsTab is a tab width pixels wide, signed in as staff; a phone's
// width emulates a phone.
func chartsTab(t *testing.T, browser context.Context, a *resultsApp, width int64) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	if width <= 360 {
		do(t, ctx, chromedp.EmulateViewport(width, 740, chromedp.EmulateMobile, chromedp.EmulateTouch))
	} else {
		do(t, ctx, chromedp.EmulateViewport(width, 900))
	}
	navigate(t, ctx, chromedp.Navigate(a.URL+"/login"))
	do(t, ctx, chromedp.SendKeys(chromedp.ID("email"), a.Users[auth.RoleStaff].Email),
		chromedp.SendKeys(chromedp.ID("password"), staffPassword))
	navigate(t, ctx, chromedp.Click(chromedp.CSS(`button[type="submit"]`)))
	if path := eval[string](t, ctx, "location.pathname"); path == "/login" {
		t.Fatal("signing in as staff stayed on the sign-in page")
	}
	return ctx
}

// speakTo makes the tab ask for lang, as a browser set to it does: staff
// pages take their interface language from it.
func speakTo(t *testing.T, ctx context.Context, lang string) {
	t.Helper()
	do(t, ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": lang}})
		return err
	}))
}

// nameFallRound gives the series' second round its name in every
// language, as its organizer would.
func nameFallRound(t *testing.T, a *resultsApp) *surveys.Record {
	t.Helper()
	rec, err := a.Store.Survey(t.Context(), "safety-fall-2026")
	if err != nil {
		t.Fatal(err)
	}
	def := rec.Survey
	def.RoundLabel = surveys.Text{"en": "Fall 2026", "es": "Otoño 2026", "so": "Dayr 2026", "vi": "Mùa thu 2026", "ar": "خريف 2026", "ht": "Otòn 2026"}
	rec, err = a.Store.UpdateSurvey(t.Context(), &def, "")
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// checkRoundNames checks the round comparison names its rounds in the
// page's language: in its key, its table's heads and its progress text.
func checkRoundNames(t *testing.T, ctx context.Context, first, second string) {
	t.Helper()
	got := eval[[]string](t, ctx, `[".compare .chart-legend li", ".compare thead th.n"].map(s => [...document.querySelectorAll(s)].map(e => e.textContent.trim()).slice(0, 2).join(" / "))
		.concat([document.querySelector(".compare tbody td:last-child").textContent])`)
	want := first + " / " + second
	if len(got) != 3 || got[0] != want || got[1] != want || !strings.Contains(got[2], second) {
		t.Errorf("the round comparison names its rounds %q, want %q", got, want)
	}
}

// checkKeyboardScroll focuses the first table wider than its region and
// scrolls it with the arrow key, as a keyboard user would.
func checkKeyboardScroll(t *testing.T, ctx context.Context) {
	t.Helper()
	if !eval[bool](t, ctx, `(() => {
		const overflow = r => r.scrollWidth - r.clientWidth;
		const r = [...document.querySelectorAll(".table-scroll")].sort((a, b) => overflow(b) - overflow(a))[0];
		if (!r || overflow(r) < 40) return false;
		r.scrollLeft = 0; r.focus(); return document.activeElement === r;
	})()`) {
		t.Fatal("no wide table's scroll region takes the keyboard's focus")
	}
	// The key toward the end of the line: right, or left in Arabic.
	key := keys.ArrowRight
	if eval[string](t, ctx, "document.documentElement.dir") == "rtl" {
		key = keys.ArrowLeft
	}
	// A busy machine may drop a key press before the page takes it:
	// press again, as a person would.
	for range 3 {
		do(t, ctx, chromedp.KeyEvent(key))
		if waitFor(ctx, `document.activeElement.scrollLeft !== 0`, 5*time.Second) == nil {
			return
		}
	}
	t.Errorf("the arrow keys do not scroll a focused table (focus on %s)", eval[string](t, ctx, `document.activeElement.outerHTML.slice(0, 80)`))
}
