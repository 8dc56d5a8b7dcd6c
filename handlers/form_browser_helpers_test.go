package handlers_test

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// checkPage checks language, direction and what WCAG asks of a phone
// screen: nothing wider than 360 px, and every control at least 24×24 px.
func checkPage(t *testing.T, ctx context.Context, lang, dir string) {
	t.Helper()
	if got := eval[string](t, ctx, `document.documentElement.lang + " " + document.documentElement.dir`); got != lang+" "+dir {
		t.Errorf("<html> lang and dir %q, want %q", got, lang+" "+dir)
	}
	if !eval[bool](t, ctx, `document.documentElement.scrollWidth <= window.innerWidth`) {
		t.Error("the page scrolls sideways at 360 px")
	}
	small := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("label.opt, button, .langs a, input[type=radio], input[type=checkbox], input[type=text], textarea"))
		.filter(e => e.offsetParent !== null && !e.closest("[aria-hidden=true]"))
		.map(e => [e, e.getBoundingClientRect()]).filter(([e, r]) => r.width < 24 || r.height < 24)
		.map(([e, r]) => (e.id || e.textContent) + " " + Math.round(r.width) + "x" + Math.round(r.height))`)
	if len(small) > 0 {
		t.Errorf("touch targets under 24×24 px: %v", small)
	}
}

// newBrowser starts headless Chromium (Debian's package) for the test.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	exe := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			exe = p
			break
		}
	}
	if exe == "" {
		t.Fatal("no Chromium: install it with apt-get install -y chromium (scripts/test does)")
	}
	// chromedp makes the profile directory and removes it once Chromium
	// and its helpers have exited.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.WindowSize(360, 740))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() {
		// Closing the browser gracefully lets it stop its helpers itself;
		// Cancel returns once the process is gone and its directory removed.
		closing, stop := context.WithTimeout(ctx, time.Minute)
		defer stop()
		if err := chromedp.Cancel(closing); err != nil {
			t.Logf("closing %s: %v", exe, err)
		}
		cancel()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	return ctx
}

// tab opens a new tab as a 360×740 phone, with or without JavaScript.
func tab(t *testing.T, browser context.Context, javascript bool) context.Context {
	t.Helper()
	// Each tab is its own browser context, like another phone: no cookies
	// shared with the other subtests (a sent form marks its browser).
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	// The first run opens the tab; it must not have a time limit, which
	// would close the tab when it ends.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !javascript})
			return err
		}))
	return ctx
}

// do runs browser actions, with a time limit so a stuck page fails the test
// instead of hanging it.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// navigate runs an action that loads a page and waits for it.
func navigate(t *testing.T, ctx context.Context, step chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if _, err := chromedp.RunResponse(ctx, step); err != nil {
		t.Fatal(err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

func screenshot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// back presses the back button and waits for path. (chromedp's
// NavigateBack waits for a load event, which a page restored from the
// back-forward cache does not fire.)
func back(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	eval[bool](t, ctx, `history.back(), true`)
	waitPath(t, ctx, path)
}

// waitPath waits until the tab shows a loaded page at path.
func waitPath(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	if err := waitFor(ctx, `location.pathname === `+strconv.Quote(path)+` && document.readyState === "complete"`, time.Minute); err != nil {
		t.Fatalf("the tab did not get to %s (%v); it shows %s", path, err, eval[string](t, ctx, "location.href"))
	}
}

// waitFor waits until the JavaScript condition js holds in the tab, for
// up to limit. The browser checks it at every frame it draws; a check that
// a navigation interrupts starts again on the new page.
func waitFor(ctx context.Context, js string, limit time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	for {
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(0)))
		if err == nil || ctx.Err() != nil {
			return err
		}
	}
}

// viewport saves what the phone's screen shows.
func viewport(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// artifactDir is where screenshots go: the -artifacts directory when the
// flag is given, else testdata-artifacts/ at the repository root
// (gitignored), which survives the test for a person to look at.
func artifactDir(t *testing.T) string {
	t.Helper()
	if f := flag.Lookup("test.artifacts"); f != nil && f.Value.String() == "true" {
		return t.ArtifactDir()
	}
	dir := filepath.Join("..", "testdata-artifacts", strings.ReplaceAll(t.Name(), "/", "_"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
