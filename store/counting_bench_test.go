package store_test

import (
	"context"
	"fmt"
	"testing"

	"canvass/store/storetest"
)

// BenchmarkStoreResponse compares, in one run on the embedded database,
// storing a response now (journal entry, insert, counters with the
// survey's total, today's counts, journal entry removed) with the way it
// was stored before the journal (insert, a $inc rewriting the survey
// document, the other counters).
func BenchmarkStoreResponse(b *testing.B) {
	ctx := context.Background()
	for _, way := range []string{"before", "journal"} {
		b.Run(way, func(b *testing.B) {
			st := storetest.New(b)
			rec := openExample(b, st)
			rs := synthResponses(rec, 5, b.N)
			b.ResetTimer()
			for i, r := range rs {
				r.ID = fmt.Sprintf("%s-%d", way, i)
				var err error
				if way == "before" {
					err = st.InsertResponseAsBefore(ctx, r)
				} else {
					_, err = st.InsertResponse(ctx, r)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
