package handlers_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"canvass/auth"
	"canvass/handlers"
	"canvass/locales"
	"canvass/store"
	"canvass/store/storetest"
	"canvass/surveys"
	"canvass/surveys/examples"
	"canvass/web"
)

// resultsApp is a server with the results area, the staff pages' shell
// and the resident pages, on a fresh database holding the example survey
// (with n synthetic responses) and one API token per role (the partner
// limited to north-of-main). Users get no password: hashing one costs
// more than the rest of a test under -race, and tokens are all it needs.
type resultsApp struct {
	t         *testing.T
	Store     *store.Store
	URL       string
	Tokens    map[auth.Role]string
	rec       *surveys.Record
	responses []*surveys.Response
}

// resultsAppConfig is what options change of a results app.
type resultsAppConfig struct {
	survey  string   // YAML of the survey to serve instead of the example
	partner []string // the partner's neighborhoods
}

type resultsAppOption func(*resultsAppConfig)

// withSurvey serves the survey yaml (opened) instead of the example.
func withSurvey(yaml string) resultsAppOption {
	return func(c *resultsAppConfig) { c.survey = yaml }
}

// withPartnerNeighborhoods limits the partner to these neighborhoods.
func withPartnerNeighborhoods(nbs ...string) resultsAppOption {
	return func(c *resultsAppConfig) { c.partner = nbs }
}

func newResultsApp(t *testing.T, n int, seed uint64, opts ...resultsAppOption) *resultsApp {
	t.Helper()
	cfg := resultsAppConfig{partner: []string{"north-of-main"}}
	for _, o := range opts {
		o(&cfg)
	}
	st := storetest.New(t)
	catalog, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	site, err := web.New()
	if err != nil {
		t.Fatal(err)
	}
	srv := &handlers.Server{
		Surveys: st, Health: st, Forms: st, Web: site, Auth: st, Audit: st, Results: st,
		Bootstrap: auth.NewBootstrapToken(adminToken),
		Catalog:   catalog,
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
		Options:   handlers.Options{PublicURL: "http://canvass.test"},
	}
	slug := exampleSlug
	if cfg.survey != "" {
		def, problems, err := surveys.Parse([]byte(cfg.survey))
		if err != nil || len(problems.Errors()) > 0 {
			t.Fatalf("survey: %v %v", err, problems)
		}
		createSurvey(t, st, cfg.survey, surveys.StatusOpen)
		slug = def.Slug
	} else {
		importExample(t, st)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	a := &resultsApp{t: t, Store: st, URL: hs.URL, Tokens: map[auth.Role]string{}}
	ctx := context.Background()
	for _, role := range auth.Roles {
		u := &auth.User{Email: string(role) + "@example.org", Role: role, PasswordHash: "-"}
		if role == auth.RolePartner {
			u.Neighborhoods = cfg.partner
		}
		if err := st.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		token := auth.NewAPIToken()
		if err := st.CreateAPIToken(ctx, &auth.APIToken{ID: auth.HashToken(token), UserID: u.ID, Name: "test"}); err != nil {
			t.Fatal(err)
		}
		a.Tokens[role] = token
	}
	if a.rec, err = st.Survey(ctx, slug); err != nil {
		t.Fatal(err)
	}
	if n > 0 {
		a.addResponses(n, seed)
	}
	return a
}

// with returns the app reporting to a subtest.
func (a *resultsApp) with(t *testing.T) *resultsApp {
	a.t = t
	return a
}

// addResponses stores n more synthetic responses through the batched
// write path.
func (a *resultsApp) addResponses(n int, seed uint64) {
	a.t.Helper()
	g := surveys.NewSynth(&a.rec.Survey, seed, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC))
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
func (a *resultsApp) results(query string, role auth.Role) *surveys.Results {
	a.t.Helper()
	status, body, _ := a.fetch("/api/v1/surveys/"+a.rec.Slug+"/results"+query, role)
	if status != http.StatusOK {
		a.t.Fatalf("results%s: %d %s", query, status, body)
	}
	var res surveys.Results
	if err := json.Unmarshal(body, &res); err != nil {
		a.t.Fatal(err)
	}
	return &res
}

// expected computes a view from the responses held in memory, the way
// the API must: a fold of the raw responses, suppressed.
func (a *resultsApp) expected(view surveys.View, opts surveys.ResultsOptions) *surveys.Results {
	b := surveys.NewViewBuilder(&a.rec.Survey, view)
	for _, r := range a.responses {
		b.Add(&a.rec.Survey, r)
	}
	return surveys.ComputeResults(&a.rec.Survey, view, b.Tallies(), opts)
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
func groupByKey(res *surveys.Results) map[string]*surveys.Group {
	out := map[string]*surveys.Group{}
	if res.Overall != nil {
		out[surveys.AllNeighborhoods+"/"] = res.Overall
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
func exampleBoundaries(t *testing.T) []byte {
	t.Helper()
	b, ok := examples.Boundaries(exampleSlug)
	if !ok {
		t.Fatal("the example ships boundaries")
	}
	return b
}
