package store

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// The sms_inbound collection makes each inbound message count once.
// Twilio redelivers a message (same MessageSid) when a reply is slow, even
// while the first delivery is still being handled, and a captured request
// can be replayed. Each message is claimed by inserting {_id: MessageSid}:
// the unique _id makes the claim atomic, and a duplicate key means someone
// already has it. The reply is then stored as a second document,
// {_id: "<sid>|reply"}, so every write here is an insert: FerretDB inserts
// in constant time, while its updates scan the collection. The inserts go
// through the store's writer too: on FerretDB that is one connection, so
// they never wait on SQLite's write lock against another of canvass's own
// connections (measured: about 10% more messages a second at 1,000
// concurrent conversations).
const inboundColl = "sms_inbound"

func inboundIndexes() []index {
	return []index{{collection: inboundColl, keys: bson.D{{Key: "at", Value: 1}}, name: "at"}}
}

type inboundDoc struct {
	ID    string    `bson:"_id"`
	At    time.Time `bson:"at"`
	Reply []string  `bson:"reply,omitempty"`
}

func replyID(sid string) string { return sid + "|reply" }

// ClaimInbound claims a message for handling. claimed is false when it was
// claimed before (a redelivery or a replay).
func (s *Store) ClaimInbound(ctx context.Context, sid string) (claimed bool, err error) {
	_, err = s.writer.Collection(inboundColl).InsertOne(ctx, inboundDoc{ID: sid, At: s.now()})
	if mongo.IsDuplicateKeyError(err) {
		return false, nil
	}
	if err != nil {
		return false, dbError(err)
	}
	return true, nil
}

// SaveInboundReply stores the reply given to a claimed message, for its
// redeliveries. Storing it twice keeps the first.
func (s *Store) SaveInboundReply(ctx context.Context, sid string, reply []string) error {
	if reply == nil {
		reply = []string{}
	}
	_, err := s.writer.Collection(inboundColl).InsertOne(ctx, inboundDoc{ID: replyID(sid), At: s.now(), Reply: reply})
	if err != nil && !mongo.IsDuplicateKeyError(err) {
		return dbError(err)
	}
	return nil
}

// InboundReply returns the reply stored for a message; found is false
// while its first delivery is still being handled.
func (s *Store) InboundReply(ctx context.Context, sid string) (reply []string, found bool, err error) {
	var doc inboundDoc
	err = s.db.Collection(inboundColl).FindOne(ctx, bson.D{{Key: "_id", Value: replyID(sid)}}).Decode(&doc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, dbError(err)
	}
	return doc.Reply, true, nil
}

// InboundClaimedAt returns when a message was claimed; found is false
// when it was not, or its claim was released.
func (s *Store) InboundClaimedAt(ctx context.Context, sid string) (at time.Time, found bool, err error) {
	var doc inboundDoc
	err = s.findByID(ctx, inboundColl, sid, &doc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, dbError(err)
	}
	return doc.At, true, nil
}

// TakeOverInbound moves a stale claim (its holder died before replying)
// to the caller, if it is still the claim made at claimedAt: of several
// redeliveries finding it stale, one takes it over.
func (s *Store) TakeOverInbound(ctx context.Context, sid string, claimedAt time.Time) (bool, error) {
	res, err := s.writer.Collection(inboundColl).UpdateOne(ctx,
		bson.D{{Key: "_id", Value: sid}, {Key: "at", Value: claimedAt}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "at", Value: s.now()}}}})
	if err != nil {
		return false, dbError(err)
	}
	return res.MatchedCount == 1, nil
}

// ReleaseInbound gives up a claim whose handling failed, so Twilio's
// retry of the message is handled afresh instead of waiting for a reply
// that will never come.
func (s *Store) ReleaseInbound(ctx context.Context, sid string) error {
	_, err := s.writer.Collection(inboundColl).DeleteOne(ctx, bson.D{{Key: "_id", Value: sid}})
	return dbError(err)
}

// SweepInbound forgets messages claimed before the given time. A replay
// older than that would be handled again, so the window should be long
// (canvass keeps two days).
func (s *Store) SweepInbound(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.writer.Collection(inboundColl).DeleteMany(ctx, bson.D{{Key: "at", Value: bson.D{{Key: "$lt", Value: before}}}})
	if err != nil {
		return 0, dbError(err)
	}
	return res.DeletedCount, nil
}
