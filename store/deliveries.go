package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"canvass/sms"
)

// The sms_deliveries collection keeps the latest delivery status of each
// outbound message, keyed by Twilio's MessageSid, from the status
// callbacks Twilio posts to /sms/twilio/status.
const deliveriesColl = "sms_deliveries"

func deliveryIndexes() []index {
	return []index{{collection: deliveriesColl, keys: bson.D{{Key: "ref", Value: 1}}, name: "ref"}}
}

// RecordDelivery records a status callback. A status never goes back: a
// callback ranking no higher than the one recorded changes nothing, and
// applied is false. The update is conditional on the rank, and a new
// message is inserted, so two callbacks racing cannot regress it either.
func (s *Store) RecordDelivery(ctx context.Context, d sms.Delivery) (applied bool, err error) {
	if d.Ref != "" {
		// The outbox's record of its message and the batch's delivery
		// counters (outbox_sent.go); idempotent like the rest.
		if err := s.ApplyDelivery(ctx, d.Ref, d.SID, d.Status, d.ErrorCode); err != nil {
			return false, err
		}
	}
	d.Rank = sms.DeliveryRank(d.Status)
	d.UpdatedAt = s.now()
	c := s.writer.Collection(deliveriesColl)
	set := bson.D{{Key: "status", Value: d.Status}, {Key: "rank", Value: d.Rank}, {Key: "updated_at", Value: d.UpdatedAt}}
	if d.ErrorCode != "" {
		set = append(set, bson.E{Key: "error_code", Value: d.ErrorCode})
	}
	if d.Ref != "" {
		set = append(set, bson.E{Key: "ref", Value: d.Ref})
	}
	update := func() (bool, error) {
		res, err := c.UpdateOne(ctx, bson.D{{Key: "_id", Value: d.SID}, {Key: "rank", Value: bson.D{{Key: "$lt", Value: d.Rank}}}},
			bson.D{{Key: "$set", Value: set}})
		if err != nil {
			return false, dbError(err)
		}
		return res.MatchedCount == 1, nil
	}
	if ok, err := update(); ok || err != nil {
		return ok, err
	}
	_, err = c.InsertOne(ctx, d)
	if err == nil {
		return true, nil
	}
	if !mongo.IsDuplicateKeyError(err) {
		return false, dbError(err)
	}
	// It exists: either at a rank as high (nothing to do) or inserted just
	// now by a racing callback of lower rank, which the update overtakes.
	return update()
}

// Delivery returns the recorded delivery of one message.
func (s *Store) Delivery(ctx context.Context, sid string) (*sms.Delivery, error) {
	var d sms.Delivery
	err := s.findByID(ctx, deliveriesColl, sid, &d)
	if err != nil {
		return nil, notFound(err, "sms.delivery_not_found", nil)
	}
	return &d, nil
}
