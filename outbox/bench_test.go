package outbox_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"canvass/store"
	"canvass/store/storetest"
)

// BenchmarkOutboxThroughput sends a batch of n messages to the fake Twilio
// as fast as the outbox goes (rate far above it) and reports messages a
// second: the cost of canvass's own bookkeeping per message (claim, opt-out
// check, pacing slot, mark, record, counters). It runs on the embedded
// database as canvass starts it (its own data folder, with the _id index
// that only the embedded set-up adds), or on MongoDB when
// CANVASS_TEST_MONGODB_URI is set.
//
//	go test ./outbox -run '^$' -bench OutboxThroughput -benchtime 1x
func BenchmarkOutboxThroughput(b *testing.B) {
	for _, n := range []int{500, 5000} {
		for _, conc := range []int{1, 4} {
			b.Run(fmt.Sprintf("queued=%d/concurrency=%d", n, conc), func(b *testing.B) {
				for range b.N {
					h := newHarnessOn(b, n, benchStore(b))
					w := h.worker("bench", 100000)
					w.Concurrency = conc
					start := time.Now()
					r := startWorker(w)
					h.waitBatch()
					elapsed := time.Since(start)
					r.stop()
					b.ReportMetric(float64(n)/elapsed.Seconds(), "msgs/s")
				}
			})
		}
	}
}

func benchStore(b *testing.B) *store.Store {
	ctx := context.Background()
	o := store.Options{DataDir: b.TempDir()}
	if uri := os.Getenv("CANVASS_TEST_MONGODB_URI"); uri != "" {
		o = store.Options{URI: uri, Database: storetest.DatabaseName()}
	}
	st, err := store.Open(ctx, o)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Drop(ctx); _ = st.Close(ctx) })
	return st
}
