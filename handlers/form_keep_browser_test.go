package handlers_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	chromekb "github.com/chromedp/chromedp/kb"
)

// formState is what the resident has filled in: every answer the form
// would send, and its key, one "name=value" a line in document order.
const formState = `[...new FormData(document.querySelector("form[data-survey]"))]
	.filter(([k, v]) => k !== "_csrf" && k !== "_shown" && v !== "").map(([k, v]) => k + "=" + v).join("\n")`

// TestFormLanguageSwitchKeepsAnswersInBrowser switches language halfway
// through the form, with JavaScript and without, through English, Arabic,
// Spanish and Vietnamese: every answer stays filled in, no error is shown,
// nothing is stored, and the answers are finally stored in the last
// language chosen. Without JavaScript, Enter in a text field still sends
// the answers, not the first language's button.
func TestFormLanguageSwitchKeepsAnswersInBrowser(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a browser")
	}
	a := newApp(t, withExample())
	browser := newBrowser(t)

	t.Run("with JavaScript", func(t *testing.T) {
		b := tab(t, browser, true)
		navigate(t, b, chromedp.Navigate(a.URL+"/s/"+exampleSlug+"?lang=en"))
		for _, id := range []string{"f-neighborhood-riverside", "f-safe_day-4", "f-safe_night-1", "f-needs-housing", "f-needs-food"} {
			do(t, b, chromedp.Click(chromedp.CSS(`label[for="`+id+`"]`)))
		}
		do(t, b, chromedp.WaitVisible(chromedp.ID("f-comment")),
			chromedp.SendKeys(chromedp.ID("f-comment"), "More light on Elm Street"),
			chromedp.SendKeys(chromedp.ID("f-household"), "abc"))
		typed, stored := eval[string](t, b, formState), countResponses(t, a.Store)
		for _, lang := range []string{"ar", "es"} {
			switchLanguage(t, b, lang)
			checkKept(t, b, a, lang, typed, stored)
		}
		do(t, b, chromedp.SetValue(chromedp.ID("f-household"), "4"))
		key := eval[string](t, b, `document.querySelector("input[name=_key]").value`)
		navigate(t, b, chromedp.Click(chromedp.CSS(`form[data-survey] button[type="submit"]:not([name])`)))
		waitPath(t, b, "/s/"+exampleSlug+"/thanks")
		r := storedResponse(t, a.Store, key)
		if r.Language != "es" || r.Answers["comment"] != "More light on Elm Street" || r.Answers["household"] != 4 || r.Neighborhood != "riverside" {
			t.Errorf("stored %+v, want the answers typed before switching, in Spanish", r)
		}
	})

	t.Run("without JavaScript", func(t *testing.T) {
		b := tab(t, browser, false)
		navigate(t, b, chromedp.Navigate(a.URL+"/s/"+exampleSlug+"?lang=vi"))
		for _, id := range []string{"f-neighborhood-eastgate", "f-safe_day-2", "f-safe_night-5", "f-age-age_25_34"} {
			do(t, b, chromedp.Click(chromedp.CSS(`label[for="`+id+`"]`)))
		}
		do(t, b, chromedp.SendKeys(chromedp.ID("f-household"), "3"))
		typed, stored := eval[string](t, b, formState), countResponses(t, a.Store)
		switchLanguage(t, b, "ar")
		checkKept(t, b, a, "ar", typed, stored)
		key := eval[string](t, b, `document.querySelector("input[name=_key]").value`)
		// Enter in a text field sends the form with its default button: the
		// answers, not the switcher's first language.
		navigate(t, b, chromedp.SendKeys(chromedp.ID("f-household"), chromekb.Enter))
		waitPath(t, b, "/s/"+exampleSlug+"/thanks")
		if r := storedResponse(t, a.Store, key); r.Language != "ar" || r.Neighborhood != "eastgate" || r.Answers["household"] != 3 {
			t.Errorf("stored %+v, want the answers typed in Vietnamese, in Arabic", r)
		}
	})
}

// switchLanguage presses the language switcher's entry for lang.
func switchLanguage(t *testing.T, b context.Context, lang string) {
	t.Helper()
	navigate(t, b, chromedp.Click(chromedp.CSS(`nav.langs [lang="`+lang+`"]`)))
}

// checkKept checks the page is the form in lang with the answers typed
// before, no error shown and nothing stored: still the stored responses.
func checkKept(t *testing.T, b context.Context, a *testApp, lang, typed string, stored int) {
	t.Helper()
	checkPage(t, b, lang, map[bool]string{true: "rtl", false: "ltr"}[lang == "ar"])
	if got := eval[string](t, b, formState); got != typed {
		t.Errorf("after switching to %s the form holds\n%s\nwant\n%s", lang, got, typed)
	}
	if n := eval[int](t, b, `document.querySelectorAll(".summary, .err, [aria-invalid=true]").length`); n != 0 {
		t.Errorf("after switching to %s the page shows %d errors", lang, n)
	}
	if n := countResponses(t, a.Store); n != stored {
		t.Errorf("switching language stored %d responses", n-stored)
	}
}

