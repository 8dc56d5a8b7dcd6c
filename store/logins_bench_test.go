package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"canvass/auth"
	"canvass/store/storetest"
)

// BenchmarkUseLogin is what a signed-in page request costs the database:
// one session read by _id among n live sessions (no write: the session was
// seen less than auth.SessionTouch ago).
func BenchmarkUseLogin(b *testing.B) {
	for _, n := range []int{10, 1000} {
		b.Run(fmt.Sprint(n, "sessions"), func(b *testing.B) {
			ctx := context.Background()
			st := storetest.New(b)
			for i := range n {
				if err := st.CreateLogin(ctx, &auth.Login{ID: fmt.Sprint("s", i), UserID: "u"}); err != nil {
					b.Fatal(err)
				}
			}
			id := fmt.Sprint("s", n/2)
			b.ResetTimer()
			for b.Loop() {
				if _, err := st.UseLogin(ctx, id); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAuditList is one page of the admin's audit view, filtered by
// action, at n entries: a full read of the collection on the embedded
// database.
func BenchmarkAuditList(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n, "entries"), func(b *testing.B) {
			ctx := context.Background()
			st := storetest.New(b)
			t0 := time.Now()
			for i := range n {
				e := &auth.AuditEntry{At: t0.Add(time.Duration(i) * time.Second), ActorEmail: "ana@example.org", Action: auth.AuditActions[i%len(auth.AuditActions)], Target: "s1", IP: "127.0.0.1"}
				if err := st.AppendAudit(ctx, e); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			for b.Loop() {
				if _, err := st.Audit(ctx, auth.AuditFilter{Action: "survey.", Limit: 100}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
