package store

import (
	"context"

	"canvass/results"
	"canvass/surveys"
)

// ViewTallies gathers the counts a results view of a survey needs. Views
// the live counters hold (no dates, at most one of split, channel and
// language) read a few dozen counters by _id whatever the number of
// responses; the others fold every response of the survey in Go from one
// streamed cursor, which costs a full read of the responses (see
// docs/benchmarks.md for the figures).
func (s *Store) ViewTallies(ctx context.Context, rec *surveys.Record, view results.View) (*results.ViewTallies, error) {
	cur := &rec.Survey
	if view.FromCounters() {
		nbs, err := s.counterNeighborhoods(ctx, rec)
		if err != nil {
			return nil, err
		}
		counters, err := s.Tallies(ctx, rec.Slug, results.CounterCells(cur, view, nbs))
		if err != nil {
			return nil, err
		}
		return results.TalliesFromCounters(cur, view, nbs, counters), nil
	}
	b := results.NewViewBuilder(cur, view)
	// Every response is read, not only those in the date range: a filtered
	// view is compared with the whole to hide groups that differ from it
	// by a handful of people.
	err := s.EachResponse(ctx, rec.Slug, func(r *surveys.Response) error {
		def, err := s.versionDef(ctx, rec.Slug, r.Version)
		if err != nil {
			return err
		}
		b.Add(def, r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return b.Tallies(), nil
}

// counterNeighborhoods lists the neighborhoods counters may exist for:
// those of every version of the survey (a response to one a later version
// removed is still counted, under Unassigned) and Unassigned.
func (s *Store) counterNeighborhoods(ctx context.Context, rec *surveys.Record) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	add := func(def *surveys.Survey) {
		for _, n := range def.Neighborhoods {
			if !seen[n.ID] {
				seen[n.ID] = true
				out = append(out, n.ID)
			}
		}
	}
	add(&rec.Survey)
	for v := 1; v < rec.Version; v++ {
		def, err := s.versionDef(ctx, rec.Slug, v)
		if surveys.IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		add(def)
	}
	return append(out, results.Unassigned), nil
}
