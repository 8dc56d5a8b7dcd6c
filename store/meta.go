package store

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// The meta collection records which one-off changes of stored data a
// database has been through, one document per change, so each runs once.
const metaColl = "meta"

func metaIndexes() []index { return []index{{collection: metaColl}} }

// countersFormat is the version of the counters' layout. Version 2 added
// each survey's total to its counters (the one response count) and the
// counting journal; counters written before it are recounted once.
const countersFormat = 2

type metaDoc struct {
	ID      string `bson:"_id"`
	Version int    `bson:"version"`
}

// metaVersion returns the version recorded for a change, 0 when none.
func (s *Store) metaVersion(ctx context.Context, id string) (int, error) {
	var d metaDoc
	err := s.findByID(ctx, metaColl, id, &d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return 0, nil
	}
	return d.Version, dbError(err)
}

func (s *Store) setMetaVersion(ctx context.Context, id string, v int) error {
	_, err := s.writer.Collection(metaColl).ReplaceOne(ctx, byID(id), metaDoc{ID: id, Version: v}, options.Replace().SetUpsert(true))
	return dbError(err)
}

// recoverAtStart brings the counters up to date before canvass serves:
// a one-off recount of counters in an older layout, then the surveys the
// counting journal marks (an unclean stop).
func (s *Store) recoverAtStart(ctx context.Context) error {
	v, err := s.metaVersion(ctx, "counters")
	if err != nil {
		return err
	}
	if v < countersFormat {
		recs, err := s.Surveys(ctx)
		if err != nil {
			return err
		}
		for _, r := range recs {
			s.markDirty(r.Slug)
		}
	}
	rep, err := s.RecoverCounts(ctx, s.startSettled())
	if err != nil {
		return err
	}
	if v >= countersFormat {
		s.Recovered = rep // a format change is not news; a recovery is
	}
	if v < countersFormat {
		return s.setMetaVersion(ctx, "counters", countersFormat)
	}
	return nil
}
