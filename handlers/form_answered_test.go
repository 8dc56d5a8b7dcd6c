package handlers_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
)

// cookieBrowser is one phone's browser without JavaScript: it keeps cookies and follows no
// redirects, so each step's status is seen.
type cookieBrowser struct {
	t      *testing.T
	base   string
	client *http.Client
}

func newCookieBrowser(t *testing.T, base string) *cookieBrowser {
	jar, _ := cookiejar.New(nil)
	return &cookieBrowser{t: t, base: base, client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *cookieBrowser) do(method, path, body string) (int, string, string) {
	b.t.Helper()
	req, _ := http.NewRequest(method, b.base+path, strings.NewReader(body))
	for k, v := range sameOrigin() {
		req.Header.Set(k, v)
	}
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(page)
}

// TestFormOneResponsePerBrowser: after a submission the form's URL says
// the answers are in; reloading, going Back without the page cache, or a
// form opened earlier never stores a second response; the "someone else"
// button is the one way to a second one.
func TestFormOneResponsePerBrowser(t *testing.T) {
	t.Parallel()
	a := newApp(t, withExample())
	b := newCookieBrowser(t, a.URL)
	form := "/s/" + exampleSlug
	_, _, page := b.do("GET", form, "")
	first := formKey(t, page)
	_, _, page = b.do("GET", form, "") // a second tab, opened before sending
	earlier := formKey(t, page)
	if status, loc, _ := b.do("POST", form, complete(first, nil)); status != http.StatusSeeOther || !strings.Contains(loc, "/thanks") {
		t.Fatalf("first post: %d %q", status, loc)
	}
	// Reloaded (Back with the page cache off): not a form, the choice.
	status, _, page := b.do("GET", form, "")
	if status != 200 || !strings.Contains(page, "Your answers are in") || strings.Contains(page, `name="_key"`) {
		t.Fatalf("the form's URL after sending: %d %.400s", status, page)
	}
	// The same form sent again: the same response, the thank-you page.
	if status, loc, _ := b.do("POST", form, complete(first, nil)); status != http.StatusSeeOther || !strings.Contains(loc, "/thanks") {
		t.Fatalf("resubmit: %d %q", status, loc)
	}
	// The earlier tab's form: refused, with the choice, nothing stored.
	if status, _, page := b.do("POST", form, complete(earlier, nil)); status != http.StatusConflict || !strings.Contains(page, "Someone else wants to answer") {
		t.Fatalf("a form opened earlier: %d %.400s", status, page)
	}
	if n := countResponses(t, a.Store); n != 1 {
		t.Fatalf("%d responses, want 1", n)
	}
	// Someone else on this phone: the button, then a fresh form.
	if status, loc, _ := b.do("POST", form+"/another", ""); status != http.StatusSeeOther || !strings.HasPrefix(loc, form) {
		t.Fatalf("someone else: %d %q", status, loc)
	}
	_, _, page = b.do("GET", form, "")
	second := formKey(t, page)
	if status, _, _ := b.do("POST", form, complete(second, nil)); status != http.StatusSeeOther {
		t.Fatalf("second person's post: %d", status)
	}
	if n := countResponses(t, a.Store); n != 2 {
		t.Fatalf("%d responses, want 2", n)
	}
	// In another language the page is translated too.
	if _, _, page := b.do("GET", form+"?lang=es", ""); !strings.Contains(page, "Otra persona quiere responder") {
		t.Fatalf("Spanish: %.400s", page)
	}
}
