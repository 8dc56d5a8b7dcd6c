package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/event"

	"canvass/results"
	"canvass/store/storetest"
	"canvass/surveys"
)

// Responses stored while a counting batch is being written are counted by
// the next batch, which writes each counter they share once.
func TestCountingBatchWritesEachCounterOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var mu sync.Mutex
	writes := map[string]int{} // documents updated, by collection
	mon := &event.CommandMonitor{Started: func(_ context.Context, e *event.CommandStartedEvent) {
		if e.CommandName != "update" {
			return
		}
		coll, _ := e.Command.Lookup("update").StringValueOK()
		updates, _ := e.Command.Lookup("updates").Array().Values()
		mu.Lock()
		writes[coll] += len(updates)
		mu.Unlock()
	}}
	o := storetest.Options(t)
	o.Monitor = mon
	st := storetest.Open(t, o)
	rec := openExample(t, st)
	rs := synthResponses(rec, 7, 40)

	release := st.HoldCounting()
	fold, perResponse := results.Fold{}, 0
	for _, r := range rs {
		if inserted, err := st.InsertResponse(ctx, r); err != nil || !inserted {
			t.Fatalf("inserted %v, %v", inserted, err)
		}
		fold.AddBase(&rec.Survey, r, time.Local) // the compact layout of a sole writer
		perResponse += len(results.BaseCells(&rec.Survey, r, time.Local))
	}
	mu.Lock()
	before := writes["tallies"]
	mu.Unlock()
	if before != 0 {
		t.Fatalf("%d counters written while counting was held", before)
	}
	release()
	agree(t, st, rec.Slug, len(rs))
	mu.Lock()
	defer mu.Unlock()
	if writes["tallies"] != len(fold) || writes["daily_counts"] != daysOf(rs) {
		t.Fatalf("one batch wrote %d counters and %d day counts, want %d (each counter once, not %d) and %d",
			writes["tallies"], writes["daily_counts"], len(fold), perResponse, daysOf(rs))
	}
	if n, err := st.JournalLen(ctx); err != nil || n != 0 {
		t.Fatalf("journal holds %d entries (%v)", n, err)
	}
}

func daysOf(rs []*surveys.Response) int {
	days := map[string]bool{}
	for _, r := range rs {
		days[r.CreatedAt.In(time.Local).Format(time.DateOnly)] = true
	}
	return len(days)
}
