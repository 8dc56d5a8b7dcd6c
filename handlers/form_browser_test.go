package handlers_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestFormInBrowser fills the example survey in a real, headless Chromium
// on a 360×740 phone screen: in Spanish with JavaScript (the show_if
// question appears at once), and in Arabic without it (the server re-shows
// the page with the question). Each time it finds the response stored with
// the right language. Screenshots are kept in testdata-artifacts/ (or in
// the -artifacts directory).
func TestFormInBrowser(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a browser")
	}
	a := newApp(t, withExample())
	ctx := newBrowser(t)
	shots := artifactDir(t)

	t.Run("Spanish with JavaScript", func(t *testing.T) {
		b := tab(t, ctx, true)
		do(t, b, chromedp.Navigate(a.URL+"/s/"+exampleSlug))
		// The language switcher, as a resident would use it.
		navigate(t, b, chromedp.Click(chromedp.CSS(`nav.langs [lang="es"]`)))
		checkPage(t, b, "es", "ltr")
		viewport(t, b, shots, "es-0-first-screen.png")
		key := eval[string](t, b, `document.querySelector("input[name=_key]").value`)
		if eval[bool](t, b, `!document.getElementById("q-comment").hidden`) {
			t.Error("the show_if question is visible before its answer")
		}
		// Sent empty: the errors are listed at the top, which takes focus,
		// and each links to its question.
		navigate(t, b, chromedp.Click(chromedp.CSS(`form[data-survey] button[type="submit"]:not([name])`)))
		// autofocus applies once the page has rendered: wait for it.
		const focus = `document.activeElement.className + " " + document.querySelectorAll(".summary a").length`
		_ = waitFor(b, focus+` === "summary 3"`, 10*time.Second)
		if focused := eval[string](t, b, focus); focused != "summary 3" {
			t.Errorf("after sending an empty form: focus and error links %q, want the summary with 3 links", focused)
		}
		if eval[string](t, b, `document.querySelector("input[name=_key]").value`) != key {
			t.Error("the re-shown form has a new key")
		}
		viewport(t, b, shots, "es-1-errors.png")
		do(t, b, chromedp.Click(chromedp.CSS(`.summary a`)))
		if got := eval[string](t, b, `document.activeElement.id`); got != "f-neighborhood-north-of-main" {
			t.Errorf("the first error link focused %q, want the first neighborhood", got)
		}
		for _, id := range []string{"f-neighborhood-riverside", "f-safe_day-4", "f-safe_night-2", "f-needs-housing", "f-needs-jobs", "f-age-age_25_34"} {
			do(t, b, chromedp.Click(chromedp.CSS(`label[for="`+id+`"]`)))
		}
		do(t, b, chromedp.WaitVisible(chromedp.ID("f-comment")),
			chromedp.SendKeys(chromedp.ID("f-comment"), "Más luz en la calle"),
			chromedp.SendKeys(chromedp.ID("f-household"), "4"))
		screenshot(t, b, shots, "es-2-filled.png")
		navigate(t, b, chromedp.Click(chromedp.CSS(`form[data-survey] button[type="submit"]:not([name])`)))
		if loc := eval[string](t, b, "location.pathname + location.search"); loc != "/s/"+exampleSlug+"/thanks?lang=es" {
			t.Fatalf("after sending: %s, want the Spanish thank-you page", loc)
		}
		if h1 := eval[string](t, b, `document.querySelector("h1").textContent`); h1 != "Gracias" {
			t.Errorf("thank-you heading %q", h1)
		}
		screenshot(t, b, shots, "es-3-thanks.png")
		r := storedResponse(t, a.Store, key)
		if r.Language != "es" || r.Answers["comment"] != "Más luz en la calle" || r.Answers["household"] != 4 || r.Answers["safe_night"] != 2 {
			t.Errorf("stored %+v", r)
		}

		// The form's address again (a reload, or Back when the browser
		// reloads the page instead of restoring it): the answers are in,
		// with the way for someone else; no second form to send by mistake.
		navigate(t, b, chromedp.Navigate(a.URL+"/s/"+exampleSlug))
		if h1 := eval[string](t, b, `document.querySelector("h1").textContent + " " + document.querySelectorAll("input[name=_key]").length`); h1 != "Sus respuestas ya están guardadas 0" {
			t.Errorf("the form's address after sending shows %q", h1)
		}
		screenshot(t, b, shots, "es-4-answered.png")
		navigate(t, b, chromedp.Click(chromedp.CSS(`form[action*="/another"] button`)))
		if eval[string](t, b, `document.querySelector("input[name=_key]").value`) == key {
			t.Error("someone else got the first resident's form key")
		}
		if n := countResponses(t, a.Store); n != 1 {
			t.Errorf("%d responses stored, want 1", n)
		}
	})

	t.Run("320 px wide and 200% text", func(t *testing.T) {
		b := tab(t, ctx, true)
		do(t, b, chromedp.EmulateViewport(320, 640, chromedp.EmulateMobile, chromedp.EmulateTouch),
			chromedp.Navigate(a.URL+"/s/"+exampleSlug+"?lang=vi"))
		checkPage(t, b, "vi", "ltr")
		// Text zoom: the layout is in rem, so doubling the root font size
		// is what a resident's 200% text setting does.
		eval[bool](t, b, `document.documentElement.style.fontSize = "200%", true`)
		if !eval[bool](t, b, `document.documentElement.scrollWidth <= window.innerWidth`) {
			t.Error("the page scrolls sideways at 320 px with 200% text")
		}
		viewport(t, b, shots, "vi-320px-200pct.png")
	})

	t.Run("Arabic without JavaScript", func(t *testing.T) {
		b := tab(t, ctx, false)
		do(t, b, chromedp.Navigate(a.URL+"/s/"+exampleSlug+"?lang=ar"))
		checkPage(t, b, "ar", "rtl")
		viewport(t, b, shots, "ar-0-first-screen.png")
		// The layout mirrors: a choice's radio button sits right of its text.
		if !eval[bool](t, b, `(() => { const l = document.querySelector('label[for="f-safe_day-1"]');
			return l.querySelector("input").getBoundingClientRect().left > l.querySelector("span").getBoundingClientRect().left })()`) {
			t.Error("radio buttons are not on the right in Arabic")
		}
		key := eval[string](t, b, `document.querySelector("input[name=_key]").value`)
		for _, id := range []string{"f-neighborhood-eastgate", "f-safe_day-2", "f-safe_night-1", "f-needs-food"} {
			do(t, b, chromedp.Click(chromedp.CSS(`label[for="`+id+`"]`)))
		}
		screenshot(t, b, shots, "ar-1-filled.png")
		navigate(t, b, chromedp.Click(chromedp.CSS(`form[data-survey] button[type="submit"]:not([name])`)))
		// No script ran: the server found the new question and showed it.
		if !eval[bool](t, b, `!document.getElementById("q-comment").hidden && document.querySelector(".notice") !== null`) {
			t.Fatal("the page was not re-shown with the show_if question")
		}
		if !eval[bool](t, b, `document.getElementById("f-safe_night-1").checked`) {
			t.Error("answers were lost when the page was re-shown")
		}
		viewport(t, b, shots, "ar-2-revealed-top.png")
		screenshot(t, b, shots, "ar-2-revealed.png")
		do(t, b, chromedp.SendKeys(chromedp.ID("f-comment"), "إنارة أفضل في الشوارع"))
		navigate(t, b, chromedp.Click(chromedp.CSS(`form[data-survey] button[type="submit"]:not([name])`)))
		if h1 := eval[string](t, b, `document.querySelector("h1").textContent`); h1 != "شكرًا لك" {
			t.Errorf("thank-you heading %q", h1)
		}
		screenshot(t, b, shots, "ar-3-thanks.png")
		r := storedResponse(t, a.Store, key)
		if r.Language != "ar" || r.Neighborhood != "eastgate" || r.Answers["comment"] != "إنارة أفضل في الشوارع" {
			t.Errorf("stored %+v", r)
		}
	})
}
