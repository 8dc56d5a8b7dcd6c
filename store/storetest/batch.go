package storetest

import (
	"context"
	"testing"

	"canvass/invite"
	"canvass/store"
	"canvass/testwait"
)

// WaitBatch returns batch id once done holds for it, such as
// func(b *invite.Batch) bool { return b.Pending() == 0 }. It reads the
// batch again each time st writes a batch (store.BatchesChanged), so the
// batch must move through st: a worker or handler given st, or a Main
// whose Store it is. It waits as long as the test may run (go test
// -timeout), less a margin to fail with the batch's counts, so a slow
// machine never fails it.
func WaitBatch(t testing.TB, st *store.Store, id string, done func(*invite.Batch) bool) *invite.Batch {
	t.Helper()
	timeout := testwait.Timeout(t)
	for {
		changed := st.BatchesChanged()
		b, err := st.Batch(context.Background(), id)
		if err != nil {
			t.Fatalf("batch %s: %v", id, err)
		}
		if done(b) {
			return b
		}
		select {
		case <-changed:
		case <-timeout:
			t.Fatalf("batch %s did not get there: state %s, %d of %d pending, counts %+v", id, b.State(), b.Pending(), b.Total, b.Counts)
		}
	}
}
