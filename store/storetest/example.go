package storetest

import (
	"context"
	"testing"

	"canvass/store"
	"canvass/surveys"
	"canvass/surveys/surveystest"
)

// OpenExample stores the example survey (surveystest.Example) in st and
// opens it, as a fresh canvass does on its first start.
func OpenExample(t testing.TB, st *store.Store) *surveys.Record {
	t.Helper()
	ctx := context.Background()
	if _, err := st.CreateSurvey(ctx, surveystest.Example(t), ""); err != nil {
		t.Fatal(err)
	}
	rec, err := st.SetSurveyStatus(ctx, surveystest.ExampleSlug, surveys.StatusOpen)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}
