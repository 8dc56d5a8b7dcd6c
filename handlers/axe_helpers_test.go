package handlers_test

import (
	"context"
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// axeSource is axe-core, vendored so the test runs offline and on a fresh
// machine; testdata/README says which release and how to update it.
//
//go:embed testdata/axe.min.js
var axeSource string

// axeViolation is one failed axe rule on a page, with the elements it
// failed on.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

func (v axeViolation) String() string {
	return fmt.Sprintf("%s (%s: %s) on %d element(s): %s", v.ID, v.Impact, v.Help, len(v.Nodes), strings.Join(v.Nodes, " | "))
}

// axeRun lists each violation as the rule, then each element's selector
// and the start of its HTML, so a failure says where to look.
const axeRun = `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
	id: v.id, impact: v.impact || "", help: v.help,
	nodes: v.nodes.map(n => n.target.join(" ") + " " + n.html.slice(0, 120))})))`

// runAxe injects axe-core into the page the tab shows (a new page has
// none) and runs every rule it runs by default: WCAG 2.x A and AA and its
// best practices.
func runAxe(t *testing.T, ctx context.Context) []axeViolation {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
		t.Fatalf("injecting axe-core: %v", err)
	}
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("running axe-core: %v", err)
	}
	return vs
}

// checkAxe fails the test with every violation on the page the tab shows,
// and logs their count by rule for the before/after figures.
func checkAxe(t *testing.T, ctx context.Context) {
	t.Helper()
	vs := runAxe(t, ctx)
	if len(vs) == 0 {
		return
	}
	byRule := make([]string, 0, len(vs))
	for _, v := range vs {
		byRule = append(byRule, fmt.Sprintf("%s=%d", v.ID, len(v.Nodes)))
		t.Errorf("%s: %s", eval[string](t, ctx, "location.pathname + location.search"), v)
	}
	sort.Strings(byRule)
	t.Logf("axe violations by rule: %s", strings.Join(byRule, " "))
}

// speak makes the tab ask for lang in every request's Accept-Language, as
// a phone set to that language does; staff pages choose their language
// from it.
func speak(t *testing.T, ctx context.Context, lang string) {
	t.Helper()
	do(t, ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": lang}})
		return err
	}))
}

// signInTab signs the tab in on the sign-in page, as the user would.
func signInTab(t *testing.T, ctx context.Context, base, email string) {
	t.Helper()
	navigate(t, ctx, chromedp.Navigate(base+"/login"))
	do(t, ctx, chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), staffPassword))
	navigate(t, ctx, chromedp.Click(chromedp.CSS(`button[type="submit"]`)))
	if path := eval[string](t, ctx, "location.pathname"); path == "/login" {
		t.Fatalf("signing in as %s stayed on the sign-in page", email)
	}
}
