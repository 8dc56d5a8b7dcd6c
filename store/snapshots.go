package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"canvass/results"
	"canvass/surveys"
)

// Published numbers (results/publish.go) live in two collections:
//
//   - results_snapshots: one document per survey, _id its slug, holding
//     each group's frame (a tally per attribute value) and what the rules
//     decided per scope. Every published view reads it, by _id alone.
//   - results_meets: per group and step, how many responses hold each
//     pair of attribute values, _id "<slug>|<group>|<step's unix nanos>".
//     Only a step reads them (the containment rule), so views never carry
//     them. Keyed by the step, a step that loses a race on MongoDB cannot
//     overwrite the winner's.
//
// A step folds every response of the survey once (a full read, like a
// date view; docs/benchmarks.md), and only when a group has changed by at
// least min_n since its frame: at most once per min_n responses.
const (
	snapshotsColl = "results_snapshots"
	meetsColl     = "results_meets"
)

func snapshotIndexes() []index {
	// No keys: declaring them makes the collections exist at start-up, so
	// the embedded database's _id lookup index covers them.
	return []index{{collection: snapshotsColl}, {collection: meetsColl}}
}

// PublishedTallies answers a published view of a survey (one of split,
// channel, language; no dates): it takes a step first when a group is due
// (see Publish: rec as just read), then reads the snapshot. The
// snapshot's time is in the tallies.
func (s *Store) PublishedTallies(ctx context.Context, rec *surveys.Record, view results.View) (*results.ViewTallies, error) {
	snap, err := s.Publish(ctx, rec)
	if err != nil {
		return nil, err
	}
	return snap.ViewTallies(&rec.Survey, view), nil
}

