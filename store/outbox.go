package store

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"canvass/invite"
)

// The outbox holds the texts still to send, one document per message; a
// message leaves it for sms_messages (outbox_sent.go) once it has an
// outcome. Keeping only pending messages here keeps the collection small,
// which is what makes finding due messages cheap on FerretDB (it reads a
// collection in storage order until it has enough matches).
//
// A worker claims a message for a lease; a worker that dies leaves the
// lease to expire and another claims the message again. See invite.Message
// for how a message that may already be at Twilio is told apart.
const outboxColl = "outbox"

func outboxIndexes() []index {
	return []index{
		{collection: outboxColl, keys: bson.D{{Key: "status", Value: 1}, {Key: "not_before", Value: 1}}, name: "due"},
		{collection: outboxColl, keys: bson.D{{Key: "status", Value: 1}, {Key: "lease_until", Value: 1}}, name: "lease"},
		{collection: outboxColl, keys: bson.D{{Key: "recipient", Value: 1}}, name: "recipient"},
		{collection: outboxColl, keys: bson.D{{Key: "batch", Value: 1}}, name: "batch"},
	}
}

// EnqueueMessages adds messages to the outbox, due at once. A message whose
// ID is already there is left as it is, so enqueueing is idempotent. It
// returns how many were added.
func (s *Store) EnqueueMessages(ctx context.Context, msgs []*invite.Message) (int, error) {
	now := s.now()
	docs := make([]any, len(msgs))
	for i, m := range msgs {
		m.Status, m.Rev, m.CreatedAt = invite.StatusQueued, 0, now
		if m.NotBefore.IsZero() {
			m.NotBefore = now
		}
		docs[i] = m
	}
	added := 0
	for i := 0; i < len(docs); i += insertChunk {
		chunk := docs[i:min(i+insertChunk, len(docs))]
		_, err := s.db.Collection(outboxColl).InsertMany(ctx, chunk, options.InsertMany().SetOrdered(false))
		n, err := insertedDespiteDuplicates(len(chunk), err)
		added += n
		if err != nil {
			return added, err
		}
	}
	return added, nil
}

// insertedDespiteDuplicates counts an unordered insertMany's inserts when
// the only failures are duplicate keys (documents already there).
func insertedDespiteDuplicates(n int, err error) (int, error) {
	if err == nil {
		return n, nil
	}
	var bwe mongo.BulkWriteException
	if !errors.As(err, &bwe) {
		return 0, dbError(err)
	}
	for _, we := range bwe.WriteErrors {
		if !mongo.IsDuplicateKeyError(we) {
			return 0, dbError(err)
		}
	}
	return n - len(bwe.WriteErrors), nil
}

// dueFilter matches messages a worker may claim now.
func dueFilter(now time.Time) bson.D {
	return bson.D{{Key: "$or", Value: bson.A{
		bson.D{{Key: "status", Value: invite.StatusQueued}, {Key: "not_before", Value: bson.D{{Key: "$lte", Value: now}}}},
		bson.D{{Key: "status", Value: invite.StatusClaimed}, {Key: "lease_until", Value: bson.D{{Key: "$lte", Value: now}}}},
	}}}
}

// isDue is dueFilter in Go, for the decision casByID makes.
func isDue(m *invite.Message, now time.Time) bool {
	switch m.Status {
	case invite.StatusQueued:
		return !m.NotBefore.After(now)
	case invite.StatusClaimed:
		return !m.LeaseUntil.After(now)
	}
	return false
}

// claimCandidates is how many due messages one look at the outbox returns.
// Workers try them in random order, so several workers (and instances)
// rarely race for the same one.
const claimCandidates = 32

// ClaimNext claims a due message for worker until the lease runs out and
// returns it with its claim; ok is false when nothing is due. A message
// whose outcome is already recorded (an instance died between recording it
// and removing it from the outbox) is removed, never returned.
func (s *Store) ClaimNext(ctx context.Context, worker string, lease time.Duration) (m *invite.Message, ok bool, err error) {
	opts := options.Find().SetLimit(claimCandidates).SetProjection(bson.D{{Key: "_id", Value: 1}})
	cur, err := s.db.Collection(outboxColl).Find(ctx, dueFilter(s.now()), opts)
	if err != nil {
		return nil, false, dbError(err)
	}
	var ids []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &ids); err != nil {
		return nil, false, dbError(err)
	}
	rand.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	for _, c := range ids {
		m, ok, err := s.claim(ctx, c.ID, worker, lease)
		if err != nil || !ok {
			if err != nil {
				return nil, false, err
			}
			continue
		}
		done, err := s.alreadySent(ctx, m.ID)
		if err != nil {
			return nil, false, err
		}
		if done {
			if err := s.removeFromOutbox(ctx, m.ID); err != nil {
				return nil, false, err
			}
			continue
		}
		return m, true, nil
	}
	return nil, false, nil
}

// removeFromOutbox deletes a message whose outcome is recorded. With it
// may go the last of a batch whose counters a dead instance left short,
// which reading the batch then recounts (repairIfStuck): its waiters are
// woken as for a write of the batch.
func (s *Store) removeFromOutbox(ctx context.Context, id string) error {
	if _, err := s.writer.Collection(outboxColl).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
		return dbError(err)
	}
	s.batchChanged()
	return nil
}

