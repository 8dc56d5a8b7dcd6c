package store_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"canvass/store"
)

// BenchmarkStoreResponse stores responses to the example survey on the
// embedded database, in this process as canvass runs it, and reports, per response, the whole cost of storing
// it (journal entry, insert, results counters with the survey's total,
// today's counts, journal entry removed), the rate, and how long the
// resident waited (InsertResponse: the entry and the insert; counting
// follows in batches). "alone" has one resident, each response counted
// before the next is sent, so no batch holds more than one; "8 at once"
// has 8 residents posting back to back, and their responses share
// counting batches.
func BenchmarkStoreResponse(b *testing.B) {
	ctx := context.Background()
	for _, residents := range []int{1, 8} {
		name := "alone"
		if residents > 1 {
			name = fmt.Sprintf("%d at once", residents)
		}
		b.Run(name, func(b *testing.B) {
			// As canvass runs it: the embedded database in this process,
			// with its _id index (sqliteindex.go).
			st, err := store.Open(ctx, store.Options{DataDir: b.TempDir()})
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close(ctx)
			rec := openExample(b, st)
			rs := synthResponses(rec, 5, b.N)
			waits := make([]time.Duration, len(rs))
			var next atomic.Int64
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for range residents {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						i := int(next.Add(1)) - 1
						if i >= len(rs) {
							return
						}
						rs[i].ID = fmt.Sprintf("r-%d", i)
						t0 := time.Now()
						if _, err := st.InsertResponse(ctx, rs[i]); err != nil {
							b.Error(err)
							return
						}
						waits[i] = time.Since(t0)
						if residents == 1 {
							if _, err := st.ResponseCount(ctx, rec.Slug); err != nil { // waits for the count
								b.Error(err)
								return
							}
						}
					}
				}()
			}
			wg.Wait()
			var n int64
			n, err = st.ResponseCount(ctx, rec.Slug)
			elapsed := time.Since(start)
			b.StopTimer()
			if err != nil || n != int64(b.N) {
				b.Fatalf("counted %d of %d (%v)", n, b.N, err)
			}
			slices.Sort(waits)
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "responses/s")
			b.ReportMetric(float64(waits[len(waits)/2].Microseconds())/1000, "wait-p50-ms")
			b.ReportMetric(float64(waits[len(waits)*99/100].Microseconds())/1000, "wait-p99-ms")
		})
	}
}
