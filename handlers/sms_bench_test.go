package handlers_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/event"

	"canvass/handlers"
	"canvass/sms/twiliotest"
	"canvass/store"
)

// benchScript is one resident completing the example survey by SMS: 13
// texts, every answer form, the consent question at the end.
var benchScript = []string{"SAFE", "1", "01421", "4", "4", "1 3", "2 10", "3", "2", "skip", "1", "1", "yes"}

// commandCounter counts the commands the driver sends: database round
// trips, by command name and collection. The counting batches' writes
// (store/counting_queue.go), which run after a response is stored and
// are shared by every response of a batch, are counted apart.
type commandCounter struct {
	total    atomic.Int64
	counting atomic.Int64
	mu       sync.Mutex
	byName   map[string]int64
}

// countingWrites are the commands of a counting batch (reading a survey
// version it has not cached yet among them).
var countingWrites = map[string]bool{"update tallies": true, "update daily_counts": true, "delete counting_journal": true, "find survey_versions": true}

func (c *commandCounter) monitor() *event.CommandMonitor {
	return &event.CommandMonitor{Started: func(_ context.Context, e *event.CommandStartedEvent) {
		coll, _ := e.Command.Lookup(e.CommandName).StringValueOK()
		name := e.CommandName + " " + coll
		if countingWrites[name] {
			c.counting.Add(1)
		} else {
			c.total.Add(1)
		}
		c.mu.Lock()
		c.byName[name]++
		c.mu.Unlock()
	}}
}

func (c *commandCounter) reset() {
	c.total.Store(0)
	c.counting.Store(0)
	c.mu.Lock()
	c.byName = map[string]int64{}
	c.mu.Unlock()
}

// benchServer is an SMS server on the embedded database, wired as in
// production (survey cache on), its store counting round trips.
func benchServer(b *testing.B) (*testApp, *commandCounter) {
	ctx := context.Background()
	counter := &commandCounter{byName: map[string]int64{}}
	// Its own embedded database, started as `canvass` starts it (with the
	// SQLite index behind {_id} lookups), not the tests' shared server.
	st, err := store.Open(ctx, store.Options{DataDir: b.TempDir(), Monitor: counter.monitor()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Close(ctx) })
	a := newApp(b, onStore(st), withSMS(), withExample(), withChange(func(s *handlers.Server) {
		// Saturated, the server warns of every message it turns away; the
		// benchmark counts them instead.
		s.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
		s.SMS.SessionTTL, s.SMS.SurveyCacheTTL = 24*time.Hour, 5*time.Second
	}))
	return a, counter
}

