package store

import (
	"context"
	"errors"
	"sort"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"canvass/invite"
	"canvass/surveys"
)

// sms_batches holds one document per send an organizer started, with
// counters kept by $inc as its messages reach their outcomes and as Twilio
// reports delivery, so showing a batch reads one document.
const batchesColl = "sms_batches"

func batchIndexes() []index {
	return []index{{collection: batchesColl, keys: bson.D{{Key: "survey", Value: 1}, {Key: "created_at", Value: -1}}, name: "survey_created"}}
}

// CreateBatch stores a new batch before its messages are enqueued. A batch
// with the same ID already there (a retried request with the same
// idempotency key) is returned as it is, with created false.
func (s *Store) CreateBatch(ctx context.Context, b *invite.Batch) (stored *invite.Batch, created bool, err error) {
	b.CreatedAt = s.now()
	if b.Excluded == nil {
		b.Excluded = map[string]int{}
	}
	if b.Counts.Delivery == nil {
		b.Counts.Delivery = map[string]int{}
	}
	_, err = s.db.Collection(batchesColl).InsertOne(ctx, b)
	if mongo.IsDuplicateKeyError(err) {
		old, err := s.Batch(ctx, b.ID)
		return old, false, err
	}
	if err != nil {
		return nil, false, dbError(err)
	}
	s.batchChanged()
	return b, true, nil
}

// Batch returns one batch.
func (s *Store) Batch(ctx context.Context, id string) (*invite.Batch, error) {
	var b invite.Batch
	err := s.findByID(ctx, batchesColl, id, &b)
	if err != nil {
		return nil, notFound(err, "batch.not_found", map[string]any{"ID": id})
	}
	if _, err := s.repairIfStuck(ctx, &b); err != nil {
		return nil, err
	}
	if err := s.withPauses(ctx, &b); err != nil {
		return nil, err
	}
	return &b, nil
}

// Batches returns a survey's batches of one kind ("" for all), newest
// first. A survey has a handful, so they are sorted in Go.
func (s *Store) Batches(ctx context.Context, survey, kind string) ([]*invite.Batch, error) {
	filter := bson.D{{Key: "survey", Value: survey}}
	if kind != "" {
		filter = append(filter, bson.E{Key: "kind", Value: kind})
	}
	cur, err := s.db.Collection(batchesColl).Find(ctx, filter)
	if err != nil {
		return nil, dbError(err)
	}
	out := []*invite.Batch{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, dbError(err)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedAt.After(out[j].CreatedAt) })
	if err := s.withPauses(ctx, out...); err != nil {
		return nil, err
	}
	return out, nil
}

// BatchEnqueued records that every message of a batch is in the outbox:
// total messages, and the contacts left out by reason.
func (s *Store) BatchEnqueued(ctx context.Context, id string, total int, excluded map[string]int) error {
	set := bson.D{{Key: "enqueued", Value: true}, {Key: "total", Value: total}}
	for reason, n := range excluded {
		set = append(set, bson.E{Key: "excluded." + reason, Value: n})
	}
	_, err := s.updateBatch(ctx, id, bson.D{{Key: "$set", Value: set}})
	return dbError(err)
}

// updateBatch changes one batch and wakes BatchesChanged's waiters.
func (s *Store) updateBatch(ctx context.Context, id string, update bson.D) (*mongo.UpdateResult, error) {
	res, err := s.writer.Collection(batchesColl).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, update)
	if err == nil {
		s.batchChanged()
	}
	return res, err
}

// countOutcome moves a batch's counters for a message that left the outbox.
// An outcome Twilio gave (accepted, or refused with its error code) ends
// the batch's wait for Twilio.
func (s *Store) countOutcome(ctx context.Context, m *invite.Sent) error {
	inc := bson.D{{Key: "counts." + m.Outcome, Value: 1}}
	if m.Outcome == invite.OutcomeAccepted {
		inc = append(inc, bson.E{Key: "counts.segments", Value: m.Segments}, bson.E{Key: "counts.delivery." + m.Delivery, Value: 1})
	}
	update := bson.D{{Key: "$inc", Value: inc}}
	if m.Outcome == invite.OutcomeAccepted || m.ErrorCode != "" {
		update = append(update, bson.E{Key: "$unset", Value: bson.D{{Key: "waiting", Value: ""}}})
	}
	_, err := s.updateBatch(ctx, m.Batch, update)
	return dbError(err)
}

