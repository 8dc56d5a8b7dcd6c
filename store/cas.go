package store

import (
	"context"
	"errors"
	"hash/fnv"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"canvass/surveys"
)

// revField versions the documents casByID changes.
const revField = "rev"

// casStripes is how many locks casByID spreads documents over on
// FerretDB: changes of different documents rarely wait for each other.
const casStripes = 64

// casLock returns the lock of one document.
func (s *Store) casLock(coll, id string) *sync.Mutex {
	h := fnv.New32a()
	h.Write([]byte(coll))
	h.Write([]byte{0})
	h.Write([]byte(id))
	return &s.casLocks[h.Sum32()%casStripes]
}

// casRetries bounds how often casByID rereads a document another instance
// changed under it; each retry means someone else made progress.
const casRetries = 20

// casByID reads the document with the given _id, lets decide choose an
// update from what it read (nil: leave it), and applies the update only if
// the document did not change in between. decide sees nil when there is no
// such document. It reports whether an update was applied.
//
// Why not one findOneAndUpdate with the conditions in its filter: that is
// the MongoDB way, and atomic there, but FerretDB v1.24 pushes only a filter
// of exactly {_id: value} down to SQLite, so {_id, status, …} reads the
// whole collection into Go (measured: 0.8 s at 20,000 outbox messages,
// against 1 ms for {_id} alone). So the decision is made in Go from the
// document as read, and made to stick:
//   - on MongoDB, with a revision number: update {_id, rev} and retry
//     when another instance got there first (atomic across instances);
//   - on FerretDB, under a lock of the document: atomic within this
//     process, which is all FerretDB offers anyway (its own updates race
//     across connections), and why several instances need MongoDB. The
//     write goes through the store's single-connection writer like every
//     update; the read need not, since the lock orders it after any
//     earlier change of the document.
func (s *Store) casByID(ctx context.Context, coll, id string, decide func(doc bson.Raw) bson.D) (bool, error) {
	c := s.writer.Collection(coll)
	if s.Serialized {
		mu := s.casLock(coll, id)
		mu.Lock()
		defer mu.Unlock()
	}
	for range casRetries {
		raw, err := s.db.Collection(coll).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Raw()
		if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
			return false, dbError(err)
		}
		if err != nil {
			raw = nil
		}
		update := decide(raw)
		if update == nil {
			return false, nil
		}
		if raw == nil {
			return false, errors.New("store: casByID cannot create documents")
		}
		filter := bson.D{{Key: "_id", Value: id}}
		if !s.Serialized {
			filter = append(filter, revFilter(raw))
		}
		res, err := c.UpdateOne(ctx, filter, withRevInc(update))
		if err != nil {
			return false, dbError(err)
		}
		if res.MatchedCount == 1 {
			return true, nil
		}
		if s.Serialized {
			return false, nil // deleted under us: nothing to update
		}
	}
	return false, surveys.Wrap(surveys.ErrUnavailable, "error.unavailable", errors.New("store: document kept changing under casByID"))
}

// revFilter matches the revision a document was read at; a document
// written without one matches while it still has none.
func revFilter(raw bson.Raw) bson.E {
	v, err := raw.LookupErr(revField)
	if err != nil {
		return bson.E{Key: revField, Value: bson.D{{Key: "$exists", Value: false}}}
	}
	return bson.E{Key: revField, Value: v}
}

// withRevInc adds rev += 1 to an update, inside its $inc if it has one.
func withRevInc(update bson.D) bson.D {
	out := make(bson.D, 0, len(update)+1)
	added := false
	for _, e := range update {
		if e.Key == "$inc" {
			if inc, ok := e.Value.(bson.D); ok {
				e.Value = append(append(bson.D{}, inc...), bson.E{Key: revField, Value: int64(1)})
				added = true
			}
		}
		out = append(out, e)
	}
	if !added {
		out = append(out, bson.E{Key: "$inc", Value: bson.D{{Key: revField, Value: int64(1)}}})
	}
	return out
}
