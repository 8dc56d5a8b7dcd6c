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
// counting journal; version 4 (3 was an interim of it) the weekly and
// pair counters (views with dates, or two of split, channel and
// language). Counters written before are recounted once, and again
// whenever the time zone their weeks were counted in, or their layout
// (compact or full), changes.
const countersFormat = 4

type metaDoc struct {
	ID      string `bson:"_id"`
	Version int    `bson:"version"`
	// Zone is the time zone weekly counters were counted in.
	Zone string `bson:"zone,omitempty"`
	// Layout is "compact" for base counters only (Store.compact).
	Layout string `bson:"layout,omitempty"`
}

// layout names the store's counter layout as meta records it.
func (s *Store) layout() string {
	if s.compact {
		return "compact"
	}
	return "full"
}

// meta returns what is recorded for a change; version 0 when nothing is.
func (s *Store) meta(ctx context.Context, id string) (metaDoc, error) {
	var d metaDoc
	err := s.findByID(ctx, metaColl, id, &d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return metaDoc{ID: id}, nil
	}
	return d, dbError(err)
}

func (s *Store) setMeta(ctx context.Context, d metaDoc) error {
	_, err := s.writer.Collection(metaColl).ReplaceOne(ctx, byID(d.ID), d, options.Replace().SetUpsert(true))
	return dbError(err)
}

// recoverAtStart brings the counters up to date before canvass serves:
// a one-off recount of counters in an older layout (or counted in another
// time zone), then the surveys the counting journal marks (an unclean
// stop). A command that joins a running canvass's embedded database
// leaves that to the process serving it, whose responses are in the
// journal right now.
func (s *Store) recoverAtStart(ctx context.Context) error {
	m, err := s.meta(ctx, "counters")
	if err != nil {
		return err
	}
	if s.emb != nil && s.emb.joined {
		s.compact = m.Layout == "compact" // as the serving process keeps them
		return nil
	}
	stale := m.Version < countersFormat || m.Zone != s.loc.String() || m.Layout != s.layout()
	if stale {
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
	if !stale {
		s.Recovered = rep // a format change is not news; a recovery is
		return nil
	}
	return s.setMeta(ctx, metaDoc{ID: "counters", Version: countersFormat, Zone: s.loc.String(), Layout: s.layout()})
}
