package store

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// The sms_inbound collection remembers the reply given to each inbound
// message, {_id: "<MessageSid>|reply"}, so a redelivery (Twilio retries a
// slow reply) or a replay of a captured request gets the same reply
// without being processed again. It is a shortcut, not the record of what
// was applied: that is written with the conversation's state (the session,
// the opt-out), so a process that stops between applying a message and
// storing its reply still answers the redelivery right (handlers/sms_inbound.go).
// Every write here is an insert through the store's writer: FerretDB
// inserts in constant time, and one connection never waits on SQLite's
// write lock against another of canvass's own.
const inboundColl = "sms_inbound"

func inboundIndexes() []index {
	return []index{{collection: inboundColl, keys: bson.D{{Key: "at", Value: 1}}, name: "at"}}
}

type inboundDoc struct {
	ID string    `bson:"_id"`
	At time.Time `bson:"at"`
	// Respondent is the sender's pseudonym: a MessageSid is Twilio's, and
	// one phone's reply is never given to another that names it.
	Respondent string   `bson:"respondent,omitempty"`
	Reply      []string `bson:"reply,omitempty"`
}

func replyID(sid string) string { return sid + "|reply" }

// SaveInboundReply stores the reply given to a message, for its
// redeliveries. Storing it twice keeps the first.
func (s *Store) SaveInboundReply(ctx context.Context, sid, respondent string, reply []string) error {
	if reply == nil {
		reply = []string{}
	}
	_, err := s.writer.Collection(inboundColl).InsertOne(ctx, inboundDoc{ID: replyID(sid), At: s.now(), Respondent: respondent, Reply: reply})
	if err != nil && !mongo.IsDuplicateKeyError(err) {
		return dbError(err)
	}
	return nil
}

// InboundReply returns the reply stored for a message and the pseudonym
// of the phone it came from ("" for a reply stored before senders were
// kept); found is false when none was stored.
func (s *Store) InboundReply(ctx context.Context, sid string) (reply []string, respondent string, found bool, err error) {
	var doc inboundDoc
	err = s.db.Collection(inboundColl).FindOne(ctx, bson.D{{Key: "_id", Value: replyID(sid)}}).Decode(&doc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, "", false, nil
	}
	if err != nil {
		return nil, "", false, dbError(err)
	}
	return doc.Reply, doc.Respondent, true, nil
}

// SweepInbound forgets replies stored before the given time. A replay
// older than that would be handled again, so the window should be long
// (canvass keeps two days).
func (s *Store) SweepInbound(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.writer.Collection(inboundColl).DeleteMany(ctx, bson.D{{Key: "at", Value: bson.D{{Key: "$lt", Value: before}}}})
	if err != nil {
		return 0, dbError(err)
	}
	return res.DeletedCount, nil
}
