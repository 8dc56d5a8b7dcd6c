package store

import (
	"context"
	"maps"
	"sync"

	"canvass/results"
)

// tallyMirror keeps every counter of the surveys read since start in
// memory, in the process that is the embedded database's only writer:
// the database holds only base cells (results.BaseCells, the compact
// layout), the mirror the counters they expand into. A
// results view reads a few hundred counters (every week of a dated view,
// every language of a split one), and FerretDB reads each in about half a
// millisecond, or all of a survey's in one scan of the whole collection:
// from memory any view takes a millisecond. The mirror is loaded from the
// database by the first read, and kept equal to it by the only writes to
// counters, which go through the store: each survey's counter writes
// (addFold, replaceTallies) hold its lock and apply to the mirror what
// they wrote, or drop it when a write fails.
type tallyMirror struct {
	on      bool
	mu      sync.Mutex
	surveys map[string]*mirroredSurvey
}

type mirroredSurvey struct {
	mu     sync.Mutex
	loaded bool
	// cells are never changed in place once stored: a write stores a new
	// tally, so a copy of the map taken under mu can be read without it.
	cells map[results.Cell]*results.Tally
}

func (m *tallyMirror) of(slug string) *mirroredSurvey {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.surveys == nil {
		m.surveys = map[string]*mirroredSurvey{}
	}
	ms := m.surveys[slug]
	if ms == nil {
		ms = &mirroredSurvey{}
		m.surveys[slug] = ms
	}
	return ms
}

// add applies a fold that was written to the database (base cells are
// expanded into the counters they add to).
func (ms *mirroredSurvey) add(fold results.Fold) {
	if !ms.loaded {
		return
	}
	for c, t := range fold.Expanded() {
		next := ms.cells[c].Clone()
		next.Add(t)
		ms.cells[c] = next
	}
}

// drop forgets the survey: the next read loads it again.
func (ms *mirroredSurvey) drop() {
	ms.loaded, ms.cells = false, nil
}

// mirrored returns every counter of a survey from the mirror, loading it
// first if needed; ok is false when the mirror is off. The caller has
// waited for the counting batches (syncCounts).
func (s *Store) mirrored(ctx context.Context, slug string) (cells map[results.Cell]*results.Tally, ok bool, err error) {
	if !s.mirror.on {
		return nil, false, nil
	}
	ms := s.mirror.of(slug)
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if !ms.loaded {
		stored, err := s.storedTallies(ctx, slug)
		if err != nil {
			return nil, true, err
		}
		ms.cells, ms.loaded = results.Fold(stored).Expanded(), true
	}
	return maps.Clone(ms.cells), true, nil
}

// WarmCounters loads every survey's counters into memory, so the first
// results view after a start does not wait for it (a survey of 100,000
// responses takes seconds: FerretDB reads its whole counters collection).
// cmd/canvass runs it in the background at start; it does nothing when
// the mirror is off.
func (s *Store) WarmCounters(ctx context.Context) error {
	if !s.mirror.on {
		return nil
	}
	recs, err := s.Surveys(ctx)
	if err != nil {
		return err
	}
	for _, r := range recs {
		if _, _, err := s.mirrored(ctx, r.Slug); err != nil {
			return err
		}
	}
	return nil
}
