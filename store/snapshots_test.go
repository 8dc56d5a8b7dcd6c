package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"canvass/results"
	"canvass/store"
	"canvass/store/storetest"
)

// Published numbers are taken in steps: a read with nothing due reads the
// snapshot only; a group that gained min_n gets a new frame; the meets of
// replaced frames are dropped.
func TestPublishedResultsStepByMinN(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	now := time.Date(2026, 4, 2, 9, 0, 0, 0, time.UTC)
	st.SetClock(func() time.Time { return now })
	rec := openExample(t, st)
	if _, err := st.InsertResponseBatch(ctx, rec.Slug, synthResponses(rec, 5, 120)); err != nil {
		t.Fatal(err)
	}
	view := results.View{MinN: rec.MinN}
	read := func() (*results.Results, string) {
		t.Helper()
		rec, err := st.Survey(ctx, rec.Slug) // as a request reads it: with the live total
		if err != nil {
			t.Fatal(err)
		}
		vt, err := st.PublishedTallies(ctx, rec, view)
		if err != nil {
			t.Fatal(err)
		}
		res := results.Compute(&rec.Survey, view, vt, results.Options{})
		b, _ := json.Marshal(res)
		return res, string(b)
	}
	first, before := read()
	if first.Live || first.PublishedAt == nil || !first.PublishedAt.Equal(now) || first.Total == 0 {
		t.Fatalf("first read: %s", before)
	}
	meets := countDocs(t, st, "results_meets")
	if meets == 0 {
		t.Fatal("a step stores its meets")
	}

	now = now.Add(time.Hour)
	one := synthResponses(rec, 6, 1)
	one[0].Neighborhood, one[0].Answers["neighborhood"] = "riverside", "riverside"
	if _, err := st.InsertResponseBatch(ctx, rec.Slug, one); err != nil {
		t.Fatal(err)
	}
	if _, after := read(); after != before {
		t.Fatalf("one response changed the published numbers:\n%s\n%s", before, after)
	}

	more := synthResponses(rec, 7, rec.MinN)
	for i, r := range more {
		r.ID = fmt.Sprintf("more-%d", i)
		r.Neighborhood, r.Answers["neighborhood"] = "riverside", "riverside"
	}
	if _, err := st.InsertResponseBatch(ctx, rec.Slug, more); err != nil {
		t.Fatal(err)
	}
	res, after := read()
	if after == before || !res.PublishedAt.Equal(now) {
		t.Fatalf("min_n more responses did not change the published numbers: %s", after)
	}
	var rv, rvBefore int64
	for _, g := range res.Groups {
		if g.Neighborhood == "riverside" && g.Split == nil {
			rv = g.N
		}
	}
	for _, g := range first.Groups {
		if g.Neighborhood == "riverside" && g.Split == nil {
			rvBefore = g.N
		}
	}
	if rv != rvBefore+1+int64(rec.MinN) {
		t.Fatalf("riverside %d after %d", rv, rvBefore)
	}
	if got := countDocs(t, st, "results_meets"); got != meets {
		t.Fatalf("%d meets documents after re-publishing one group, want %d: the replaced frame's are dropped", got, meets)
	}
}

func countDocs(t *testing.T, st *store.Store, coll string) int64 {
	t.Helper()
	n, err := st.CollectionForTest(coll).CountDocuments(context.Background(), bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
