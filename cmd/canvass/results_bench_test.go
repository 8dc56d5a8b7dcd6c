package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"canvass/synth"
)

// BenchmarkResultsAtScale measures the results figures in docs/benchmarks.md
// on the embedded database: seeding, rebuild and check times, results
// request latency (from counters and folded), the live write path, and
// every export's rows per second and peak heap. It runs once per size:
//
//	CANVASS_BENCH_SIZES=1000,10000,100000 go test ./cmd/canvass -run '^$' \
//	  -bench BenchmarkResultsAtScale -benchtime 1x -timeout 60m
//
// CANVASS_BENCH_ONLY=exports seeds and times the exports only.
func BenchmarkResultsAtScale(b *testing.B) {
	sizes := []int{1000, 10000}
	if env := os.Getenv("CANVASS_BENCH_SIZES"); env != "" {
		sizes = nil
		for _, s := range strings.Split(env, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil {
				b.Fatal(err)
			}
			sizes = append(sizes, n)
		}
	}
	for range b.N {
		var report strings.Builder
		for _, n := range sizes {
			benchSize(b, n, &report)
		}
		// Printed whole: b.Log truncates long reports.
		fmt.Println(report.String())
	}
}

func benchSize(b *testing.B, n int, out io.Writer) {
	dir := b.TempDir()
	env := map[string]string{"CANVASS_DATA": dir, "CANVASS_ADDR": "127.0.0.1:0", "CANVASS_ADMIN_TOKEN": testAdminToken, "CANVASS_LOG_LEVEL": "error"}
	getenv := func(k string) string { return env[k] }
	m := benchMain(b, getenv)
	if err := m.Close(); err != nil {
		b.Fatal(err)
	}
	slug := "safety-spring-2026"
	cli := func(args ...string) time.Duration {
		start := time.Now()
		if err := run(context.Background(), args, getenv, io.Discard, io.Discard); err != nil {
			b.Fatalf("%v: %v", args, err)
		}
		return time.Since(start)
	}
	seedT := cli("seed", "--survey", slug, "--responses", strconv.Itoa(n), "--seed", "1", "--days", "60")
	fmt.Fprintf(out, "### %d responses\n\nseed %s (%.0f responses/s)", n, seedT.Round(time.Millisecond), float64(n)/seedT.Seconds())
	exportsOnly := os.Getenv("CANVASS_BENCH_ONLY") == "exports"
	if !exportsOnly {
		checkT := cli("results", "check", "--survey", slug)
		rebuildT := cli("results", "rebuild", "--survey", slug)
		fmt.Fprintf(out, " · results check %s · results rebuild %s", checkT.Round(time.Millisecond), rebuildT.Round(time.Millisecond))
	}
	fmt.Fprintf(out, "\n\n")

	m = benchMain(b, getenv)
	defer m.Close()
	base := m.URL() + "/api/v1/surveys/" + slug
	if !exportsOnly {
		benchRequests(b, m, slug, base, out)
	}
	benchExports(b, n, base, out)
}

// benchRequests times results requests and the live write path.
func benchRequests(b *testing.B, m *Main, slug, base string, out io.Writer) {
	fmt.Fprintf(out, "| request | median | runs |\n|---|---|---|\n")
	// The first view after start reads the survey's counters into memory
	// (store/tallies_mirror.go); every later one is computed from there.
	start := time.Now()
	benchGet(b, base+"/results", nil)
	fmt.Fprintf(out, "| GET results, first after start | %s | 1 |\n", time.Since(start).Round(100*time.Microsecond))
	lastWeek := time.Now().AddDate(0, 0, -7).Format(time.DateOnly)
	monthAgo := time.Now().AddDate(0, 0, -30).Format(time.DateOnly)
	for _, q := range []string{"", "?split=age", "?channel=sms", "?language=es",
		"?split=race&channel=web", "?split=age&language=es", "?channel=web&language=es",
		"?from=" + lastWeek, "?from=2000-01-01", "?split=age&from=" + monthAgo + "&to=" + lastWeek, "?language=es&from=" + lastWeek,
		"?split=race&channel=web&language=es", "?split=age&channel=sms&from=" + lastWeek} {
		runs := 7
		if strings.Count(q, "=") == 3 && !strings.Contains(q, "to=") {
			runs = 3 // folded from the raw responses: three dimensions, or two with dates
		}
		var ds []time.Duration
		for range runs {
			start := time.Now()
			benchGet(b, base+"/results"+q, nil)
			ds = append(ds, time.Since(start))
		}
		slices.Sort(ds)
		fmt.Fprintf(out, "| GET results%s | %s | %d |\n", q, ds[len(ds)/2].Round(100*time.Microsecond), runs)
	}
	start = time.Now()
	benchGet(b, m.URL()+"/admin/results/"+slug+"?split=age", map[string]string{"Accept": "text/html"})
	fmt.Fprintf(out, "| GET /admin/results (page, split=age) | %s | 1 |\n", time.Since(start).Round(100*time.Microsecond))
	fmt.Fprintf(out, "| InsertResponse (live write path, mean of 50) | %s | 50 |\n\n", benchInserts(b, m, slug, 50))
}

