package handlers_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"canvass/handlers"
	"canvass/web"
)

// The form page's benchmarks: GET /s/{slug} next to a static file of the
// same size, bare and behind the form page's middleware (TestFormLoad's
// three routes), for CPU and allocation profiles of the route, e.g.
//
//	go test ./handlers -run '^$' -bench 'BenchmarkFormPage/form/gzip' -benchmem -cpuprofile cpu.out
//	go tool pprof -top handlers.test cpu.out
//
// They assert nothing about time.

// formBenchRoutes serves the example's form page and a same-size static
// file, bare and behind the form page's middleware, with no page limit
// in the way.
func formBenchRoutes(b *testing.B) (http.Handler, []struct{ name, path string }) {
	unlimited := func(s *handlers.Server) { s.Options.FormPostsPerMinute, s.Options.FormPostBurst = 1e9, 1e9 }
	var site *web.Site
	a := newApp(b, withExample(), withChange(unlimited), withChange(func(s *handlers.Server) {
		site = staticSiteWith(b, "same-size.html", renderPage(b, *s, "/s/"+exampleSlug))
		s.Web = site
	}))
	static := site.Asset("same-size.html")
	return handlers.HandlerWithStaticLikeFormPage(a.Server, "/behind-form-middleware/"), []struct{ name, path string }{
		{"form", "/s/" + exampleSlug},
		{"static", static},
		{"behind", strings.Replace(static, web.StaticPrefix, "/behind-form-middleware/", 1)},
	}
}

// BenchmarkFormPage drives the server's handler without a network: what
// the route costs the server alone, for TestFormLoad's requests (no
// Accept-Language) and for a browser's ("browser": gzip and a language).
func BenchmarkFormPage(b *testing.B) {
	h, routes := formBenchRoutes(b)
	for _, enc := range []string{"gzip", "identity", "browser"} {
		for _, r := range routes {
			b.Run(r.name+"/"+enc, func(b *testing.B) {
				b.ReportAllocs()
				template := httptest.NewRequest("GET", r.path, nil)
				for b.Loop() {
					// A request and header maps of its own each time, as
					// net/http makes them (not parsed again: that is the
					// same for every route).
					req := *template
					req.Header = http.Header{"Accept-Encoding": {enc}}
					if enc == "browser" {
						req.Header = http.Header{"Accept-Encoding": {"gzip, deflate, br"}, "Accept-Language": {"es-MX,es;q=0.9,en-US;q=0.8,en;q=0.7"}}
					}
					w := &discardResponse{header: http.Header{}}
					h.ServeHTTP(w, &req)
					if w.status != http.StatusOK {
						b.Fatalf("%s: %d", r.path, w.status)
					}
				}
			})
		}
	}
}

// BenchmarkFormPageHTTP is TestFormLoad's GETs as a benchmark: 8 clients
// over 127.0.0.1, keep-alive, in the same process as the server, so a
// profile holds both ends. ns/op is the wall time per request (the
// inverse of requests per second), cpu-ns/op the process's CPU time per
// request, both ends.
func BenchmarkFormPageHTTP(b *testing.B) {
	h, routes := formBenchRoutes(b)
	hs := httptest.NewServer(h)
	b.Cleanup(hs.Close)
	const clients = 8
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, DisableCompression: true}}
	for _, enc := range []string{"gzip", "identity"} {
		for _, r := range routes {
			warm := false
			b.Run(r.name+"/"+enc, func(b *testing.B) {
				b.ReportAllocs()
				b.SetParallelism((clients + 1) / 2) // × GOMAXPROCS (2 here)
				get := func(int) error {
					req, _ := http.NewRequest("GET", hs.URL+r.path, nil)
					req.Header.Set("Accept-Encoding", enc)
					return send(client, req, 200)
				}
				if !warm { // connections, caches
					load(clients, 200*time.Millisecond, get)
					warm = true
				}
				b.ResetTimer()
				cpu := processCPU()
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if err := get(0); err != nil {
							b.Error(err)
						}
					}
				})
				b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}

// discardResponse is a ResponseWriter that keeps the status only.
type discardResponse struct {
	header http.Header
	status int
}

func (w *discardResponse) Header() http.Header { return w.header }

func (w *discardResponse) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *discardResponse) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return len(b), nil
}
