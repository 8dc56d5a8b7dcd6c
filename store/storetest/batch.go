package storetest

import (
	"context"
	"testing"
	"time"

	"canvass/invite"
	"canvass/store"
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
	timeout := testTimeout(t)
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

// testTimeout fires shortly before the test binary's -timeout would end
// the run, and never without one.
func testTimeout(t testing.TB) <-chan time.Time {
	tt, ok := t.(interface{ Deadline() (time.Time, bool) })
	if !ok {
		return nil
	}
	deadline, ok := tt.Deadline()
	if !ok {
		return nil
	}
	return time.After(time.Until(deadline) * 9 / 10)
}