// claim takes one message if it is still due.
func (s *Store) claim(ctx context.Context, id, worker string, lease time.Duration) (*invite.Message, bool, error) {
	var got invite.Message
	ok, err := s.casByID(ctx, outboxColl, id, func(raw bson.Raw) bson.D {
		got = invite.Message{}
		if raw == nil || bson.Unmarshal(raw, &got) != nil {
			return nil
		}
		now := s.now()
		if !isDue(&got, now) {
			return nil
		}
		got.Status, got.ClaimedBy, got.LeaseUntil = invite.StatusClaimed, worker, now.Add(lease)
		got.Attempts++
		return bson.D{
			{Key: "$set", Value: bson.D{{Key: "status", Value: got.Status}, {Key: "claimed_by", Value: worker}, {Key: "lease_until", Value: got.LeaseUntil}}},
			{Key: "$inc", Value: bson.D{{Key: "attempts", Value: 1}}},
		}
	})
	return &got, ok, err
}

// holds reports whether m is still claimed by worker under the claim m
// was returned with.
func holds(raw bson.Raw, m *invite.Message, worker string) (*invite.Message, bool) {
	var cur invite.Message
	if raw == nil || bson.Unmarshal(raw, &cur) != nil {
		return nil, false
	}
	return &cur, cur.Status == invite.StatusClaimed && cur.ClaimedBy == worker && cur.Attempts == m.Attempts
}

// MarkSending records, just before the message goes to Twilio, that it may
// be sent from now on, and extends the claim to cover the call. When it
// returns ok false the message must not be sent: the claim was lost, or
// stop says why the message must stop (canceled, recipient deleted).
func (s *Store) MarkSending(ctx context.Context, m *invite.Message, worker string, lease time.Duration) (stop string, ok bool, err error) {
	now := s.now()
	ok, err = s.casByID(ctx, outboxColl, m.ID, func(raw bson.Raw) bson.D {
		cur, mine := holds(raw, m, worker)
		if !mine {
			return nil
		}
		if cur.Stop != "" {
			stop = cur.Stop
			return nil
		}
		set := bson.D{{Key: "maybe_sent", Value: true}, {Key: "lease_until", Value: now.Add(lease)}}
		if cur.FirstSendAt.IsZero() {
			set = append(set, bson.E{Key: "first_send_at", Value: now})
			m.FirstSendAt = now
		}
		m.MaybeSent = true
		return bson.D{{Key: "$set", Value: set}}
	})
	return stop, ok, err
}

// Release gives a claimed message back to the outbox, due again at
// r.NotBefore. MaybeSent stays as it is, so a message that may have
// reached Twilio is looked for there first, unless r.NotSent says that no
// attempt ever reached Twilio. A reason is kept with the message, and on
// its batch, which then shows that it is waiting for Twilio.
func (s *Store) Release(ctx context.Context, m *invite.Message, worker string, r invite.Retry) error {
	now := s.now()
	ok, err := s.casByID(ctx, outboxColl, m.ID, func(raw bson.Raw) bson.D {
		cur, ok := holds(raw, m, worker)
		if !ok {
			return nil
		}
		notBefore := r.NotBefore
		if cur.Stop != "" && (r.NotSent || !cur.MaybeSent) {
			// Stopped while its worker tried it, and surely not at
			// Twilio: the next claim finishes it, so why wait.
			notBefore = now
		}
		set := bson.D{{Key: "status", Value: invite.StatusQueued}, {Key: "not_before", Value: notBefore}}
		if r.Reason != "" {
			set = append(set, bson.E{Key: "last_error", Value: r.Reason})
		}
		if r.NotSent {
			set = append(set, bson.E{Key: "maybe_sent", Value: false})
		}
		update := bson.D{{Key: "$set", Value: set}, {Key: "$unset", Value: bson.D{{Key: "claimed_by", Value: ""}}}}
		if r.Uncounted {
			update = append(update, bson.E{Key: "$inc", Value: bson.D{{Key: "attempts", Value: -1}}})
		}
		return update
	})
	if err != nil || !ok || r.Reason == "" {
		return err
	}
	// $min keeps the first failure's time until an answer clears it
	// (countOutcome).
	_, err = s.updateBatch(ctx, m.Batch, bson.D{
		{Key: "$set", Value: bson.D{{Key: "waiting.reason", Value: r.Reason}}},
		{Key: "$min", Value: bson.D{{Key: "waiting.since", Value: now}}},
	})
	return dbError(err)
}

// HasDue reports whether a message is due: a worker books a send slot
// only then.
func (s *Store) HasDue(ctx context.Context) (bool, error) {
	opts := options.Find().SetLimit(1).SetProjection(bson.D{{Key: "_id", Value: 1}})
	cur, err := s.db.Collection(outboxColl).Find(ctx, dueFilter(s.now()), opts)
	if err != nil {
		return false, dbError(err)
	}
	defer cur.Close(ctx)
	return cur.Next(ctx), dbError(cur.Err())
}
