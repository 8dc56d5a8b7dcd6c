package store

import (
	"context"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"canvass/results"
	"canvass/surveys"
)

// rebuildAttempts bounds how often a rebuild starts over because responses
// arrived while it ran.
const rebuildAttempts = 3

// RebuildTallies recomputes a survey's live counters from its raw
// responses, replacing them. This process's responses wait at the
// survey's gate meanwhile (counting.go); another instance's may keep
// arriving (MongoDB): when the survey's total moved during the rebuild, or
// the counters no longer equal the fold once written, it starts over, so a
// response counted both by the fold and by its own $inc, or by neither,
// does not survive it.
func (s *Store) RebuildTallies(ctx context.Context, slug string) (results.RebuildReport, error) {
	var rep results.RebuildReport
	if _, err := s.Survey(ctx, slug); err != nil {
		return rep, err
	}
	gate := s.gates.get(slug)
	gate.Lock()
	defer gate.Unlock()
	return s.rebuildLocked(ctx, slug)
}

// rebuildLocked is RebuildTallies for a caller holding the survey's gate
// (the recovery in counting.go is the other).
func (s *Store) rebuildLocked(ctx context.Context, slug string) (results.RebuildReport, error) {
	var rep results.RebuildReport
	// Counting batches add to the counters this replaces: let the ones
	// already queued finish (no new one of this survey can start while
	// the gate is held).
	if err := s.syncCounts(ctx); err != nil {
		return rep, err
	}
	for rep.Attempts < rebuildAttempts {
		rep.Attempts++
		fold, days, n, err := s.foldCounts(ctx, slug)
		if err != nil {
			return rep, err
		}
		rep.Responses = n
		if rep.Counters, rep.Unchanged, rep.Removed, err = s.replaceTallies(ctx, slug, fold); err != nil {
			return rep, err
		}
		if s.mirror.on {
			// The only writer, holding the gate after the last batch:
			// nothing can have changed the counters since the fold.
			_, err := s.replaceDayCounts(ctx, slug, days)
			return rep, err
		}
		// Another instance's response whose $inc landed after its counter
		// was replaced shows as a difference from the fold, one stored
		// after the fold began as a total that moved past it.
		stored, err := s.StoredTallies(ctx, slug)
		if err != nil {
			return rep, err
		}
		after, err := s.ResponseCount(ctx, slug)
		if err != nil {
			return rep, err
		}
		if after == int64(n) && len(drift(slug, fold, stored)) == 0 {
			_, err := s.replaceDayCounts(ctx, slug, days)
			return rep, err
		}
	}
	// Responses kept arriving: try again when the survey is quieter.
	return rep, surveys.Errorf(surveys.ErrConflict, "results.rebuild_busy", map[string]any{"Count": rebuildAttempts})
}

// FoldTallies counts every stored response of a survey into counters in
// memory, exactly as InsertResponse counts them one by one.
func (s *Store) FoldTallies(ctx context.Context, slug string) (results.Fold, int, error) {
	fold, _, n, err := s.foldCounts(ctx, slug)
	return fold, n, err
}

// foldCounts is FoldTallies with the day counts, in the same read.
func (s *Store) foldCounts(ctx context.Context, slug string) (results.Fold, dayFold, int, error) {
	fold, days := results.Fold{}, dayFold{}
	n := 0
	err := s.EachResponse(ctx, slug, func(r *surveys.Response) error {
		def, err := s.versionDef(ctx, slug, r.Version)
		if err != nil {
			return err
		}
		s.foldAdd(fold, def, r)
		days.add(r)
		n++
		return nil
	})
	return fold, days, n, err
}

