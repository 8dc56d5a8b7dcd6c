package store

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// The sms_deliveries collection keeps the latest delivery status of each
// outbound message, keyed by Twilio's MessageSid, from the status
// callbacks Twilio posts to /sms/twilio/status.
const deliveriesColl = "sms_deliveries"

func deliveryIndexes() []index {
	return []index{{collection: deliveriesColl, keys: bson.D{{Key: "ref", Value: 1}}, name: "ref"}}
}

// Delivery is what canvass knows of one outbound message's delivery.
type Delivery struct {
	SID    string `json:"sid" bson:"_id"`
	Status string `json:"status" bson:"status"`
	// Rank orders statuses along a message's life; see DeliveryRank.
	Rank      int    `json:"-" bson:"rank"`
	ErrorCode string `json:"error_code,omitempty" bson:"error_code,omitempty"`
	// Ref is the sender's own id for the message (the callback URL's
	// "ref" parameter), linking the status to an outbox entry.
	Ref       string    `json:"ref,omitempty" bson:"ref,omitempty"`
	UpdatedAt time.Time `json:"updated_at" bson:"updated_at"`
}

// DeliveryRank orders Twilio's message statuses along a message's life.
// Callbacks can arrive out of order (a late "sent" after "delivered"), so a
// status only replaces one of lower rank. Final statuses share a rank: the
// first one to arrive stays. An unknown status ranks 0 and replaces nothing.
func DeliveryRank(status string) int {
	switch status {
	case "accepted", "scheduled":
		return 1
	case "queued":
		return 2
	case "sending":
		return 3
	case "sent":
		return 4
	case "delivered", "undelivered", "failed", "canceled":
		return 5
	case "read":
		return 6
	}
	return 0
}

// RecordDelivery records a status callback. A status never goes back: a
// callback ranking no higher than the one recorded changes nothing, and
// applied is false. The update is conditional on the rank, and a new
// message is inserted, so two callbacks racing cannot regress it either.
func (s *Store) RecordDelivery(ctx context.Context, d Delivery) (applied bool, err error) {
	if d.Ref != "" {
		// The outbox's record of its message and the batch's delivery
		// counters (outbox_sent.go); idempotent like the rest.
		if err := s.ApplyDelivery(ctx, d.Ref, d.SID, d.Status, d.ErrorCode); err != nil {
			return false, err
		}
	}
	d.Rank = DeliveryRank(d.Status)
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
func (s *Store) Delivery(ctx context.Context, sid string) (*Delivery, error) {
	var d Delivery
	err := s.findByID(ctx, deliveriesColl, sid, &d)
	if err != nil {
		return nil, notFound(err, "sms.delivery_not_found", nil)
	}
	return &d, nil
}
