package store

import (
	"context"
	"testing"
	"time"

	"canvass/results"
	"canvass/surveys"
)

// The two ways of reading counters, one {_id} lookup each (FerretDB) and
// one $in query (MongoDB), must find the same documents.
func TestTallyLookupsAgree(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := Open(ctx, Options{DataDir: t.TempDir(), Database: "lookups"})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	// Every counter in the database, as a store that is not the only
	// writer keeps them: the lookups are what such a store reads by.
	st.compact, st.mirror.on = false, false
	def := &surveys.Survey{Slug: "lookups", DefaultLanguage: "en", Languages: []string{"en"}, MinN: 5, Title: surveys.Text{"en": "L"},
		Neighborhoods: []surveys.Neighborhood{{ID: "north", Name: surveys.Text{"en": "North"}}},
		Questions: []surveys.Question{{ID: "neighborhood", Type: surveys.TypeNeighborhood, Text: surveys.Text{"en": "Where?"}},
			{ID: "safe", Type: surveys.TypeScale, Text: surveys.Text{"en": "Safe?"}, Scale: &surveys.Scale{Min: 1, Max: 5}}}}
	if _, err := st.CreateSurvey(ctx, def, ""); err != nil {
		t.Fatal(err)
	}
	for i, ch := range []string{"web", "sms", "sms"} {
		r := &surveys.Response{ID: string(rune('a' + i)), Survey: "lookups", Version: 1, Channel: ch, Language: "en", Neighborhood: "north",
			Answers: map[string]any{"neighborhood": "north", "safe": 2 + i}, CreatedAt: time.Now()}
		if _, err := st.InsertResponse(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	cells := []results.Cell{{Neighborhood: "north"}, {Neighborhood: "north", Dim: results.DimChannel, Value: "sms"}, {Neighborhood: "nowhere"}}
	ids := make([]string, len(cells))
	for i, c := range cells {
		ids[i] = c.ID("lookups")
	}
	if err := st.syncCounts(ctx); err != nil {
		t.Fatal(err)
	}
	byID, err := st.tallyDocs(ctx, ids, false)
	if err != nil {
		t.Fatal(err)
	}
	byIn, err := st.tallyDocs(ctx, ids, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(byID) != 2 || len(byIn) != 2 {
		t.Fatalf("found %d and %d counters, want 2", len(byID), len(byIn))
	}
	for _, a := range byID {
		found := false
		for _, b := range byIn {
			if a.ID == b.ID && a.tally().Equal(b.tally()) {
				found = true
			}
		}
		if !found {
			t.Fatalf("%s differs between the lookups", a.ID)
		}
	}
	got, err := st.Tallies(ctx, "lookups", cells)
	if err != nil || got[cells[0]].N != 3 || got[cells[1]].N != 2 || got[cells[1]].Question("safe").Sum != 7 || got[cells[2]].N != 0 {
		t.Fatalf("%+v %v", got, err)
	}
}
