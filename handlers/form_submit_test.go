package handlers_test

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"canvass/handlers"
	"canvass/store"
	"canvass/store/storetest"
	"canvass/surveys"
)

// TestFormStoresResponse posts a complete form and checks the response as
// stored: channel, language, version, neighborhood and typed answers (the
// household size typed in Arabic-Indic digits, as a phone keyboard may).
func TestFormStoresResponse(t *testing.T) {
	t.Parallel()
	a := newApp(t, withExample())
	key := formKey(t, a.run(scenario{name: "page", method: "GET", path: "/s/" + exampleSlug + "?lang=es", status: 200}))
	body := complete(key, values("comment", "should not be stored", "household", " ٣ "))
	req, _ := http.NewRequest("POST", a.URL+"/s/"+exampleSlug+"?lang=es", strings.NewReader(body))
	for k, v := range sameOrigin() {
		req.Header.Set(k, v)
	}
	resp, err := noRedirects().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/s/"+exampleSlug+"/thanks?lang=es" {
		t.Fatalf("post: %d to %q, want 303 to the Spanish thank-you page", resp.StatusCode, resp.Header.Get("Location"))
	}
	r := storedResponse(t, a.Store, key)
	want := map[string]any{
		"neighborhood": "riverside", "safe_day": 4, "safe_night": 3, "unsafe_why": []string{"lighting", "speeding"},
		"needs": []string{"housing", "jobs"}, "household": 3, "age": "age_35_44",
	}
	if r.Channel != surveys.ChannelWeb || r.Language != "es" || r.Neighborhood != "riverside" || r.Version != 1 || r.Survey != exampleSlug {
		t.Errorf("stored %+v, want web, es, riverside, version 1", r)
	}
	if !reflect.DeepEqual(r.Answers, want) {
		t.Errorf("answers %#v, want %#v (the hidden comment dropped)", r.Answers, want)
	}
	if r.CreatedAt.IsZero() {
		t.Error("created_at not set")
	}
	rec, err := a.Store.Survey(context.Background(), exampleSlug)
	if err != nil || rec.Responses != 1 {
		t.Errorf("survey counts %d responses (%v), want 1", rec.Responses, err)
	}
}

// TestFormExactlyOnce sends the same form (same key) several times, in a
// row and at once, as a double tap, a back-button resubmit and a retry
// would: one response is stored and every post ends on the thank-you page.
func TestFormExactlyOnce(t *testing.T) {
	t.Parallel()
	a := newApp(t, withExample())
	key := formKey(t, a.run(scenario{name: "page", method: "GET", path: "/s/" + exampleSlug, status: 200}))
	sc := scenario{method: "POST", path: "/s/" + exampleSlug, body: complete(key, nil), headers: sameOrigin(), status: 200,
		contains: []string{"<h1>Thank you</h1>"}}
	sc.name = "first"
	a.run(sc)
	sc.name = "back button resubmit"
	a.run(sc)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			s := sc
			s.name = "double tap " + string(rune('a'+i))
			a.run(s)
		})
	}
	wg.Wait()
	sc.name, sc.body = "changed answers, same key", complete(key, values("safe_day", "1"))
	a.run(sc)
	if n := countResponses(t, a.Store); n != 1 {
		t.Errorf("%d responses stored, want 1", n)
	}
	if r := storedResponse(t, a.Store, key); r.Answers["safe_day"] != 4 {
		t.Errorf("safe_day = %v, want the first submission's 4", r.Answers["safe_day"])
	}
	rec, _ := a.Store.Survey(context.Background(), exampleSlug)
	if rec.Responses != 1 {
		t.Errorf("survey counts %d responses, want 1", rec.Responses)
	}
	sc.name, sc.body = "another key is another response", complete(testKey(9), nil)
	a.run(sc)
	if n := countResponses(t, a.Store); n != 2 {
		t.Errorf("%d responses stored, want 2", n)
	}
}