// TestFormErrorLinksLandOnTheQuestion sends the form empty at 360×740 and
// follows each link of the error summary, in English and Arabic, with
// JavaScript and without: the question's legend is on the screen and its
// first field has the focus.
func TestFormErrorLinksLandOnTheQuestion(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a browser")
	}
	a := newApp(t, withExample())
	browser := newBrowser(t)
	for _, c := range []struct {
		lang string
		js   bool
	}{{"en", true}, {"ar", true}, {"en", false}, {"ar", false}} {
		name := c.lang + map[bool]string{true: " with JavaScript", false: " without JavaScript"}[c.js]
		t.Run(name, func(t *testing.T) {
			b := tab(t, browser, c.js)
			navigate(t, b, chromedp.Navigate(a.URL+"/s/"+exampleSlug+"?lang="+c.lang))
			navigate(t, b, chromedp.Click(chromedp.CSS(`form[data-survey] button[type="submit"]:not([name])`)))
			// The summary takes the focus once the page has rendered; a
			// link followed before then would lose it again.
			if err := waitFor(b, `document.activeElement.className === "summary"`, 10*time.Second); err != nil {
				t.Fatalf("the error summary did not take the focus: %v", err)
			}
			n := eval[int](t, b, `document.querySelectorAll(".summary a").length`)
			if n == 0 {
				t.Fatal("no error links")
			}
			for i := range n {
				eval[bool](t, b, `scrollTo(0, 0), true`)
				link := eval[string](t, b, `document.querySelectorAll(".summary a")[`+strconv.Itoa(i)+`].hash.slice(1)`)
				do(t, b, chromedp.Click(chromedp.CSS(`.summary li:nth-child(`+strconv.Itoa(i+1)+`) a`)))
				checkLanded(t, b, link)
			}
		})
	}
}

// landed tells where the last error link left the reader: the focused
// element's id, and whether its question's legend and the field itself
// are wholly on the screen.
const landed = `(() => {
	const f = document.activeElement, q = f.closest("fieldset"), inView = e => {
		const r = e.getBoundingClientRect(); return r.top >= -1 && r.bottom <= innerHeight + 1 };
	return f.id + " " + (q !== null && inView(q.querySelector("legend"))) + " " + inView(f) })()`

// checkLanded waits for the page to settle after a click on an error link
// to the field id and checks it landed there.
func checkLanded(t *testing.T, b context.Context, id string) {
	t.Helper()
	want := id + " true true"
	_ = waitFor(b, `(`+landed+`) === "`+want+`"`, 5*time.Second)
	if got := eval[string](t, b, landed); got != want {
		t.Errorf("error link to %s: focus, legend on screen, field on screen = %q, want %q", id, got, want)
	}
}

// TestFormAnnouncesFollowUpQuestion answers so that the show_if question
// appears, with JavaScript, in Spanish and Arabic: the polite live region
// then names the new question, and names it again when it reappears.
func TestFormAnnouncesFollowUpQuestion(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a browser")
	}
	a := newApp(t, withExample())
	browser := newBrowser(t)
	const live = `(document.querySelector('[role="status"][data-appeared]') || {textContent: "no live region"}).textContent`
	for _, lang := range []string{"es", "ar"} {
		t.Run(lang, func(t *testing.T) {
			b := tab(t, browser, true)
			navigate(t, b, chromedp.Navigate(a.URL+"/s/"+exampleSlug+"?lang="+lang))
			if got := eval[string](t, b, live); got != "" {
				t.Fatalf("before any answer the live region says %q", got)
			}
			question := strings.TrimSpace(eval[string](t, b, `document.querySelector("#q-comment legend").textContent`))
			for _, step := range []struct {
				option string
				says   bool
			}{{"f-safe_night-1", true}, {"f-safe_night-4", false}, {"f-safe_night-2", true}} {
				do(t, b, chromedp.Click(chromedp.CSS(`label[for="`+step.option+`"]`)))
				cond := live + `.includes(` + strconv.Quote(question) + `)`
				if !step.says {
					cond = "!" + cond
				}
				if err := waitFor(b, cond, 5*time.Second); err != nil {
					t.Errorf("after %s the live region says %q; want it to name %q: %v", step.option, eval[string](t, b, live), question, step.says)
				}
			}
		})
	}
}
