package handlers_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"canvass/surveys"
)

// TestOrganizerInBrowser walks an organizer through a real, headless
// Chromium on a laptop-sized screen: sign in, upload a survey file, read
// its validation warnings, create it, open it, and print its poster. Each
// step's screenshot, and the poster as the browser prints it to PDF, are
// kept in testdata-artifacts/.
func TestOrganizerInBrowser(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a browser")
	}
	a := newStaffApp(t)
	shots := artifactDir(t)
	b := desktopTab(t, newBrowser(t))

	// A staff page without a session leads to the sign-in page and back.
	navigate(t, b, chromedp.Navigate(a.URL+"/admin/surveys/new"))
	if loc := eval[string](t, b, "location.pathname + location.search"); loc != "/login?next=%2Fadmin%2Fsurveys%2Fnew" {
		t.Fatalf("unsigned visit ended at %s, want the sign-in page", loc)
	}
	do(t, b, chromedp.SendKeys(chromedp.ID("email"), "organizer@example.org"),
		chromedp.SendKeys(chromedp.ID("password"), staffPassword))
	screenshot(t, b, shots, "1-sign-in.png")
	navigate(t, b, chromedp.Click(chromedp.CSS(`button[type="submit"]`)))
	waitPath(t, b, "/admin/surveys/new")
	cookies := sessionCookies(t, b)
	if len(cookies) != 1 || !cookies[0].Secure || !cookies[0].HTTPOnly || cookies[0].SameSite != network.CookieSameSiteLax {
		t.Fatalf("the browser keeps session cookies %+v, want one Secure, HttpOnly, SameSite=Lax", cookies)
	}
	if eval[bool](t, b, `document.cookie.includes("canvass_session")`) {
		t.Error("page scripts can read the session cookie")
	}

	// Upload the definition as a file and check it without saving.
	file := filepath.Join(t.TempDir(), "safety-fall-2026.yaml")
	if err := os.WriteFile(file, []byte(fallSurvey(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	do(t, b, chromedp.SetUploadFiles(chromedp.ID("file"), []string{file}))
	navigate(t, b, chromedp.Click(chromedp.CSS(`button[value="check"]`)))
	warnings := eval[int](t, b, `document.querySelectorAll(".problems li.warning").length`)
	errors := eval[int](t, b, `document.querySelectorAll(".problems li.error").length`)
	if warnings == 0 || errors != 0 {
		t.Fatalf("checking the upload shows %d warnings and %d errors; want SMS segment warnings and no errors", warnings, errors)
	}
	if !eval[bool](t, b, `[...document.querySelectorAll(".problems li.warning")].some(li => /SMS segments/.test(li.textContent) && /\bvi\b|\bar\b/.test(li.textContent))`) {
		t.Error("no per-language SMS segment warning is shown")
	}
	screenshot(t, b, shots, "2-validation-warnings.png")

	// The checked text stays in the box: create the draft from it.
	navigate(t, b, chromedp.Click(chromedp.CSS(`button[value="save"]`)))
	waitPath(t, b, "/admin/surveys/safety-fall-2026")
	if status := eval[string](t, b, `document.querySelector(".heading-row .status").textContent`); status != "Draft" {
		t.Errorf("new survey status %q", status)
	}
	screenshot(t, b, shots, "3-draft.png")

	navigate(t, b, chromedp.Click(chromedp.CSS(`form[action$="/open"] button`)))
	waitPath(t, b, "/admin/surveys/safety-fall-2026")
	if status := eval[string](t, b, `document.querySelector(".heading-row .status").textContent`); status != "Open" {
		t.Errorf("status after opening %q", status)
	}
	rec, err := a.Store.Survey(context.Background(), "safety-fall-2026")
	if err != nil || rec.Status != surveys.StatusOpen {
		t.Fatalf("stored survey after opening: %+v %v", rec, err)
	}
	screenshot(t, b, shots, "4-open.png")

	// The poster, in Spanish and Vietnamese, as shown and as printed.
	navigate(t, b, chromedp.Click(chromedp.CSS(`a[href$="/poster?lang=es"]`)))
	do(t, b, chromedp.SetValue(chromedp.ID("lang2"), "vi"))
	navigate(t, b, chromedp.Click(chromedp.CSS(`.poster-controls button[type="submit"]`)))
	if got := eval[string](t, b, `[...document.querySelectorAll(".poster section")].map(s => s.lang + ":" + s.querySelectorAll("svg path").length + ":" + s.querySelector(".p-keyword").textContent).join(" ")`); got != "es:1:OTONO vi:1:MUATHU" {
		t.Errorf("poster sections %q, want Spanish and Vietnamese, each with its QR code and keyword", got)
	}
	if px := eval[float64](t, b, `parseFloat(getComputedStyle(document.querySelector(".p-keyword")).fontSize)`); px < 40 {
		t.Errorf("the keyword is %.0f px, too small to read from two meters", px)
	}
	screenshot(t, b, shots, "5-poster.png")
	do(t, b, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	if eval[string](t, b, `getComputedStyle(document.querySelector(".admin-bar")).display + getComputedStyle(document.querySelector(".poster-controls")).display`) != "nonenone" {
		t.Error("printing shows the page's controls, not only the poster")
	}
	screenshot(t, b, shots, "6-poster-print-media.png")
	// Every language alone and in pairs fits its share of the sheet at the
	// printable widths of A4 (186 mm) and Letter (192 mm), nothing cut off,
	// every keyword on its line.
	for _, width := range []int64{703, 725} {
		do(t, b, chromedp.EmulateViewport(width, 900))
		for _, q := range []string{"lang=en", "lang=es", "lang=so", "lang=vi", "lang=ar", "lang=ht", "lang=es&lang2=vi", "lang=so&lang2=ar", "lang=ht&lang2=en"} {
			navigate(t, b, chromedp.Navigate(a.URL+"/admin/surveys/"+exampleSlug+"/poster?"+q))
			if bad := eval[string](t, b, `[...document.querySelectorAll(".poster section")].filter(s => s.scrollHeight > s.clientHeight + 1 ||
				s.querySelector(".p-keyword").scrollWidth > s.querySelector(".p-keyword").clientWidth).map(s => s.lang).join(",")`); bad != "" {
				t.Errorf("poster %s at %d px: sections %s overflow their share of the sheet", q, width, bad)
			}
		}
	}
	navigate(t, b, chromedp.Navigate(a.URL+"/admin/surveys/safety-fall-2026/poster?lang=es&lang2=vi"))
	// One sheet on A4 and on Letter alike.
	for _, paper := range []struct {
		name string
		w, h float64 // inches
	}{{"a4", 8.27, 11.69}, {"letter", 8.5, 11}} {
		var pdf []byte
		do(t, b, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			res, err := cdp.Call(ctx, tg, cdppage.PrintToPDF, cdppage.PrintToPDFParams{PaperWidth: paper.w, PaperHeight: paper.h})
			pdf = res.Data
			return err
		}))
		m := pdfPageCount.FindSubmatch(pdf)
		if !strings.HasPrefix(string(pdf), "%PDF") || m == nil {
			t.Fatalf("printing the poster on %s made no PDF", paper.name)
		}
		if string(m[1]) != "1" {
			t.Errorf("the printed poster takes %s %s pages, want 1", m[1], paper.name)
		}
		if err := os.WriteFile(filepath.Join(shots, "7-poster-es-vi-"+paper.name+".pdf"), pdf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// pdfPageCount finds the page count of a PDF's page tree.
var pdfPageCount = regexp.MustCompile(`/Type /Pages[^>]*?/Count (\d+)|/Count (\d+)`)

// desktopTab opens a tab with a laptop's screen: staff pages are used at
// a desk, residents' pages on phones.
func desktopTab(t *testing.T, browser context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.EmulateViewport(1280, 900))
	return ctx
}

// sessionCookies are the browser's session cookies for the page shown.
func sessionCookies(t *testing.T, ctx context.Context) []*network.Cookie {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	var out []*network.Cookie
	do(t, ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		res, err := cdp.Call(ctx, tg, network.GetCookies, network.GetCookiesParams{})
		for _, c := range res.Cookies {
			if c.Name == "__Host-canvass_session" {
				out = append(out, c)
			}
		}
		return err
	}))
	return out
}