// replaceTallies writes the folded counters over the stored ones that
// differ, each replaced whole by _id, then deletes the counters the fold
// has none for. Counters are replaced one by one rather than dropped
// first, so results never show an empty survey while a rebuild runs; the
// ones already right are left alone, which makes a rebuild of a healthy
// survey mostly reads.
func (s *Store) replaceTallies(ctx context.Context, slug string, fold results.Fold) (written, unchanged, removed int, err error) {
	stored, err := s.StoredTallies(ctx, slug)
	if err != nil {
		return 0, 0, 0, err
	}
	// The mirror is read again from what this writes.
	ms := s.mirror.of(slug)
	ms.mu.Lock()
	defer ms.mu.Unlock()
	defer ms.drop()
	var models []mongo.WriteModel
	for c, t := range fold {
		if t.Equal(stored[c]) {
			unchanged++
			continue
		}
		d := newTallyDoc(slug, c, t)
		models = append(models, mongo.NewReplaceOneModel().SetFilter(bson.D{{Key: "_id", Value: d.ID}}).SetReplacement(d).SetUpsert(true))
	}
	for c := range stored {
		if _, ok := fold[c]; !ok {
			models = append(models, mongo.NewDeleteOneModel().SetFilter(bson.D{{Key: "_id", Value: c.ID(slug)}}))
			removed++
		}
	}
	coll := s.writer.Collection(talliesColl)
	for len(models) > 0 {
		n := min(len(models), tallyChunk)
		if _, err := coll.BulkWrite(ctx, models[:n], options.BulkWrite().SetOrdered(false)); err != nil {
			return 0, 0, 0, dbError(err)
		}
		models = models[n:]
	}
	return len(fold) - unchanged, unchanged, removed, nil
}

// StoredTallies reads every live counter of a survey (a rebuild or check
// reads them all once; requests read only those they need, by _id).
func (s *Store) StoredTallies(ctx context.Context, slug string) (map[results.Cell]*results.Tally, error) {
	if err := s.syncCounts(ctx); err != nil {
		return nil, err
	}
	return s.storedTallies(ctx, slug)
}

// storedTallies is StoredTallies without waiting for counting batches
// (the mirror loads with it while a batch may wait for the mirror).
func (s *Store) storedTallies(ctx context.Context, slug string) (map[results.Cell]*results.Tally, error) {
	cur, err := s.db.Collection(talliesColl).Find(ctx, bson.D{{Key: "survey", Value: slug}})
	if err != nil {
		return nil, dbError(err)
	}
	defer cur.Close(ctx)
	out := map[results.Cell]*results.Tally{}
	for cur.Next(ctx) {
		id, _ := cur.Current.Lookup("_id").StringValueOK()
		c, ok := results.CellFromID(slug, id)
		if !ok {
			continue
		}
		var d tallyDoc
		if err := cur.Decode(&d); err != nil {
			// A damaged counter differs from any fold: a check reports it
			// and a rebuild replaces it.
			out[c] = &results.Tally{N: -1}
			continue
		}
		out[c] = d.tally()
	}
	return out, dbError(cur.Err())
}

// TallyDrift is a counter whose stored numbers differ from a fold of the
// raw responses.
type TallyDrift struct {
	Cell         results.Cell
	Live, Folded *results.Tally
}

// CheckTallies compares a survey's live counters with a fold of its raw
// responses, and the counters in memory (tallies_mirror.go) with those in
// the database, and returns the counters that differ (none when they
// agree), and how many responses were folded.
func (s *Store) CheckTallies(ctx context.Context, slug string) ([]TallyDrift, int, error) {
	fold, n, err := s.FoldTallies(ctx, slug)
	if err != nil {
		return nil, 0, err
	}
	live, err := s.StoredTallies(ctx, slug)
	if err != nil {
		return nil, 0, err
	}
	out := drift(slug, fold, live)
	// What views read in memory must equal what the database holds.
	if mirror, ok, err := s.mirrored(ctx, slug); ok && err == nil {
		out = append(out, drift(slug, results.Fold(live).Expanded(), mirror)...)
	} else if err != nil {
		return nil, 0, err
	}
	return out, n, nil
}

// drift lists the counters where stored and folded differ, in _id order.
func drift(slug string, fold results.Fold, stored map[results.Cell]*results.Tally) []TallyDrift {
	var out []TallyDrift
	for c, t := range fold {
		if !t.Equal(stored[c]) {
			out = append(out, TallyDrift{Cell: c, Live: stored[c], Folded: t})
		}
	}
	for c, t := range stored {
		if _, ok := fold[c]; !ok && !t.Equal(nil) {
			out = append(out, TallyDrift{Cell: c, Live: t})
		}
	}
	slices.SortFunc(out, func(a, b TallyDrift) int { return strings.Compare(a.Cell.ID(slug), b.Cell.ID(slug)) })
	return out
}
