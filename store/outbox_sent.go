package store

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"canvass/invite"
	"canvass/sms"
)

// sms_messages keeps every message that left the outbox, keyed like it was
// there: its outcome, Twilio's SID and the latest delivery status, and no
// phone number. Status callbacks find their message by _id (the ref in the
// callback URL), the one lookup FerretDB does fast.
const sentColl = "sms_messages"

func sentIndexes() []index {
	return []index{
		{collection: sentColl, keys: bson.D{{Key: "batch", Value: 1}}, name: "batch"},
		{collection: sentColl, keys: bson.D{{Key: "sid", Value: 1}}, name: "sid"},
	}
}

// Finish records a message's outcome and takes it out of the outbox. The
// record is an insert keyed by the message ID, so only the first outcome
// counts: a message finished twice (a status callback racing the sender,
// an instance that died between the two steps) is counted once. The
// batch's counters move with that first insert.
func (s *Store) Finish(ctx context.Context, m *invite.Message, o invite.Result) error {
	now := s.now()
	sent := invite.Sent{
		ID: m.ID, Batch: m.Batch, Recipient: m.Recipient, Language: m.Language, Neighborhood: m.Neighborhood,
		Segments: m.Segments, Outcome: o.Outcome, SID: o.SID, ErrorCode: o.ErrorCode, Reason: o.Reason,
		Attempts: m.Attempts, CreatedAt: m.CreatedAt, UpdatedAt: now,
	}
	if o.Outcome == invite.OutcomeAccepted {
		sent.Delivery = "accepted"
	}
	_, err := s.db.Collection(sentColl).InsertOne(ctx, &sent)
	switch {
	case mongo.IsDuplicateKeyError(err):
	case err != nil:
		return dbError(err)
	default:
		if err := s.countOutcome(ctx, &sent); err != nil {
			return err
		}
	}
	return s.removeFromOutbox(ctx, m.ID)
}

// alreadySent reports whether a message's outcome is recorded.
func (s *Store) alreadySent(ctx context.Context, id string) (bool, error) {
	err := s.db.Collection(sentColl).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Err()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	return err == nil, dbError(err)
}

// SentMessage returns a message that left the outbox.
func (s *Store) SentMessage(ctx context.Context, id string) (*invite.Sent, error) {
	var m invite.Sent
	err := s.findByID(ctx, sentColl, id, &m)
	if err != nil {
		return nil, notFound(err, "batch.message_not_found", nil)
	}
	return &m, nil
}

// ApplyDelivery records a delivery status Twilio reported for the message
// with outbox ID ref (the callback URL's ref). A status never moves a
// message backwards, so late and repeated callbacks change nothing, and
// the batch's delivery counters move with each change. A callback for a
// message the sender has not recorded yet (it died right after Twilio
// accepted it, or is still waiting for Twilio's answer) records the
// message as accepted with the callback's SID: it will not be sent again.
func (s *Store) ApplyDelivery(ctx context.Context, ref, sid, status, errorCode string) error {
	if ref == "" || sms.DeliveryRank(status) == 0 {
		return nil
	}
	found, err := s.alreadySent(ctx, ref)
	if err != nil {
		return err
	}
	if !found {
		if err := s.acceptFromCallback(ctx, ref, sid); err != nil || !s.mustExist(ctx, ref) {
			return err
		}
	}
	var old invite.Sent
	ok, err := s.casByID(ctx, sentColl, ref, func(raw bson.Raw) bson.D {
		old = invite.Sent{}
		if raw == nil || bson.Unmarshal(raw, &old) != nil || old.Outcome != invite.OutcomeAccepted {
			return nil
		}
		if sms.DeliveryRank(status) <= sms.DeliveryRank(old.Delivery) {
			return nil
		}
		set := bson.D{{Key: "delivery", Value: status}, {Key: "updated_at", Value: s.now()}}
		if errorCode != "" {
			set = append(set, bson.E{Key: "error_code", Value: errorCode})
		}
		if old.SID == "" && sid != "" {
			set = append(set, bson.E{Key: "sid", Value: sid})
		}
		return bson.D{{Key: "$set", Value: set}}
	})
	if err != nil || !ok {
		return err
	}
	return s.moveDelivery(ctx, old.Batch, old.Delivery, status)
}

// mustExist reports whether ref is now recorded (after acceptFromCallback).
func (s *Store) mustExist(ctx context.Context, ref string) bool {
	ok, err := s.alreadySent(ctx, ref)
	return err == nil && ok
}

// acceptFromCallback records an outbox message Twilio reports on as
// accepted. Only a message marked as possibly sent qualifies: a callback
// cannot exist for one that never left.
func (s *Store) acceptFromCallback(ctx context.Context, ref, sid string) error {
	var m invite.Message
	err := s.writer.Collection(outboxColl).FindOne(ctx, bson.D{{Key: "_id", Value: ref}}).Decode(&m)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil // not ours, or long gone
	}
	if err != nil {
		return dbError(err)
	}
	if !m.MaybeSent || sid == "" {
		return nil
	}
	return s.Finish(ctx, &m, invite.Result{Outcome: invite.OutcomeAccepted, SID: sid})
}

// RecountBatch adds a batch's counters up again from its recorded messages
// (counters kept by $inc need a way to be checked: ferretdb.md rule 3). It
// reads every message of the batch, streaming.
func (s *Store) RecountBatch(ctx context.Context, batch string) (invite.BatchCounts, error) {
	c := invite.BatchCounts{Delivery: map[string]int{}}
	cur, err := s.db.Collection(sentColl).Find(ctx, bson.D{{Key: "batch", Value: batch}})
	if err != nil {
		return c, dbError(err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var m invite.Sent
		if err := cur.Decode(&m); err != nil {
			return c, dbError(err)
		}
		switch m.Outcome {
		case invite.OutcomeAccepted:
			c.Accepted++
			c.Segments += m.Segments
			c.Delivery[m.Delivery]++
		case invite.OutcomeFailed:
			c.Failed++
		case invite.OutcomeSkipped:
			c.Skipped++
		case invite.OutcomeCanceled:
			c.Canceled++
		}
	}
	return c, dbError(cur.Err())
}