// benchExports times every export and samples the heap while it runs.
func benchExports(b *testing.B, n int, base string, out io.Writer) {
	fmt.Fprintf(out, "| export | time | first byte | rows | rows/s | bytes | peak live heap | peak heap in use | heap before |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, e := range []string{"results.csv", "results.xlsx", "results.geojson", "responses.csv", "responses.xlsx", "responses.ndjson"} {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		before := ms.HeapInuse
		// Heap in use counts garbage not yet collected, so it also depends
		// on when the collector runs; the live heap (as of each GC) is what
		// the export keeps. Both include the embedded database, which runs
		// in this process.
		var peak, peakLive atomic.Uint64
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			var s runtime.MemStats
			live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
			for {
				select {
				case <-stop:
					return
				case <-time.After(5 * time.Millisecond):
					runtime.ReadMemStats(&s)
					metrics.Read(live)
					peak.Store(max(peak.Load(), s.HeapInuse))
					peakLive.Store(max(peakLive.Load(), live[0].Value.Uint64()))
				}
			}
		}()
		// The download is counted as it arrives, not kept: the client runs
		// in this process, and holding the file would count as the
		// server's memory.
		start := time.Now()
		cw := countingWriter{start: start}
		benchStream(b, base+"/"+e, &cw)
		d := time.Since(start)
		close(stop)
		<-done
		rows := n
		if strings.HasPrefix(e, "results") {
			rows = cw.lines - 1
			if e == "results.geojson" {
				rows = cw.features
			}
		}
		fmt.Fprintf(out, "| %s | %s | %s | %d | %.0f | %s | %s | %s | %s |\n", e, d.Round(time.Millisecond), cw.first.Round(time.Millisecond), rows, float64(rows)/d.Seconds(),
			mib(uint64(cw.bytes)), mib(peakLive.Load()), mib(peak.Load()), mib(before))
	}
	fmt.Fprintln(out)
}

// countingWriter counts a download's bytes, lines and GeoJSON features
// (results files are small; only their counts need the content), and
// how long after start its first bytes arrived.
type countingWriter struct {
	bytes, lines, features int
	tail                   []byte
	start                  time.Time
	first                  time.Duration
}

func (w *countingWriter) Write(p []byte) (int, error) {
	if w.first == 0 {
		w.first = time.Since(w.start)
	}
	w.bytes += len(p)
	w.lines += bytes.Count(p, []byte("\n"))
	joined := append(w.tail, p...)
	w.features += bytes.Count(joined, []byte(`"type":"Feature",`))
	if k := len(`"type":"Feature",`) - 1; len(joined) > k {
		w.tail = append([]byte(nil), joined[len(joined)-k:]...)
	}
	return len(p), nil
}

func benchStream(b *testing.B, url string, w io.Writer) {
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+testAdminToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := io.Copy(w, resp.Body); err != nil || resp.StatusCode != 200 {
		b.Fatalf("%s: %d %v", url, resp.StatusCode, err)
	}
}

func benchMain(b *testing.B, getenv func(string) string) *Main {
	cfg, err := LoadConfig(nil, getenv)
	if err != nil {
		b.Fatal(err)
	}
	m := NewMain(cfg, newLogger(io.Discard, "error"))
	if err := m.Run(context.Background()); err != nil {
		b.Fatal(err)
	}
	return m
}

func benchGet(b *testing.B, url string, headers map[string]string) []byte {
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+testAdminToken)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		b.Fatalf("%s: %d %v %.200s", url, resp.StatusCode, err, body)
	}
	return body
}

// benchInserts times the live write path: insert plus every counter.
func benchInserts(b *testing.B, m *Main, slug string, n int) time.Duration {
	ctx := context.Background()
	rec, err := m.Store.Survey(ctx, slug)
	if err != nil {
		b.Fatal(err)
	}
	g := synth.New(&rec.Survey, 99, time.Now().Add(-time.Hour), time.Now())
	start := time.Now()
	for range n {
		r := g.Next()
		r.Version = rec.Version
		if _, err := m.Store.InsertResponse(ctx, r); err != nil {
			b.Fatal(err)
		}
	}
	return (time.Since(start) / time.Duration(n)).Round(10 * time.Microsecond)
}

func mib(n uint64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
