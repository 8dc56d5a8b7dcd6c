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

// InsertResponseBatch stores many responses of one survey at once, for
// seeding and imports: one insertMany, then the live results counters with
// the survey's total in bulk (one $inc per counter for the whole batch),
// counted from the same surveys.ResponseTally as InsertResponse, under one
// journal entry for the batch (counting.go). Duplicates are skipped and
// not counted. Today's counts are not kept here: call RebuildDayCounts
// after the last batch.
func (s *Store) InsertResponseBatch(ctx context.Context, slug string, rs []*surveys.Response) (inserted int, err error) {
	if len(rs) == 0 {
		return 0, nil
	}
	docs := make([]any, len(rs))
	for i, r := range rs {
		if r.Survey != slug {
			return 0, fmt.Errorf("response %d is of survey %q, not %q", i, r.Survey, slug)
		}
		docs[i] = r
	}
	gate := s.gates.get(slug)
	gate.RLock()
	defer gate.RUnlock()
	entry := &surveys.Response{ID: "batch|" + rs[0].ID, Survey: slug}
	fresh, err := s.journal(ctx, entry)
	if err != nil {
		return 0, err
	}
	if !fresh {
		s.markDirty(slug)
	}
	_, err = s.db.Collection(responsesColl).InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	dup := map[int]bool{}
	var bwe mongo.BulkWriteException
	if errors.As(err, &bwe) && bwe.WriteConcernError == nil {
		for _, we := range bwe.WriteErrors {
			if !mongo.IsDuplicateKeyError(we) {
				s.markDirty(slug)
				return 0, dbError(err)
			}
			dup[we.Index] = true
		}
	} else if err != nil {
		s.markDirty(slug)
		return 0, dbError(err)
	}
	fold := results.Fold{}
	for i, r := range rs {
		if dup[i] {
			continue
		}
		def, err := s.versionDef(ctx, slug, r.Version)
		if err != nil {
			s.markDirty(slug)
			return 0, err
		}
		s.foldAdd(fold, def, r)
		inserted++
	}
	if err := s.addFold(ctx, slug, fold, tallyChunk); err != nil {
		s.markDirty(slug)
		return inserted, err
	}
	if fresh {
		s.unjournal(ctx, entry)
	}
	return inserted, nil
}

// EachResponseIn streams a survey's responses created in [from, to) (a
// zero time leaves that end open), one decoded document at a time. On
// MongoDB the survey_created index serves it; FerretDB reads the whole
// collection whatever the filter (ferretdb.md), so there it costs a full
// scan.
func (s *Store) EachResponseIn(ctx context.Context, slug string, from, to time.Time, fn func(*surveys.Response) error) error {
	filter := bson.D{{Key: "survey", Value: slug}}
	created := bson.D{}
	if !from.IsZero() {
		created = append(created, bson.E{Key: "$gte", Value: from})
	}
	if !to.IsZero() {
		created = append(created, bson.E{Key: "$lt", Value: to})
	}
	if len(created) > 0 {
		filter = append(filter, bson.E{Key: "created_at", Value: created})
	}
	cur, err := s.db.Collection(responsesColl).Find(ctx, filter, options.Find().SetBatchSize(500))
	if err != nil {
		return dbError(err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var r surveys.Response
		if err := cur.Decode(&r); err != nil {
			return dbError(err)
		}
		normalizeAnswers(&r)
		if err := fn(&r); err != nil {
			return err
		}
	}
	return dbError(cur.Err())
}