// Publish takes a step for the groups whose live counters differ from
// their published frames by at least the survey's min_n, and returns the
// snapshot as it then stands. rec is the survey as just read: its
// Responses (the live total) tells whether a group can be due at all. Steps of one survey take turns within this
// process; across instances (MongoDB) the snapshot's revision decides,
// and the loser returns the winner's snapshot.
func (s *Store) Publish(ctx context.Context, rec *surveys.Record) (*results.Snapshot, error) {
	snap, doc, err := s.snapshot(ctx, rec.Slug)
	if err != nil || doc.Checked.nothingDue(rec) {
		return snap, err
	}
	live, err := s.groupTotals(ctx, rec)
	if err != nil {
		return nil, err
	}
	if len(snap.Due(live, rec.MinN)) == 0 {
		s.noteChecked(ctx, rec, doc, checkDoc{Version: rec.Version, Total: rec.Responses, Gap: snap.Gap(live)})
		return snap, nil
	}
	mu := s.casLock(snapshotsColl, rec.Slug)
	mu.Lock()
	defer mu.Unlock()
	if snap, doc, err = s.snapshot(ctx, rec.Slug); err != nil {
		return nil, err
	}
	due := snap.Due(live, rec.MinN)
	if len(due) == 0 {
		return snap, nil // another request took the step
	}
	if err := s.loadMeets(ctx, snap); err != nil {
		return nil, err
	}
	fold := results.NewStepFold(&rec.Survey, due)
	err = s.EachResponse(ctx, rec.Slug, func(r *surveys.Response) error {
		def, err := s.versionDef(ctx, rec.Slug, r.Version)
		if err != nil {
			return err
		}
		fold.Add(def, r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// BSON dates hold milliseconds: a step's time must read back as it was
	// written (it also names the step's meets).
	next, changed := snap.Publish(&rec.Survey, fold, rec.MinN, s.now().Truncate(time.Millisecond))
	if !changed {
		return snap, nil
	}
	check := checkDoc{Version: rec.Version, Total: rec.Responses, Gap: next.Gap(live)}
	return s.saveSnapshot(ctx, rec.Slug, snap, next, doc.Rev, check)
}

// groupTotals reads the live total of every group from the counters.
func (s *Store) groupTotals(ctx context.Context, rec *surveys.Record) (map[string]int64, error) {
	nbs, err := s.counterNeighborhoods(ctx, rec)
	if err != nil {
		return nil, err
	}
	cells := make([]results.Cell, len(nbs))
	for i, nb := range nbs {
		cells[i] = results.Cell{Neighborhood: nb}
	}
	counters, err := s.Tallies(ctx, rec.Slug, cells)
	if err != nil {
		return nil, err
	}
	return results.GroupTotals(&rec.Survey, counters), nil
}

// noteChecked records a look at the counters that found nothing due, if
// no step was taken meanwhile (the revision is still the one read). A
// survey never published has nothing to note it in: until its first step,
// every read looks. A lost race or a failure only costs a later read a look.
func (s *Store) noteChecked(ctx context.Context, rec *surveys.Record, doc snapshotDoc, check checkDoc) {
	if doc.Rev == 0 {
		return
	}
	filter := append(byID(rec.Slug), bson.E{Key: "rev", Value: doc.Rev})
	if _, err := s.writer.Collection(snapshotsColl).UpdateOne(ctx, filter, bson.D{{Key: "$set", Value: bson.D{{Key: "checked", Value: check}}}}); err != nil {
		s.logger.Warn("published results: check not recorded", "survey", rec.Slug, "err", err)
	}
}

// snapshot reads a survey's snapshot without its meets; a survey never
// published has an empty one (revision 0).
func (s *Store) snapshot(ctx context.Context, slug string) (*results.Snapshot, snapshotDoc, error) {
	var d snapshotDoc
	err := s.findByID(ctx, snapshotsColl, slug, &d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return &results.Snapshot{Survey: slug}, snapshotDoc{}, nil
	}
	if err != nil {
		return nil, d, dbError(err)
	}
	var data snapshotData
	if err := unpack(d.Data, &data); err != nil {
		return nil, d, surveys.Wrap(surveys.ErrInternal, "error.internal", fmt.Errorf("published results of %s: %w", slug, err))
	}
	snap := &results.Snapshot{Survey: slug, At: d.At, Frames: map[string]*results.Frame{}, Scopes: map[string]*results.ScopeState{}}
	for _, f := range data.Frames {
		snap.Frames[f.Group] = &results.Frame{At: f.At, Cells: valueTallies(f.Cells)}
	}
	for _, sc := range data.Scopes {
		snap.Scopes[sc.K] = &results.ScopeState{Base: sc.Base.tally(), Held: sc.Held.hold(), Hidden: sc.Hidden.hold()}
	}
	return snap, d, nil
}

func meetsID(slug, group string, at time.Time) string {
	return fmt.Sprintf("%s|%s|%d", slug, group, at.UnixNano())
}

// loadMeets reads the meets of every frame (a step compares them all).
// A frame whose meets are gone gets none: the containment rule then sees
// no response of it in two values at once, and hides nothing for it.
func (s *Store) loadMeets(ctx context.Context, snap *results.Snapshot) error {
	for g, f := range snap.Frames {
		var d meetsDoc
		err := s.findByID(ctx, meetsColl, meetsID(snap.Survey, g, f.At), &d)
		if errors.Is(err, mongo.ErrNoDocuments) {
			s.logger.Warn("published results: meets missing", "survey", snap.Survey, "group", g)
			continue
		}
		if err != nil {
			return dbError(err)
		}
		var data meetsData
		if err := unpack(d.Data, &data); err != nil {
			return surveys.Wrap(surveys.ErrInternal, "error.internal", fmt.Errorf("published results of %s: %w", snap.Survey, err))
		}
		f.Meets = valueTallies(data.Cells)
	}
	return nil
}

// saveSnapshot writes a step: the new frames' meets, then the snapshot if
// it is still at revision rev; then it drops the meets nobody refers to.
func (s *Store) saveSnapshot(ctx context.Context, slug string, prev, next *results.Snapshot, rev int64, check checkDoc) (*results.Snapshot, error) {
	var added, dropped []string
	for g, f := range next.Frames {
		old := prev.Frames[g]
		if old != nil && old.At.Equal(f.At) {
			continue
		}
		id := meetsID(slug, g, f.At)
		data, err := pack(meetsData{Cells: valueDocs(f.Meets)})
		if err != nil {
			return nil, surveys.Wrap(surveys.ErrInternal, "error.internal", err)
		}
		doc := meetsDoc{ID: id, Data: data}
		if _, err := s.writer.Collection(meetsColl).ReplaceOne(ctx, byID(id), doc, options.Replace().SetUpsert(true)); err != nil {
			return nil, dbError(err)
		}
		added = append(added, id)
		if old != nil {
			dropped = append(dropped, meetsID(slug, g, old.At))
		}
	}
	doc, err := snapshotDocOf(slug, next, rev+1)
	if err != nil {
		return nil, surveys.Wrap(surveys.ErrInternal, "error.internal", err)
	}
	doc.Checked = check
	won := true
	if rev == 0 {
		_, err = s.writer.Collection(snapshotsColl).InsertOne(ctx, doc)
		if mongo.IsDuplicateKeyError(err) {
			won, err = false, nil
		}
	} else {
		filter := byID(slug)
		if !s.Serialized {
			filter = append(filter, bson.E{Key: "rev", Value: rev})
		}
		var res *mongo.UpdateResult
		res, err = s.writer.Collection(snapshotsColl).ReplaceOne(ctx, filter, doc)
		won = err == nil && res.MatchedCount == 1
	}
	if err != nil {
		return nil, dbError(err)
	}
	if !won {
		dropped = added // another instance took the step first
	}
	for _, id := range dropped {
		if _, err := s.writer.Collection(meetsColl).DeleteOne(ctx, byID(id)); err != nil {
			s.logger.Warn("published results: old meets not deleted", "id", id, "err", err)
		}
	}
	if !won {
		snap, _, err := s.snapshot(ctx, slug)
		return snap, err
	}
	return next, nil
}
