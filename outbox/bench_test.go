package outbox_test

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkOutboxThroughput sends a batch of n messages to the fake Twilio
// as fast as the outbox goes (rate far above it) and reports messages a
// second: the cost of canvass's own bookkeeping per message (claim, opt-out
// check, pacing slot, mark, record, counters) on the database in use.
//
//	go test ./outbox -run '^$' -bench OutboxThroughput -benchtime 1x
func BenchmarkOutboxThroughput(b *testing.B) {
	for _, n := range []int{500, 5000} {
		for _, conc := range []int{1, 8} {
			b.Run(fmt.Sprintf("queued=%d/concurrency=%d", n, conc), func(b *testing.B) {
				for range b.N {
					h := newHarness(b, n)
					w := h.worker("bench", 100000)
					w.Concurrency = conc
					start := time.Now()
					r := startWorker(w)
					h.waitBatch(10 * time.Minute)
					elapsed := time.Since(start)
					r.stop()
					b.ReportMetric(float64(n)/elapsed.Seconds(), "msgs/s")
				}
			})
		}
	}
}
