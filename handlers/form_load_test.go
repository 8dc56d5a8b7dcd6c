package handlers_test

import (
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"canvass/handlers"
	"canvass/web"
)

// TestFormLoad is a bounded load run against 127.0.0.1, for
// docs/benchmarks.md. It measures, in one run on one server:
//   - GET /s/{slug} against a static file of the same size (the rendered
//     page itself, served by the same server's static handler), as
//     requests per second and their ratio; and against the same file
//     served behind the form page's own middleware (language, security
//     headers, page limit, CSRF cookie), which tells what the page costs
//     from what its route costs;
//   - POST /s/{slug} latency (p50, p99) with concurrent residents, on the
//     embedded database.
//
// It only reports (no assertion on time); run it with
//
//	CANVASS_LOAD=1 go test ./handlers -run TestFormLoad -v
//
// It does not call t.Parallel: it measures, so it runs alone, while the
// parallel tests wait.
func TestFormLoad(t *testing.T) {
	if os.Getenv("CANVASS_LOAD") == "" {
		t.Skip("set CANVASS_LOAD=1 for the load run")
	}
	// GETs run in short phases, taking turns (static, behind, page, then
	// behind, page, static, …): on a shared machine whose load drifts over
	// seconds, fine turns hit all three alike. Each gets 6 s in all.
	const workers, phase, rounds, getPhase = 8, 3 * time.Second, 12, 500 * time.Millisecond
	unlimited := func(s *handlers.Server) { s.Options.FormPostsPerMinute, s.Options.FormPostBurst = 1e9, 1e9 }
	// The server's static files gain one of the rendered page's size,
	// rendered before the server starts, so one server serves both.
	var page string
	var site *web.Site
	a := newApp(t, withExample(), withChange(unlimited), withChange(func(s *handlers.Server) {
		page = renderPage(t, *s, "/s/"+exampleSlug)
		site = staticSiteWith(t, "same-size.html", page)
		s.Web = site
	}))
	// One server for the three, with the route the comparison needs.
	hs := httptest.NewServer(handlers.HandlerWithStaticLikeFormPage(a.Server, "/behind-form-middleware/"))
	t.Cleanup(hs.Close)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers, DisableCompression: true}}
	get := func(url, encoding string) func(int) error {
		return func(int) error {
			req, _ := http.NewRequest("GET", url, nil)
			req.Header.Set("Accept-Encoding", encoding)
			return send(client, req, 200)
		}
	}
	pageURL, staticURL := hs.URL+"/s/"+exampleSlug, hs.URL+site.Asset("same-size.html")
	behindURL := hs.URL + strings.Replace(site.Asset("same-size.html"), web.StaticPrefix, "/behind-form-middleware/", 1)
	var lines []string
	for _, enc := range []string{"gzip", "identity"} {
		for _, u := range []string{pageURL, staticURL, behindURL} {
			load(workers, time.Second, get(u, enc)) // warm up
		}
		var pageN, staticN, behindN int
		turns := []struct {
			url string
			n   *int
		}{{staticURL, &staticN}, {behindURL, &behindN}, {pageURL, &pageN}}
		for round := range rounds {
			for i := range turns {
				r := turns[(round+i)%len(turns)]
				n, _, errs := load(workers, getPhase, get(r.url, enc))
				*r.n += n
				if errs > 0 {
					t.Errorf("%s: %d failed requests", r.url, errs)
				}
			}
		}
		secs := rounds * getPhase.Seconds()
		lines = append(lines, fmt.Sprintf("| %s | %d B | %.0f req/s | %.0f req/s | %.2f | %.0f req/s | %.2f |", enc, len(page),
			float64(pageN)/secs, float64(staticN)/secs, float64(pageN)/float64(staticN),
			float64(behindN)/secs, float64(pageN)/float64(behindN)))
	}
	t.Logf("GET /s/%s against a same-size static file, %d concurrent clients, %d×%s each, taking turns:\n"+
		"| encoding | page size | form page | static file | form/static | static file behind the form's middleware | form/that |\n"+
		"|---|---|---|---|---|---|---|\n%s",
		exampleSlug, workers, rounds, getPhase, strings.Join(lines, "\n"))

	var seq atomic.Int64
	post := func(int) error {
		key := fmt.Sprintf("%022d", seq.Add(1))
		req, _ := http.NewRequest("POST", pageURL, strings.NewReader(complete(key, nil)))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		return send(noRedirects(), req, http.StatusSeeOther)
	}
	for _, conc := range []int{1, workers} {
		n, lat, errs := load(conc, phase, post)
		if errs > 0 {
			t.Errorf("%d failed posts", errs)
		}
		t.Logf("POST /s/%s, %d concurrent: %d stored in %s (%.0f/s), p50 %s, p99 %s, max %s", exampleSlug, conc, n, phase,
			float64(n)/phase.Seconds(), pct(lat, 50), pct(lat, 99), pct(lat, 100))
	}
	if got, want := countResponses(t, a.Store), int(seq.Load()); got != want {
		t.Errorf("%d responses stored, %d posted", got, want)
	}
}

// renderPage renders path with a handler of its own, as the test server
// would serve it.
func renderPage(t testing.TB, s handlers.Server, path string) string {
	t.Helper()
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: %d", path, rec.Code)
	}
	return rec.Body.String()
}

// staticSiteWith is the embedded site with one more static file.
func staticSiteWith(t testing.TB, name, content string) *web.Site {
	t.Helper()
	static := fstest.MapFS{name: {Data: []byte(content)}}
	err := fs.WalkDir(web.EmbeddedStatic(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(web.EmbeddedStatic(), p)
		static[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	site, err := web.NewFS(web.EmbeddedTemplates(), static)
	if err != nil {
		t.Fatal(err)
	}
	return site
}

// load runs fn from workers goroutines for d and returns how many calls
// succeeded, every call's latency, and the failures.
func load(workers int, d time.Duration, fn func(worker int) error) (ok int, latencies []time.Duration, failed int) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	stop := time.Now().Add(d)
	for w := range workers {
		wg.Go(func() {
			var mine []time.Duration
			bad := 0
			for time.Now().Before(stop) {
				start := time.Now()
				if err := fn(w); err != nil {
					bad++
					continue
				}
				mine = append(mine, time.Since(start))
			}
			mu.Lock()
			latencies, failed = append(latencies, mine...), failed+bad
			mu.Unlock()
		})
	}
	wg.Wait()
	return len(latencies), latencies, failed
}

func send(c *http.Client, req *http.Request, want int) error {
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != want {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}

// pct returns the p-th percentile of the latencies.
func pct(lat []time.Duration, p int) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	s := slices.Clone(lat)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	if i < 1 {
		i = 1
	}
	return s[i-1].Round(10 * time.Microsecond)
}
