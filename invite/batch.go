package invite

import "time"

// Batch is one send an organizer started: an invitation to a survey, or a
// survey's results back to its respondents. Its counters move as messages
// reach their outcome and as Twilio reports delivery.
type Batch struct {
	ID        string    `json:"id" bson:"_id"`
	Kind      string    `json:"kind" bson:"kind"`
	Survey    string    `json:"survey" bson:"survey"`
	Audience  Audience  `json:"audience" bson:"audience"`
	Sender    string    `json:"-" bson:"sender"`
	CreatedBy string    `json:"created_by" bson:"created_by"`
	CreatedAt time.Time `json:"created_at" bson:"created_at"`
	// Enqueued becomes true when every message is in the outbox; until
	// then Total may still grow.
	Enqueued bool `json:"enqueued" bson:"enqueued"`
	Canceled bool `json:"canceled" bson:"canceled"`
	// Total is the number of messages enqueued.
	Total int `json:"total" bson:"total"`
	// Excluded counts contacts left out when the batch was enqueued, by
	// reason (opted_out).
	Excluded map[string]int `json:"excluded" bson:"excluded"`
	// Estimate is what the organizer was shown and confirmed.
	Estimate Estimate    `json:"estimate" bson:"estimate"`
	Counts   BatchCounts `json:"counts" bson:"counts"`
}

// BatchCounts are a batch's outcomes, and the latest delivery status of
// the messages Twilio accepted.
type BatchCounts struct {
	Accepted int `json:"accepted" bson:"accepted"`
	Failed   int `json:"failed" bson:"failed"`
	Skipped  int `json:"skipped" bson:"skipped"`
	Canceled int `json:"canceled" bson:"canceled"`
	// Segments counts the segments of accepted messages: the bill.
	Segments int `json:"segments" bson:"segments"`
	// Delivery counts accepted messages by their latest Twilio status
	// (accepted, queued, sent, delivered, undelivered, failed, ...).
	Delivery map[string]int `json:"delivery" bson:"delivery"`
}

// Pending is how many messages have no outcome yet.
func (b *Batch) Pending() int {
	n := b.Total - b.Counts.Accepted - b.Counts.Failed - b.Counts.Skipped - b.Counts.Canceled
	if n < 0 {
		return 0
	}
	return n
}

// State summarizes where a batch is: enqueuing, sending, done, canceled.
func (b *Batch) State() string {
	switch {
	case !b.Enqueued:
		return "enqueuing"
	case b.Pending() > 0 && b.Canceled:
		return "canceling"
	case b.Pending() > 0:
		return "sending"
	case b.Canceled:
		return "canceled"
	}
	return "done"
}