// TestFormSkipLogic checks show_if without JavaScript: an answer that
// reveals a question re-shows the form with it (nothing stored yet); the
// answers of hidden questions are never stored.
func TestFormSkipLogic(t *testing.T) {
	t.Parallel()
	a := newApp(t, withExample())
	path := "/s/" + exampleSlug
	noJS := complete(testKey(1), values("_shown", "", "safe_night", "1"))
	html := a.run(scenario{name: "answer reveals a question", method: "POST", path: path, body: noJS, headers: sameOrigin(), status: 200,
		contains: []string{
			"Because of your answers, there is 1 more question.", `<a href="#f-comment">What would help you feel safer in your neighborhood at night?</a>`,
			`<fieldset class="q" id="q-comment" data-show-if="safe_night" data-show-in="1 2" aria-describedby="h-comment">`,
			`id="f-safe_night-1" name="safe_night" value="1" checked`, `name="_key" value="` + testKey(1) + `"`,
		},
		excludes: []string{"Please answer this question.", `id="q-comment" data-show-if="safe_night" data-show-in="1 2" hidden`}})
	if !strings.Contains(html, `<input type="hidden" name="_shown" value="comment">`) {
		t.Error("the revealed question does not mark itself shown")
	}
	if n := countResponses(t, a.Store); n != 0 {
		t.Fatalf("%d responses stored before the resident saw the new question", n)
	}
	a.run(scenario{name: "then sent with it", method: "POST", path: path, headers: sameOrigin(), status: 200,
		body: complete(testKey(1), values("safe_night", "1", "comment", "More lights on Elm Street")), contains: []string{"Thank you"}})
	if got := storedResponse(t, a.Store, testKey(1)).Answers["comment"]; got != "More lights on Elm Street" {
		t.Errorf("comment = %v, want it stored", got)
	}
	a.run(scenario{name: "optional revealed question left empty", method: "POST", path: path, headers: sameOrigin(), status: 200,
		body: complete(testKey(2), values("safe_night", "2")), contains: []string{"Thank you"}})
	a.run(scenario{name: "answer to a hidden question", method: "POST", path: path, headers: sameOrigin(), status: 200,
		body: complete(testKey(3), values("safe_night", "5", "comment", "secret")), contains: []string{"Thank you"}})
	r := storedResponse(t, a.Store, testKey(3))
	if _, ok := r.Answers["comment"]; ok {
		t.Errorf("hidden question's answer stored: %v", r.Answers)
	}
	a.run(scenario{name: "invalid answer to a hidden question is ignored", method: "POST", path: path, headers: sameOrigin(), status: 200,
		body: complete(testKey(4), values("safe_night", "4", "comment", strings.Repeat("x", 3000))), contains: []string{"Thank you"}})
	a.run(scenario{name: "unknown fields are ignored", method: "POST", path: path, headers: sameOrigin(), status: 200,
		body: complete(testKey(5), values("admin", "true", "respondent", "+15551234567")), contains: []string{"Thank you"}})
	r = storedResponse(t, a.Store, testKey(5))
	if _, ok := r.Answers["admin"]; ok || r.Respondent != "" {
		t.Errorf("unknown fields stored: %+v", r)
	}
}

// failingInserts is the form's store with its inserts sent to a closed
// connection to the same database while fail is set: reading the survey
// works, storing the answers fails with the driver's own error.
type failingInserts struct {
	handlers.FormStore
	closed *store.Store
	fail   atomic.Bool
}

func (f *failingInserts) InsertResponse(ctx context.Context, r *surveys.Response) (bool, error) {
	if f.fail.Load() {
		return f.closed.InsertResponse(ctx, r)
	}
	return f.FormStore.InsertResponse(ctx, r)
}

// TestFormDatabaseFailure checks that a failed insert re-shows the form,
// answers filled in, with a localized "please try again", and that the
// retry with the same key then stores one response.
func TestFormDatabaseFailure(t *testing.T) {
	t.Parallel()
	forms := &failingInserts{}
	a := newApp(t, withExample(), withChange(func(s *handlers.Server) { forms.FormStore, s.Forms = s.Forms, forms }))
	ctx := context.Background()
	// Opened as the app's store is (a store that is not the only writer
	// would recount the counters into its own layout).
	o := storetest.Options(t)
	o.Database = a.dbName
	closed, err := store.Open(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if err := closed.Close(ctx); err != nil {
		t.Fatal(err)
	}
	forms.closed = closed
	forms.fail.Store(true)
	body := complete(testKey(3), values("household", "4"))
	a.run(scenario{name: "insert fails", method: "POST", path: "/s/" + exampleSlug + "?lang=es", body: body, headers: sameOrigin(), status: 500,
		contains: []string{`class="notice warn"`, "No pudimos guardar sus respuestas", `name="household" value="4"`,
			`id="f-neighborhood-riverside" name="neighborhood" value="riverside" checked`, `name="_key" value="` + testKey(3) + `"`},
		excludes: []string{"Gracias", "internal", "client is disconnected"}})
	forms.fail.Store(false)
	a.run(scenario{name: "retry stores it", method: "POST", path: "/s/" + exampleSlug + "?lang=es", body: body, headers: sameOrigin(), status: 200,
		contains: []string{"Gracias"}})
	if n := countResponses(t, a.Store); n != 1 {
		t.Errorf("%d responses stored, want 1", n)
	}
}