// moveDelivery moves one accepted message from one delivery status to
// another in its batch's counters.
func (s *Store) moveDelivery(ctx context.Context, batch, from, to string) error {
	inc := bson.D{{Key: "counts.delivery." + to, Value: 1}}
	if from != "" {
		inc = append(inc, bson.E{Key: "counts.delivery." + from, Value: -1})
	}
	_, err := s.updateBatch(ctx, batch, bson.D{{Key: "$inc", Value: inc}})
	return dbError(err)
}

// CancelBatch stops a batch: messages still waiting are recorded as
// canceled at once; a message a worker holds, or one that may already be
// at Twilio, is marked to stop, and a worker records it: at once for one
// that was waiting for a retry (after looking for it in Twilio's log). It
// returns the batch as it is afterwards.
func (s *Store) CancelBatch(ctx context.Context, id string) (*invite.Batch, error) {
	res, err := s.updateBatch(ctx, id, bson.D{{Key: "$set", Value: bson.D{{Key: "canceled", Value: true}}}})
	if err != nil {
		return nil, dbError(err)
	}
	if res.MatchedCount == 0 {
		return nil, surveys.Errorf(surveys.ErrNotFound, "batch.not_found", map[string]any{"ID": id})
	}
	if err := s.stopMessages(ctx, bson.D{{Key: "batch", Value: id}}, invite.OutcomeCanceled); err != nil {
		return nil, err
	}
	return s.Batch(ctx, id)
}

// dropRecipientMessages stops every outbox message to a deleted contact.
func (s *Store) dropRecipientMessages(ctx context.Context, recipient string) error {
	return s.stopMessages(ctx, bson.D{{Key: "recipient", Value: recipient}}, invite.ReasonDeleted)
}

// stopMessages stops the outbox messages filter selects. One nobody holds
// and that cannot be at Twilio is claimed and finished here; the others
// get the stop mark their worker honours. One waiting for a retry is made
// due now, so the mark is honoured without waiting for the retry's time.
func (s *Store) stopMessages(ctx context.Context, filter bson.D, reason string) error {
	cur, err := s.db.Collection(outboxColl).Find(ctx, filter, options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return dbError(err)
	}
	var ids []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &ids); err != nil {
		return dbError(err)
	}
	// The claim only has to outlive the Finish that follows it.
	const stopper, leaseForStop = "canvass:stop", time.Minute
	for _, c := range ids {
		var m invite.Message
		claimed := false
		ok, err := s.casByID(ctx, outboxColl, c.ID, func(raw bson.Raw) bson.D {
			claimed, m = false, invite.Message{}
			if raw == nil || bson.Unmarshal(raw, &m) != nil {
				return nil
			}
			free := m.Status == invite.StatusQueued || !m.LeaseUntil.After(s.now())
			if free && !m.MaybeSent {
				claimed = true
				m.Status, m.ClaimedBy = invite.StatusClaimed, stopper
				return bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: invite.StatusClaimed}, {Key: "claimed_by", Value: stopper}, {Key: "lease_until", Value: s.now().Add(leaseForStop)}}}}
			}
			set := bson.D{{Key: "stop", Value: reason}}
			if m.Status == invite.StatusQueued {
				set = append(set, bson.E{Key: "not_before", Value: s.now()})
			}
			return bson.D{{Key: "$set", Value: set}}
		})
		if err != nil {
			return err
		}
		if ok && claimed {
			if err := s.Finish(ctx, &m, invite.StopResult(reason)); err != nil {
				return err
			}
		}
	}
	return nil
}

// repairIfStuck recounts a batch that says messages are pending when none
// of its messages is left in the outbox. That happens only when an
// instance died between recording a message's outcome and moving the
// counters (Finish), and the recount from the recorded messages is then
// exact: with nothing of the batch left to send, no other writer moves
// its outcome counters. (A status callback landing during the recount
// may be counted twice in the delivery breakdown; the recount runs once,
// after a crash.)
func (s *Store) repairIfStuck(ctx context.Context, b *invite.Batch) (*invite.Batch, error) {
	if !b.Enqueued || b.Pending() == 0 {
		return b, nil
	}
	err := s.db.Collection(outboxColl).FindOne(ctx, bson.D{{Key: "batch", Value: b.ID}}, options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Err()
	if err == nil || !errors.Is(err, mongo.ErrNoDocuments) {
		return b, dbError(err)
	}
	counts, err := s.RecountBatch(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	if _, err := s.updateBatch(ctx, b.ID, bson.D{{Key: "$set", Value: bson.D{{Key: "counts", Value: counts}}}}); err != nil {
		return nil, dbError(err)
	}
	b.Counts = counts
	return b, nil
}
