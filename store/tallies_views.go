package store

import (
	"context"

	"canvass/results"
	"canvass/surveys"
)

// ViewTallies gathers the counts a results view of a survey needs. Views
// the live counters hold (results.View.FromCounters: two of split, channel
// and language, or one with dates) read counters, from memory on the
// embedded database (tallies_mirror.go), whatever the number of
// responses; the others (all three, or two with dates) fold every
// response of the survey in Go from one streamed cursor, which costs a
// full read of the responses (see docs/benchmarks.md for the figures).
func (s *Store) ViewTallies(ctx context.Context, rec *surveys.Record, view results.View) (*results.ViewTallies, error) {
	cur := &rec.Survey
	if view.FromCounters() {
		nbs, err := s.counterNeighborhoods(ctx, rec)
		if err != nil {
			return nil, err
		}
		var counters map[results.Cell]*results.Tally
		cells := results.CounterCells(cur, view, nbs)
		if view.Dated() || (s.Serialized && !s.mirror.on && len(cells) > maxTallyLookups) {
			// Every week's counters: the view's weeks and those beside them.
			// (Or many counters of a FerretDB this process does not own: one
			// read of them all costs less than hundreds of lookups.)
			counters, err = s.surveyCounters(ctx, rec.Slug)
		} else {
			counters, err = s.Tallies(ctx, rec.Slug, cells)
		}
		if err != nil {
			return nil, err
		}
		return results.TalliesFromCounters(cur, view, nbs, counters), nil
	}
	return s.foldView(ctx, rec, view)
}

// maxTallyLookups is how many counters a view looks up one by one on a
// FerretDB without the mirror before it reads them all at once instead.
const maxTallyLookups = 64

// foldView computes a view's tallies from every raw response.
func (s *Store) foldView(ctx context.Context, rec *surveys.Record, view results.View) (*results.ViewTallies, error) {
	b := results.NewViewBuilder(&rec.Survey, view)
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

// surveyCounters reads every counter of a survey: from the mirror when it
// is on, else in one query by survey (served by an index on MongoDB).
func (s *Store) surveyCounters(ctx context.Context, slug string) (map[results.Cell]*results.Tally, error) {
	if err := s.syncCounts(ctx); err != nil {
		return nil, err
	}
	if all, ok, err := s.mirrored(ctx, slug); ok {
		return all, err
	}
	all, err := s.storedTallies(ctx, slug)
	if err != nil || !s.compact {
		return all, err
	}
	return results.Fold(all).Expanded(), nil
}
