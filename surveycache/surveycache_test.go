package surveycache_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"canvass/store"
	"canvass/store/storetest"
	"canvass/surveycache"
	"canvass/surveys"
	"canvass/surveys/surveystest"
)

func TestBySlugKeepsASurveyForItsTTL(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	rec := storetest.OpenExample(t, st)

	kept := surveycache.NewBySlug(st, time.Hour)
	first, err := kept.Survey(ctx, rec.Slug)
	if err != nil || first.Status != surveys.StatusOpen {
		t.Fatalf("%v %v", first, err)
	}
	if _, err := st.SetSurveyStatus(ctx, rec.Slug, surveys.StatusClosed); err != nil {
		t.Fatal(err)
	}
	if again, _ := kept.Survey(ctx, rec.Slug); again != first {
		t.Fatal("a survey read within its time to live was read again")
	}
	fresh, err := surveycache.NewBySlug(st, 0).Survey(ctx, rec.Slug)
	if err != nil || fresh.Status != surveys.StatusClosed {
		t.Fatalf("without a time to live the store's survey is read: %v %v", fresh, err)
	}
	if _, err := kept.Survey(ctx, "no-such-survey"); !surveys.IsNotFound(err) {
		t.Fatalf("unknown slug: %v", err)
	}
}

func TestSMSListServesTheStaleListWhileTheStoreFails(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	rec := storetest.OpenExample(t, st)

	list := surveycache.NewSMSList(st, time.Nanosecond)
	got, err := list.Surveys(ctx)
	if err != nil || len(got) != 1 || got[0].Slug != rec.Slug {
		t.Fatalf("%v %v", got, err)
	}
	// A second SMS survey, then a refresh that fails as a database outage
	// would (a canceled context): the list read before keeps serving, and
	// the next refresh that works shows both.
	next := surveystest.Example(t)
	next.Slug, next.SMS.Keyword = "safety-fall-2026", "FALL"
	if _, err := st.CreateSurvey(ctx, next, ""); err != nil {
		t.Fatal(err)
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if stale, err := list.Surveys(canceled); err != nil || len(stale) != 1 {
		t.Fatalf("a failed refresh: %d surveys, %v; want the 1 read before", len(stale), err)
	}
	if fresh, err := list.Surveys(ctx); err != nil || len(fresh) != 2 {
		t.Fatalf("a refresh that works: %d surveys, %v; want 2", len(fresh), err)
	}
	if def, err := list.Version(ctx, got[0], got[0].Version); err != nil || def != &got[0].Survey {
		t.Fatalf("the current version: %v %v", def, err)
	}
	if def, err := list.Version(ctx, got[0], got[0].Version+5); err != nil || def != &got[0].Survey {
		t.Fatalf("a version the store does not have is read as the current one: %v %v", def, err)
	}
}

// A List keeps what its filter accepts, and reads the store once per time
// to live however many callers ask.
func TestListKeepsWhatItsFilterAccepts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	rec := storetest.OpenExample(t, st)
	draft := surveystest.Example(t)
	draft.Slug, draft.SMS.Keyword = "safety-fall-2026", "FALL"
	if _, err := st.CreateSurvey(ctx, draft, ""); err != nil {
		t.Fatal(err)
	}
	reads := &countingStore{Store: st}
	open := surveycache.NewList(reads, time.Hour, func(r *surveys.Record) bool { return r.Status == surveys.StatusOpen })
	for range 5 {
		got, err := open.Surveys(ctx)
		if err != nil || len(got) != 1 || got[0].Slug != rec.Slug {
			t.Fatalf("%v %v", got, err)
		}
	}
	if n := reads.n.Load(); n != 1 {
		t.Fatalf("%d reads for five callers within the time to live", n)
	}
}

// countingStore counts reads of the survey list.
type countingStore struct {
	*store.Store
	n atomic.Int64
}

func (c *countingStore) Surveys(ctx context.Context) ([]*surveys.Record, error) {
	c.n.Add(1)
	return c.Store.Surveys(ctx)
}
