package sms

import "time"

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
