package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"canvass/store"
	"canvass/store/storetest"
	"canvass/surveys"
)

func testSurvey(slug string) *surveys.Survey {
	return &surveys.Survey{
		Slug: slug, DefaultLanguage: "en", Languages: []string{"en"}, MinN: 10,
		Title:         surveys.Text{"en": "Test"},
		Neighborhoods: []surveys.Neighborhood{{ID: "north", Name: surveys.Text{"en": "North"}}},
		Questions: []surveys.Question{
			{ID: "neighborhood", Type: surveys.TypeNeighborhood, Text: surveys.Text{"en": "Where?"}},
			{ID: "safe_day", Type: surveys.TypeScale, Text: surveys.Text{"en": "Safe?"}, Scale: &surveys.Scale{Min: 1, Max: 5}},
		},
	}
}

func TestSurveyLifecycle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	if _, err := st.Survey(ctx, "nope"); !surveys.IsNotFound(err) {
		t.Fatalf("missing survey: got %v, want not_found", err)
	}
	rec, err := st.CreateSurvey(ctx, testSurvey("s1"), "slug: s1")
	if err != nil {
		t.Fatal(err)
	}
	if rec.Status != surveys.StatusDraft || rec.Version != 1 {
		t.Fatalf("new survey: status %s version %d", rec.Status, rec.Version)
	}
	if _, err := st.CreateSurvey(ctx, testSurvey("s1"), ""); surveys.ErrorCode(err) != surveys.ErrConflict {
		t.Fatalf("second create: got %v, want conflict", err)
	}
	rec, err = st.SetSurveyStatus(ctx, "s1", surveys.StatusOpen)
	if err != nil || rec.Status != surveys.StatusOpen || rec.OpenedAt.IsZero() {
		t.Fatalf("open: %+v %v", rec, err)
	}
	if _, err := st.SetSurveyStatus(ctx, "nope", surveys.StatusOpen); !surveys.IsNotFound(err) {
		t.Fatalf("open missing: %v", err)
	}
	got, err := st.Survey(ctx, "s1")
	if err != nil || got.Title["en"] != "Test" || got.Source != "slug: s1" || len(got.Questions) != 2 || got.Questions[1].Scale.Max != 5 {
		t.Fatalf("read back: %+v %v", got, err)
	}
	open, err := st.OpenSurveys(ctx)
	if err != nil || len(open) != 1 {
		t.Fatalf("open surveys: %d %v", len(open), err)
	}
}

func TestUpdateSurveyVersions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	def := testSurvey("s2")
	if _, err := st.CreateSurvey(ctx, def, ""); err != nil {
		t.Fatal(err)
	}
	// No responses yet: changed in place.
	def.Title = surveys.Text{"en": "Renamed"}
	rec, err := st.UpdateSurvey(ctx, def, "")
	if err != nil || rec.Version != 1 || rec.Title["en"] != "Renamed" {
		t.Fatalf("update without responses: %+v %v", rec, err)
	}
	r := &surveys.Response{ID: "r1", Survey: "s2", Version: 1, Channel: surveys.ChannelWeb, Language: "en", Answers: map[string]any{"safe_day": 4}}
	if _, err := st.InsertResponse(ctx, r); err != nil {
		t.Fatal(err)
	}
	def.Questions[1].Text = surveys.Text{"en": "How safe?"}
	rec, err = st.UpdateSurvey(ctx, def, "")
	if err != nil || rec.Version != 2 || rec.Responses != 1 {
		t.Fatalf("update with responses: %+v %v", rec, err)
	}
	old, err := st.SurveyVersion(ctx, "s2", 1)
	if err != nil || old.Questions[1].Text["en"] != "Safe?" || old.Title["en"] != "Renamed" {
		t.Fatalf("version 1 kept: %+v %v", old, err)
	}
	stored, err := st.Response(ctx, "r1")
	if err != nil || stored.Version != 1 || stored.Answers["safe_day"] != 4 {
		t.Fatalf("response keeps its version: %+v %v", stored, err)
	}
}

func TestInsertResponseOnceUnderConcurrency(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	if _, err := st.CreateSurvey(ctx, testSurvey("s3"), ""); err != nil {
		t.Fatal(err)
	}
	// 8 writers × 50 distinct responses, each submitted twice at once: the
	// counter must end at exactly 400 (FerretDB loses concurrent $inc
	// updates unless the store serializes them).
	var wg sync.WaitGroup
	var mu sync.Mutex
	inserted := 0
	for w := 0; w < 8; w++ {
		for dup := 0; dup < 2; dup++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := 0; i < 50; i++ {
					r := &surveys.Response{ID: fmt.Sprintf("w%d-%d", w, i), Survey: "s3", Version: 1, Channel: surveys.ChannelWeb,
						Language: "en", Answers: map[string]any{"needs": []string{"a", "b"}}, CreatedAt: time.Now().UTC()}
					ok, err := st.InsertResponse(ctx, r)
					if err != nil {
						t.Error(err)
						return
					}
					if ok {
						mu.Lock()
						inserted++
						mu.Unlock()
					}
				}
			}(w)
		}
	}
	wg.Wait()
	rec, err := st.Survey(ctx, "s3")
	if err != nil {
		t.Fatal(err)
	}
	if inserted != 400 || rec.Responses != 400 {
		t.Fatalf("inserted %d, counter %d; want 400 and 400", inserted, rec.Responses)
	}
	n := 0
	err = st.EachResponse(ctx, "s3", func(r *surveys.Response) error {
		n++
		if got, ok := r.Answers["needs"].([]string); !ok || len(got) != 2 {
			return fmt.Errorf("multi answer decoded as %T %v", r.Answers["needs"], r.Answers["needs"])
		}
		return nil
	})
	if err != nil || n != 400 {
		t.Fatalf("streamed %d responses: %v", n, err)
	}
}

func TestDataSurvivesRestart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, store.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if !st.Embedded || !st.Serialized {
		t.Fatalf("embedded %v serialized %v; want both", st.Embedded, st.Serialized)
	}
	if _, err := st.CreateSurvey(ctx, testSurvey("kept"), ""); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(ctx); err != nil {
		t.Fatal(err)
	}
	st, err = store.Open(ctx, store.Options{DataDir: dir})
	if err != nil {
		t.Fatalf("reopen (indexes again): %v", err)
	}
	defer st.Close(ctx)
	if _, err := st.Survey(ctx, "kept"); err != nil {
		t.Fatalf("after restart: %v", err)
	}
}
