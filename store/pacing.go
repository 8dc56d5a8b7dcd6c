package store

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// sms_pacing holds one document per sender: the earliest time its next
// message may go. Every instance books send times from it, so the rate a
// carrier allows a sender holds however many instances send.
const pacingColl = "sms_pacing"

func pacingIndexes() []index {
	// Not needed for lookups (always by _id); declared so the collection
	// exists from the start and gets the embedded database's _id index.
	return []index{{collection: pacingColl, keys: bson.D{{Key: "next", Value: 1}}, name: "next"}}
}

// paceDoc is a sender's schedule. Next is in Unix nanoseconds: a BSON date
// keeps only milliseconds, too coarse for a few hundred messages a second.
type paceDoc struct {
	ID   string `bson:"_id"`
	Next int64  `bson:"next"`
	Rev  int64  `bson:"rev"`
}

// ReserveSendSlot books the next send time of sender, interval after the
// one booked before it (a token bucket of depth one, kept in the database:
// the generic cell rate algorithm's virtual schedule). The caller waits
// until the time returned, then sends. A slot booked and not used is lost,
// which errs on the slow side.
func (s *Store) ReserveSendSlot(ctx context.Context, sender string, interval time.Duration) (time.Time, error) {
	id := "pace|" + sender
	for range 2 {
		var at int64
		missing := false
		ok, err := s.casByID(ctx, pacingColl, id, func(raw bson.Raw) bson.D {
			var p paceDoc
			if raw == nil || bson.Unmarshal(raw, &p) != nil {
				missing = raw == nil
				return nil
			}
			at = max(p.Next, s.now().UnixNano())
			return bson.D{{Key: "$set", Value: bson.D{{Key: "next", Value: at + int64(interval)}}}}
		})
		if err != nil {
			return time.Time{}, err
		}
		if ok {
			return time.Unix(0, at).UTC(), nil
		}
		if !missing {
			break
		}
		// The sender's first message: start its schedule (another instance
		// may start it at the same moment; either insert will do).
		if _, err := s.writer.Collection(pacingColl).InsertOne(ctx, paceDoc{ID: id}); err != nil && !mongo.IsDuplicateKeyError(err) {
			return time.Time{}, dbError(err)
		}
	}
	return time.Time{}, errors.New("store: the pacing document of " + sender + " cannot be read")
}
