package store_test

import (
	"context"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"canvass/results"
	"canvass/store"
	"canvass/store/storetest"
	"canvass/surveys"
	"canvass/surveys/examples"
	"canvass/synth"
)

// openExample stores the example survey, opened, and returns it.
func openExample(t testing.TB, st *store.Store) *surveys.Record {
	t.Helper()
	ctx := context.Background()
	files, err := examples.Surveys()
	if err != nil {
		t.Fatal(err)
	}
	def, problems, err := surveys.Parse(files["safety-spring-2026.yaml"])
	if err != nil || len(problems.Errors()) > 0 {
		t.Fatal(err, problems)
	}
	if _, err := st.CreateSurvey(ctx, def, ""); err != nil {
		t.Fatal(err)
	}
	rec, err := st.SetSurveyStatus(ctx, def.Slug, surveys.StatusOpen)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func synthResponses(rec *surveys.Record, seed uint64, n int) []*surveys.Response {
	g := synth.New(&rec.Survey, seed, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC))
	out := make([]*surveys.Response, n)
	for i := range out {
		out[i] = g.Next()
		out[i].Version = rec.Version
	}
	return out
}

// naiveCounts counts a few things straight from raw responses, without
// the package's tallies: responses per neighborhood, per channel, and the
// "very safe by day" answers per neighborhood.
func naiveCounts(rs []*surveys.Response) map[string]int64 {
	out := map[string]int64{}
	for _, r := range rs {
		out["total"]++
		out["nb:"+r.Neighborhood]++
		out["ch:"+r.Neighborhood+":"+r.Channel]++
		if r.Answers["safe_day"] == 5 {
			out["safe5:"+r.Neighborhood]++
		}
	}
	return out
}

func naiveFromCounters(counters map[results.Cell]*results.Tally) map[string]int64 {
	out := map[string]int64{}
	for c, t := range counters {
		if !c.Plain() {
			continue // the same responses again, by week or by pairs
		}
		if c == results.TotalCell() {
			out["total"] += t.N
			continue
		}
		switch c.Dim {
		case results.DimAll:
			out["nb:"+c.Neighborhood] += t.N
			if v := t.Question("safe_day").Counts["5"]; v > 0 {
				out["safe5:"+c.Neighborhood] += v
			}
		case results.DimChannel:
			out["ch:"+c.Neighborhood+":"+c.Value] += t.N
		}
	}
	return out
}

func sameCounters(t *testing.T, what string, want results.Fold, got map[results.Cell]*results.Tally) {
	t.Helper()
	for c, w := range want {
		if !w.Equal(got[c]) {
			t.Fatalf("%s: counter %s differs: want %+v, got %+v", what, c.ID("s"), w, got[c])
		}
	}
	for c, g := range got {
		if _, ok := want[c]; !ok && !g.Equal(nil) {
			t.Fatalf("%s: extra counter %s", what, c.ID("s"))
		}
	}
}

func TestLiveCountsEqualRebuildAndRawCountsUnderConcurrentSubmissions(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	rec := openExample(t, st)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	rs := synthResponses(rec, rng.Uint64(), 60)
	// Every response is submitted twice, by different goroutines in a
	// random order: the second one must not count.
	jobs := make(chan *surveys.Response)
	var wg sync.WaitGroup
	var mu sync.Mutex
	inserted := 0
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range jobs {
				ok, err := st.InsertResponse(ctx, r)
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					inserted++
					mu.Unlock()
				}
			}
		}()
	}
	order := append(rng.Perm(len(rs)), rng.Perm(len(rs))...)
	for _, i := range order {
		copy := *rs[i]
		jobs <- &copy
	}
	close(jobs)
	wg.Wait()
	if inserted != len(rs) {
		t.Fatalf("%d inserted, want %d", inserted, len(rs))
	}

	want := results.Fold{}
	for _, r := range rs {
		want.AddBase(&rec.Survey, r, time.Local) // the compact layout of a sole writer
	}
	live, err := st.StoredTallies(ctx, rec.Slug)
	if err != nil {
		t.Fatal(err)
	}
	sameCounters(t, "live", want, live)
	naive := naiveCounts(rs)
	for k, v := range naiveFromCounters(results.Fold(live).Expanded()) {
		if naive[k] != v {
			t.Fatalf("%s: counters %d, raw responses %d", k, v, naive[k])
		}
	}
	if drift, n, err := st.CheckTallies(ctx, rec.Slug); err != nil || len(drift) != 0 || n != len(rs) {
		t.Fatalf("check: %v drift, %d responses, %v", len(drift), n, err)
	}
	rep, err := st.RebuildTallies(ctx, rec.Slug)
	// Healthy counters are left alone: a rebuild of them writes nothing.
	if err != nil || rep.Responses != len(rs) || rep.Removed != 0 || rep.Counters != 0 || rep.Unchanged != len(want) {
		t.Fatalf("rebuild: %+v %v", rep, err)
	}
	rebuilt, err := st.StoredTallies(ctx, rec.Slug)
	if err != nil {
		t.Fatal(err)
	}
	sameCounters(t, "rebuilt", want, rebuilt)
	if got, _ := st.Survey(ctx, rec.Slug); got.Responses != int64(len(rs)) {
		t.Fatalf("survey total %d", got.Responses)
	}
}

func TestRebuildRepairsDriftedCounters(t *testing.T) {
	ctx := context.Background()
	// Every counter in the database (the layout of MongoDB, shared by
	// instances), so the drifts below touch counters a view reads.
	o := storetest.Options(t)
	o.SoleWriter = false
	st := storetest.Open(t, o)
	rec := openExample(t, st)
	rs := synthResponses(rec, 11, 40)
	if _, err := st.InsertResponseBatch(ctx, rec.Slug, rs); err != nil {
		t.Fatal(err)
	}
	// Drift three ways: a counter off by some, one lost, one that no
	// response backs.
	raw := rawTallies(t, st)
	one := rec.Slug + "|" + rs[0].Neighborhood + "|*"
	if _, err := raw.UpdateOne(ctx, bson.D{{Key: "_id", Value: one}}, bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: 3}, {Key: "q.safe_day.c.2", Value: -1}}}}); err != nil {
		t.Fatal(err)
	}
	lost := rec.Slug + "|" + rs[1].Neighborhood + "|channel=" + rs[1].Channel
	if _, err := raw.DeleteOne(ctx, bson.D{{Key: "_id", Value: lost}}); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.InsertOne(ctx, bson.D{{Key: "_id", Value: rec.Slug + "|riverside|language=zz"}, {Key: "survey", Value: rec.Slug}, {Key: "n", Value: 4}}); err != nil {
		t.Fatal(err)
	}
	drift, _, err := st.CheckTallies(ctx, rec.Slug)
	if err != nil || len(drift) != 3 {
		t.Fatalf("check found %d drifted counters, want 3 (%v)", len(drift), err)
	}
	rep, err := st.RebuildTallies(ctx, rec.Slug)
	if err != nil || rep.Removed != 1 || rep.Counters != 2 {
		t.Fatalf("rebuild %+v %v: want the 2 wrong counters rewritten and the stray one removed", rep, err)
	}
	if drift, _, err := st.CheckTallies(ctx, rec.Slug); err != nil || len(drift) != 0 {
		t.Fatalf("after rebuild: %d drifted (%v)", len(drift), err)
	}
}

// rawTallies is the test store's tallies collection, to damage it.
func rawTallies(t *testing.T, st *store.Store) *mongo.Collection {
	t.Helper()
	return st.CollectionForTest("tallies")
}