// BenchmarkSMSConversations runs 1,000 residents answering the example
// survey at once, each waiting for a reply before the next text, and
// reports messages per second, reply latency, messages that failed (503
// after the 10 s processing limit: Twilio would retry them) and database
// round trips per message. One iteration is the whole run:
//
//	go test ./handlers -run '^$' -bench BenchmarkSMSConversations -benchtime 1x
//
// With no pause between texts the server is saturated: the figures are its
// ceiling. SMS_BENCH_THINK=10s makes each resident start within the first
// minute and pause 5 to 15 s before each reply, as people do, for latency
// at a load the server can carry.
func BenchmarkSMSConversations(b *testing.B) {
	const residents = 1000
	think, _ := time.ParseDuration(os.Getenv("SMS_BENCH_THINK"))
	app, counter := benchServer(b)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: residents, MaxConnsPerHost: residents}}
	var seq atomic.Int64
	for range b.N {
		counter.reset()
		latencies := make([][]time.Duration, residents)
		byStep := make([][]time.Duration, len(benchScript))
		for i := range byStep {
			byStep[i] = make([]time.Duration, residents)
		}
		var failed atomic.Int64
		statuses := &statusCounter{}
		start := time.Now()
		var wg sync.WaitGroup
		for r := range residents {
			wg.Add(1)
			go func() {
				defer wg.Done()
				from := fmt.Sprintf("+1555%07d", seq.Add(1))
				// Think time is the load's model of people, who start at
				// different moments and pause to read and answer: the
				// benchmark waits for time to pass on purpose.
				if think > 0 {
					time.Sleep(rand.N(6 * think))
				}
				for step, text := range benchScript {
					if think > 0 {
						time.Sleep(think/2 + rand.N(think))
					}
					form := inbound(fmt.Sprintf("SM%032x", seq.Add(1)), from, text)
					t0 := time.Now()
					if code := benchPost(client, app.URL, form); code != http.StatusOK {
						failed.Add(1)
						statuses.add(code)
					}
					latencies[r] = append(latencies[r], time.Since(t0))
					byStep[step][r] = time.Since(t0)
				}
			}()
		}
		wg.Wait()
		elapsed := time.Since(start)
		all := slices.Concat(latencies...)
		slices.Sort(all)
		msgs := len(all)
		b.ReportMetric(float64(msgs)/elapsed.Seconds(), "msgs/s")
		b.ReportMetric(float64(all[msgs/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(all[msgs*99/100].Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(counter.total.Load())/float64(msgs), "roundtrips/msg")
		b.ReportMetric(float64(counter.counting.Load())/float64(residents), "counting-writes/response")
		b.ReportMetric(float64(failed.Load()), "failed")
		b.Logf("%d residents, think %v, %d messages in %v, %d failed %v; commands: %s",
			residents, think, msgs, elapsed.Round(time.Millisecond), failed.Load(), statuses.m, counter.summary())
		steps := make([]string, len(benchScript))
		for i, ds := range byStep {
			slices.Sort(ds)
			steps[i] = fmt.Sprintf("%d:%q p50 %v p99 %v", i+1, benchScript[i], ds[len(ds)/2].Round(time.Millisecond), ds[len(ds)*99/100].Round(time.Millisecond))
		}
		b.Logf("latency by text: %s", strings.Join(steps, "; "))
	}
}

// BenchmarkSMSOpenLoop sends texts at a fixed rate whatever the replies
// do, as after an invitation batch or a poster campaign: every 1/rate a
// text leaves, the next one of a resident whose last text was answered
// (a new resident when none is waiting), so the rate holds even when
// replies slow down. Latency runs from the moment a text was due, not
// from when it could be sent, so a server that falls behind shows it.
//
//	SMS_BENCH_RATE=300 SMS_BENCH_SECONDS=60 go test ./handlers -run '^$' -bench BenchmarkSMSOpenLoop -benchtime 1x
func BenchmarkSMSOpenLoop(b *testing.B) {
	rate, _ := strconv.Atoi(os.Getenv("SMS_BENCH_RATE"))
	if rate <= 0 {
		rate = 300
	}
	secs, _ := strconv.Atoi(os.Getenv("SMS_BENCH_SECONDS"))
	if secs <= 0 {
		secs = 60
	}
	app, counter := benchServer(b)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4096, MaxConnsPerHost: 4096}}
	var seq atomic.Int64
	type resident struct {
		from string
		next int
	}
	for range b.N {
		counter.reset()
		total := rate * secs
		idle := make(chan *resident, total)
		latencies := make([]time.Duration, total)
		byStep := make([][]time.Duration, len(benchScript))
		var mu sync.Mutex
		statuses := &statusCounter{}
		var failed, responses atomic.Int64
		var wg sync.WaitGroup
		start := time.Now()
		interval := time.Second / time.Duration(rate)
		// The load's clock: a text leaves at each tick. A tick the sender
		// missed is dropped, yet latency still runs from when it was due.
		clock := time.NewTicker(interval)
		for i := range total {
			due := start.Add(time.Duration(i+1) * interval)
			if time.Now().Before(due) {
				<-clock.C
			}
			var r *resident
			select {
			case r = <-idle:
			default:
				r = &resident{from: fmt.Sprintf("+1777%07d", seq.Add(1))}
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				step := r.next
				form := inbound(fmt.Sprintf("SM%032x", seq.Add(1)), r.from, benchScript[step])
				code := benchPost(client, app.URL, form)
				d := time.Since(due)
				latencies[i] = d
				mu.Lock()
				byStep[step] = append(byStep[step], d)
				mu.Unlock()
				if code != http.StatusOK {
					failed.Add(1)
					statuses.add(code)
				}
				if step == 11 {
					responses.Add(1)
				}
				if r.next++; r.next < len(benchScript) {
					idle <- r
				}
			}()
		}
		sent := time.Since(start)
		clock.Stop()
		wg.Wait()
		slices.Sort(latencies)
		b.ReportMetric(float64(total)/sent.Seconds(), "msgs/s")
		b.ReportMetric(float64(latencies[total/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(latencies[total*99/100].Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(latencies[total-1].Microseconds())/1000, "max-ms")
		b.ReportMetric(float64(failed.Load()), "failed")
		b.ReportMetric(float64(counter.total.Load())/float64(total), "roundtrips/msg")
		b.Logf("rate %d/s for %ds: %d texts, %d responses stored, %d failed %v; commands: %s", rate, secs, total, responses.Load(), failed.Load(), statuses.m, counter.summary())
		steps := make([]string, 0, len(byStep))
		for i, ds := range byStep {
			if len(ds) == 0 {
				continue
			}
			slices.Sort(ds)
			steps = append(steps, fmt.Sprintf("%d:%q n=%d p50 %v p99 %v", i+1, benchScript[i], len(ds), ds[len(ds)/2].Round(time.Millisecond), ds[len(ds)*99/100].Round(time.Millisecond)))
		}
		b.Logf("latency by text: %s", strings.Join(steps, "; "))
	}
}

// BenchmarkSMSRoundTrips sends one resident's conversation, one text at
// a time, and reports the database round trips of each kind of message,
// and apart from them the writes of the batch that counted the response
// after the reply.
func BenchmarkSMSRoundTrips(b *testing.B) {
	app, counter := benchServer(b)
	ctx := context.Background()
	client := &http.Client{}
	var seq atomic.Int64
	for range b.N {
		from := fmt.Sprintf("+1666%07d", seq.Add(1))
		var per []string
		var total int64
		for _, text := range benchScript {
			counter.reset()
			t0 := time.Now()
			if benchPost(client, app.URL, inbound(fmt.Sprintf("SM%032x", seq.Add(1)), from, text)) != http.StatusOK {
				b.Fatalf("%q failed", text)
			}
			took := time.Since(t0)
			n := counter.total.Load()
			if _, err := app.Store.ResponseCount(ctx, "safety-spring-2026"); err != nil { // waits for the counting batch
				b.Fatal(err)
			}
			per = append(per, fmt.Sprintf("%q:%d (%v)", text, n, took.Round(100*time.Microsecond)))
			if c := counter.counting.Load(); c > 0 {
				per = append(per, fmt.Sprintf("[counting batch: %d]", c))
			}
			if os.Getenv("SMS_BENCH_COMMANDS") != "" {
				per = append(per, "{"+counter.summary()+"}")
			}
			total += n
		}
		b.ReportMetric(float64(total)/float64(len(benchScript)), "roundtrips/msg")
		b.Logf("round trips per text: %s", strings.Join(per, " "))
	}
}

func benchPost(client *http.Client, base string, form url.Values) int {
	req, _ := http.NewRequest("POST", base+"/sms/twilio", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Twilio-Signature", twiliotest.Sign(twilioToken, publicURL+"/sms/twilio", form))
	resp, err := client.Do(req)
	if err != nil {
		return -1
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// statusCounter counts failed requests by HTTP status (-1: no response).
type statusCounter struct {
	mu sync.Mutex
	m  map[int]int
}

func (c *statusCounter) add(code int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[int]int{}
	}
	c.m[code]++
}

func (c *commandCounter) summary() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	names := make([]string, 0, len(c.byName))
	for n := range c.byName {
		names = append(names, n)
	}
	sort.Strings(names)
	parts := make([]string, 0, len(names))
	for _, n := range names {
		parts = append(parts, fmt.Sprintf("%s=%d", n, c.byName[n]))
	}
	return strings.Join(parts, " ")
}
