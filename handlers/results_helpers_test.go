package handlers_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"canvass/auth"
	"canvass/results"
	"canvass/surveys"
	"canvass/surveys/examples"
	"canvass/synth"
)

// resultsApp is a server on the example survey (or another, withSurvey)
// with n synthetic responses, and one API token per role, the partner
// limited to north-of-main (or withPartnerNeighborhoods). Users get no
// password: tokens are all these tests need.
type resultsApp struct {
	*testApp
	// responses are every response stored, to fold them as the API must.
	responses []*surveys.Response
}

func newResultsApp(t *testing.T, n int, seed uint64, opts ...appOption) *resultsApp {
	t.Helper()
	a := &resultsApp{testApp: newApp(t, append([]appOption{withExample(), withTokenUsers()}, opts...)...)}
	if n > 0 {
		a.addResponses(n, seed)
	}
	return a
}

// with returns the app reporting to a subtest. The copy shares the server
// and what it stored, so subtests that only read may run at once.
func (a *resultsApp) with(t *testing.T) *resultsApp {
	app := *a.testApp
	app.t = t
	return &resultsApp{testApp: &app, responses: a.responses}
}

// addResponses stores n more synthetic responses through the batched
// write path.
func (a *resultsApp) addResponses(n int, seed uint64) {
	a.t.Helper()
	g := synth.New(&a.rec.Survey, seed, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC))
	batch := make([]*surveys.Response, n)
	for i := range batch {
		batch[i] = g.Next()
		batch[i].Version = a.rec.Version
	}
	a.insert(batch...)
}

func (a *resultsApp) insert(rs ...*surveys.Response) {
	a.t.Helper()
	if _, err := a.Store.InsertResponseBatch(context.Background(), a.rec.Slug, rs); err != nil {
		a.t.Fatal(err)
	}
	a.responses = append(a.responses, rs...)
}

// fetch GETs path as a role ("" for nobody) and returns status and body.
func (a *resultsApp) fetch(path string, role auth.Role, headers ...string) (int, []byte, http.Header) {
	a.t.Helper()
	return a.send("GET", path, role, "", headers...)
}

func (a *resultsApp) send(method, path string, role auth.Role, body string, headers ...string) (int, []byte, http.Header) {
	a.t.Helper()
	req, err := http.NewRequest(method, a.URL+path, strings.NewReader(body))
	if err != nil {
		a.t.Fatal(err)
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+a.Tokens[role])
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		a.t.Fatal(err)
	}
	return resp.StatusCode, b, resp.Header
}

// results GETs the results JSON of a query as a role.
func (a *resultsApp) results(query string, role auth.Role) *results.Results {
	a.t.Helper()
	status, body, _ := a.fetch("/api/v1/surveys/"+a.rec.Slug+"/results"+query, role)
	if status != http.StatusOK {
		a.t.Fatalf("results%s: %d %s", query, status, body)
	}
	var res results.Results
	if err := json.Unmarshal(body, &res); err != nil {
		a.t.Fatal(err)
	}
	return &res
}

// expected computes a view from the responses held in memory, the way
// the API must: a fold of the raw responses, suppressed.
func (a *resultsApp) expected(view results.View, opts results.Options) *results.Results {
	b := results.NewViewBuilder(&a.rec.Survey, view)
	for _, r := range a.responses {
		b.Add(&a.rec.Survey, r)
	}
	return results.Compute(&a.rec.Survey, view, b.Tallies(), opts)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// groupByKey indexes results groups by "neighborhood/split".
func groupByKey(res *results.Results) map[string]*results.Group {
	out := map[string]*results.Group{}
	if res.Overall != nil {
		out[results.AllNeighborhoods+"/"] = res.Overall
	}
	for i := range res.Groups {
		g := &res.Groups[i]
		k := g.Neighborhood + "/"
		if g.Split != nil {
			k += *g.Split
		}
		out[k] = g
	}
	return out
}

// exampleBoundaries is the example survey's boundaries file.
func exampleBoundaries(t testing.TB) []byte {
	t.Helper()
	b, ok := examples.Boundaries(exampleSlug)
	if !ok {
		t.Fatal("the example ships boundaries")
	}
	return b
}
