package store

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"canvass/invite"
)

// A sender whose Twilio account is refused has a pause document beside
// its pacing one in sms_pacing, so that every instance's pages show the
// pause the sending worker found. The worker keeps the pause itself (when
// to probe again) in memory: a restarted process tries at once.
func pauseID(sender string) string { return "pause|" + sender }

// PauseSender records that Twilio refuses sender's account: the sender's
// unfinished batches read as paused. A pause already recorded keeps its
// start.
func (s *Store) PauseSender(ctx context.Context, sender string, p invite.Pause) error {
	update := bson.D{
		{Key: "$set", Value: bson.D{{Key: "code", Value: p.Code}, {Key: "problem", Value: p.Problem}}},
		{Key: "$setOnInsert", Value: bson.D{{Key: "since", Value: p.Since}}},
	}
	_, err := s.writer.Collection(pacingColl).UpdateOne(ctx, byID(pauseID(sender)), update, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return dbError(err)
	}
	s.batchChanged()
	return nil
}

// ResumeSender ends a sender's pause.
func (s *Store) ResumeSender(ctx context.Context, sender string) error {
	res, err := s.writer.Collection(pacingColl).DeleteOne(ctx, byID(pauseID(sender)))
	if err != nil {
		return dbError(err)
	}
	if res.DeletedCount > 0 {
		s.batchChanged()
	}
	return nil
}

// senderPause returns sender's pause, nil when it is not paused.
func (s *Store) senderPause(ctx context.Context, sender string) (*invite.Pause, error) {
	var p invite.Pause
	err := s.findByID(ctx, pacingColl, pauseID(sender), &p)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, nil
	}
	if err != nil {
		return nil, dbError(err)
	}
	return &p, nil
}

// withPauses sets Paused on the batches that still have messages to send
// and whose sender is paused, reading each sender's pause once.
func (s *Store) withPauses(ctx context.Context, bs ...*invite.Batch) error {
	pauses := map[string]*invite.Pause{}
	for _, b := range bs {
		if b.Pending() == 0 || b.Sender == "" {
			continue
		}
		p, read := pauses[b.Sender]
		if !read {
			var err error
			if p, err = s.senderPause(ctx, b.Sender); err != nil {
				return err
			}
			pauses[b.Sender] = p
		}
		b.Paused = p
	}
	return nil
}
