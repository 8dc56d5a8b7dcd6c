package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"canvass/invite"
	"canvass/store"
)

// BenchmarkSaveContacts imports n contacts into an empty contacts
// collection, then the same file again (nothing changes), on the embedded
// database as canvass starts it, and reports rows a second for each.
//
//	go test ./store -run '^$' -bench SaveContacts -benchtime 1x
func BenchmarkSaveContacts(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{5000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			for range b.N {
				st, err := store.Open(ctx, store.Options{DataDir: b.TempDir()})
				if err != nil {
					b.Fatal(err)
				}
				cs := make([]*invite.Contact, n)
				d := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
				for i := range cs {
					cs[i] = &invite.Contact{ID: fmt.Sprintf("%064d", i), Phone: make([]byte, 41), Language: "es", Neighborhood: "riverside",
						ConsentSource: "door knocking", ConsentDate: d, Consents: []invite.Consent{{Source: "door knocking", Date: d}}}
				}
				start := time.Now()
				if _, err := st.SaveContacts(ctx, cs); err != nil {
					b.Fatal(err)
				}
				first := time.Since(start)
				start = time.Now()
				if _, err := st.SaveContacts(ctx, cs); err != nil {
					b.Fatal(err)
				}
				again := time.Since(start)
				b.ReportMetric(float64(n)/first.Seconds(), "new-rows/s")
				b.ReportMetric(float64(n)/again.Seconds(), "unchanged-rows/s")
				_ = st.Close(ctx)
			}
		})
	}
}
