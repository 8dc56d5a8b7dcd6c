package store_test

import (
	"context"
	"testing"
	"time"

	"canvass/results"
	"canvass/store"
	"canvass/store/storetest"
	"canvass/surveys"
)

// agree fails unless the survey's response count, its results counters,
// today's counts and the stored responses all say want.
func agree(t *testing.T, st *store.Store, slug string, want int) {
	t.Helper()
	ctx := context.Background()
	drift, n, err := st.CheckTallies(ctx, slug)
	if err != nil || len(drift) != 0 || n != want {
		t.Fatalf("check: %d counters differ from %d responses (want %d): %v", len(drift), n, want, err)
	}
	total, err := st.ResponseCount(ctx, slug)
	if err != nil || total != int64(want) {
		t.Fatalf("response count %d, want %d (%v)", total, want, err)
	}
	days := int64(0)
	seen := map[string]bool{}
	err = st.EachResponse(ctx, slug, func(r *surveys.Response) error {
		day := r.CreatedAt.In(time.Local).Format("2006-01-02")
		if seen[day] {
			return nil
		}
		seen[day] = true
		d, err := st.DayCounts(ctx, slug, day)
		if err != nil {
			return err
		}
		days += d.Total
		return nil
	})
	if err != nil || days != int64(want) {
		t.Fatalf("daily counts add up to %d, want %d (%v)", days, want, err)
	}
}

func TestCountingRecoversWhatAnUncleanStopLeft(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, store.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	rec := openExample(t, st)
	rs := synthResponses(rec, 7, 23)
	for _, r := range rs[:20] {
		if _, err := st.InsertResponse(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	// The process dies between storing and counting three responses.
	for _, r := range rs[20:] {
		if err := st.StoreUncounted(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if total, _ := st.ResponseCount(ctx, rec.Slug); total != 20 {
		t.Fatalf("before the restart: count %d, want the 20 counted", total)
	}
	if err := st.Close(ctx); err != nil {
		t.Fatal(err)
	}

	st, err = store.Open(ctx, store.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	if got := st.Recovered.Surveys; len(got) != 1 || got[0] != rec.Slug || st.Recovered.Responses != 23 {
		t.Fatalf("recovered %+v, want %s with 23 responses", st.Recovered, rec.Slug)
	}
	agree(t, st, rec.Slug, 23)
	if n, err := st.JournalLen(ctx); err != nil || n != 0 {
		t.Fatalf("journal holds %d entries after recovery (%v)", n, err)
	}
	// A retry of an interrupted submission is not counted twice.
	if inserted, err := st.InsertResponse(ctx, rs[21]); err != nil || inserted {
		t.Fatalf("retry: inserted %v, %v", inserted, err)
	}
	agree(t, st, rec.Slug, 23)
}

func TestCountingRepairsAFailedCounterWrite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	rec := openExample(t, st)
	rs := synthResponses(rec, 11, 12)
	for _, r := range rs[:10] {
		if _, err := st.InsertResponse(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	// Make the next response's first counter $inc fail for real: the
	// database refuses to add to a field that is not a number. Its other
	// counters take their $inc, so its counting is left half done.
	broken := results.BaseCells(&rec.Survey, rs[10], time.Local)[0].ID(rec.Slug)
	if err := st.SetTallyField(ctx, broken, "n", "broken"); err != nil {
		t.Fatal(err)
	}
	inserted, err := st.InsertResponse(ctx, rs[10])
	if err != nil || !inserted {
		t.Fatalf("a stored response whose counting failed: inserted %v, err %v; want stored, no error", inserted, err)
	}
	if n, _ := st.JournalLen(ctx); n != 1 {
		t.Fatalf("journal holds %d entries, want the uncounted response's", n)
	}
	rep, err := st.RecoverCounts(ctx, store.CountTimeout)
	if err != nil || len(rep.Surveys) != 1 {
		t.Fatalf("repair: %+v %v", rep, err)
	}
	agree(t, st, rec.Slug, 11)
	if _, err := st.InsertResponse(ctx, rs[11]); err != nil {
		t.Fatal(err)
	}
	agree(t, st, rec.Slug, 12)
	if n, _ := st.JournalLen(ctx); n != 0 {
		t.Fatalf("journal holds %d entries, want none", n)
	}
}

func TestCountingOutlivesADisconnectedClient(t *testing.T) {
	t.Parallel()
	st := storetest.New(t)
	rec := openExample(t, st)
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the resident's phone lost its connection mid-submit
	for _, r := range synthResponses(rec, 3, 5) {
		if inserted, err := st.InsertResponse(ctx, r); err != nil || !inserted {
			t.Fatalf("inserted %v, %v", inserted, err)
		}
	}
	agree(t, st, rec.Slug, 5)
}

// Counters kept in another layout or time zone are recounted when the
// database is opened: a MongoDB instance (every counter) taking over a
// database an embedded canvass kept (base counters only), or the other
// way, and a change of CANVASS_TIME_ZONE.
func TestCountersRecountedWhenLayoutOrZoneChanges(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	o := storetest.Options(t)
	o.SoleWriter, o.Location = false, time.UTC
	st, err := store.Open(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Drop(ctx) })
	rec := openExample(t, st)
	for _, r := range synthResponses(rec, 9, 30) {
		if _, err := st.InsertResponse(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	view := results.View{Split: "age", Channel: "sms", MinN: 5}
	before, err := st.ViewTallies(ctx, rec, view)
	if err != nil {
		t.Fatal(err)
	}
	agree(t, st, rec.Slug, 30)
	_ = st.Close(ctx)
	for _, step := range []struct {
		sole bool
		zone string
	}{{true, "UTC"}, {true, "America/Chicago"}, {false, "America/Chicago"}} {
		o.SoleWriter = step.sole
		o.Location, _ = time.LoadLocation(step.zone)
		st, err := store.Open(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Recovered; len(got.Surveys) != 0 {
			t.Fatalf("a layout change reported as a recovery: %+v", got)
		}
		agree(t, st, rec.Slug, 30)
		after, err := st.ViewTallies(ctx, rec, view)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := resultsJSON(t, &rec.Survey, view, before), resultsJSON(t, &rec.Survey, view, after); a != b {
			t.Fatalf("%+v: the view changed:\n%s\n%s", step, a, b)
		}
		_ = st.Close(ctx)
	}
}
