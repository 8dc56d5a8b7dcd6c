package handlers_test

import (
	"cmp"
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"canvass/auth"
)

// axePage is one page axe-core checks: where it is, who opens it ("" for a
// resident or someone signed out), and for the form's variants the steps
// that bring it about on the page before.
type axePage struct {
	name string
	path string
	role auth.Role
	// status is the page's HTTP status; 0 means 200.
	status int
	// then runs after the page at path has loaded, and leaves the tab on
	// the page to check.
	then func(t *testing.T, b context.Context)
}

// TestAxeOnEveryPage loads every resident, public and staff page at
// 360×740 in English and in Arabic, as the role that uses it, injects
// axe-core and fails on any violation, naming the rule and the elements.
func TestAxeOnEveryPage(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a browser")
	}
	a := newStaffApp(t)
	// Results pages with groups big enough to show charts and a map.
	(&resultsApp{testApp: a.testApp}).addResponses(400, 14)
	browser := newBrowser(t)
	for _, lang := range []string{"en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			tabs := map[auth.Role]context.Context{}
			for _, p := range axePages(a, lang) {
				b, ok := tabs[p.role]
				if !ok {
					b = roleTab(t, browser, a, p.role, lang)
					tabs[p.role] = b
				}
				t.Run(p.name, func(t *testing.T) {
					openPage(t, b, a.URL, p)
					if p.then != nil {
						p.then(t, b)
					}
					checkAxe(t, b)
				})
			}
		})
	}
}

// openPage loads the page and checks it is the one asked for, not a
// sign-in page or an error in its place.
func openPage(t *testing.T, b context.Context, base string, p axePage) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b, time.Minute)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Navigate(base+p.path))
	if err != nil {
		t.Fatal(err)
	}
	want := cmp.Or(p.status, http.StatusOK)
	if got := eval[string](t, b, "location.pathname + location.search"); resp.Status != int64(want) || got != p.path {
		t.Fatalf("%s: status %d at %s, want %d", p.path, resp.Status, got, want)
	}
}

// roleTab is a phone-sized tab in lang, signed in as role unless role is
// "".
func roleTab(t *testing.T, browser context.Context, a *staffApp, role auth.Role, lang string) context.Context {
	t.Helper()
	b := tab(t, browser, true)
	speak(t, b, lang)
	if role != "" {
		signInTab(t, b, a.URL, a.Users[role].Email)
	}
	return b
}

// axePages lists the pages in lang. Resident pages choose it with ?lang=,
// as the language switcher does; staff pages from Accept-Language.
func axePages(a *staffApp, lang string) []axePage {
	form := "/s/" + exampleSlug
	q := "?lang=" + lang
	slug := "/admin/surveys/" + exampleSlug
	return []axePage{
		{name: "home", path: "/" + q},
		{name: "form", path: form + q},
		{name: "form with errors", path: form + q, then: sendEmptyForm},
		{name: "form with a follow-up question", path: form + q, then: showFollowUp},
		{name: "thanks", path: form + "/thanks" + q},
		{name: "public results", path: form + "/results" + q},
		{name: "not found", path: "/s/no-such-survey" + q, status: http.StatusNotFound},
		{name: "answered", path: form + q, then: answerForm(a.URL + form + q)},
		{name: "sign-in", path: "/login"},

		{name: "surveys", path: "/admin/surveys", role: auth.RoleOrganizer},
		{name: "survey", path: slug, role: auth.RoleOrganizer},
		{name: "new survey", path: "/admin/surveys/new", role: auth.RoleOrganizer},
		{name: "edit survey", path: slug + "/edit", role: auth.RoleOrganizer},
		{name: "form preview", path: slug + "/preview", role: auth.RoleOrganizer},
		{name: "SMS preview", path: slug + "/sms", role: auth.RoleOrganizer},
		{name: "poster", path: slug + "/poster", role: auth.RoleOrganizer},
		{name: "contacts", path: "/admin/contacts", role: auth.RoleOrganizer},
		{name: "invitations", path: slug + "/invite", role: auth.RoleOrganizer},
		{name: "results index", path: "/admin/results", role: auth.RoleOrganizer},
		{name: "results", path: "/admin/results/" + exampleSlug, role: auth.RoleOrganizer},
		{name: "account", path: "/account", role: auth.RoleOrganizer},

		{name: "partner results index", path: "/admin/results", role: auth.RolePartner},
		{name: "partner results", path: "/admin/results/" + exampleSlug, role: auth.RolePartner},
		{name: "partner account", path: "/account", role: auth.RolePartner},
		{name: "staff error page", path: "/admin/users", role: auth.RolePartner, status: http.StatusForbidden},

		{name: "users", path: "/admin/users", role: auth.RoleAdmin},
		{name: "user", path: "/admin/users/" + a.Users[auth.RoleStaff].ID, role: auth.RoleAdmin},
		{name: "audit", path: "/admin/audit", role: auth.RoleAdmin},
	}
}

// sendEmptyForm sends the form unanswered: the page comes back with the
// error summary and each question's error.
func sendEmptyForm(t *testing.T, b context.Context) {
	t.Helper()
	navigate(t, b, chromedp.Click(chromedp.CSS(`form[data-survey] button[type="submit"]:not([name])`)))
	if eval[int](t, b, `document.querySelectorAll(".summary a").length`) == 0 {
		t.Fatal("sending the empty form showed no errors")
	}
}

// showFollowUp answers so that the show_if question appears and the live
// region announces it.
func showFollowUp(t *testing.T, b context.Context) {
	t.Helper()
	do(t, b, chromedp.Click(chromedp.CSS(`label[for="f-safe_night-1"]`)), chromedp.WaitVisible(chromedp.ID("f-comment")))
}

// answerForm answers the required questions and sends them, then opens
// the form's address again: the answered page.
func answerForm(formURL string) func(t *testing.T, b context.Context) {
	return func(t *testing.T, b context.Context) {
		t.Helper()
		for _, id := range []string{"f-neighborhood-eastgate", "f-safe_day-2", "f-safe_night-4"} {
			do(t, b, chromedp.Click(chromedp.CSS(`label[for="`+id+`"]`)))
		}
		navigate(t, b, chromedp.Click(chromedp.CSS(`form[data-survey] button[type="submit"]:not([name])`)))
		navigate(t, b, chromedp.Navigate(formURL))
		if eval[int](t, b, `document.querySelectorAll("form[data-survey]").length`) != 0 {
			t.Fatal("the form's address after sending still shows the form")
		}
	}
}
