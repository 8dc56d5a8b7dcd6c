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
	// Waiting is set while its messages go back to the outbox without an
	// answer from Twilio (unreachable, a timeout, a server error); the
	// next answer Twilio gives about one of them clears it.
	Waiting *Waiting `json:"waiting,omitempty" bson:"waiting,omitempty"`
	// Paused is set, when the batch is read, while Twilio refuses the
	// account of the batch's sender: nothing is sent until it works again.
	// It is the sender's, not stored with the batch.
	Paused *Pause `json:"paused,omitempty" bson:"-"`
}

// Waiting is why a batch's messages are waiting for Twilio.
type Waiting struct {
	// Since is the first failure since Twilio last answered.
	Since time.Time `json:"since" bson:"since"`
	// Reason is the latest failure, as stored with its message: never a
	// phone number.
	Reason string `json:"reason" bson:"reason"`
}

// Pause is a sender whose Twilio account is refused: every send would
// fail the same way, so none is tried but a probe now and then.
type Pause struct {
	Since time.Time `json:"since" bson:"since"`
	// Code is Twilio's error code (or twilio-go's, for credentials it
	// refuses locally).
	Code int `json:"code" bson:"code"`
	// Problem is sms.AccountCredentials or sms.AccountInactive: what the
	// operator has to fix.
	Problem string `json:"problem" bson:"problem"`
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

// Batch states, as State gives them.
const (
	StateEnqueuing = "enqueuing"
	StateSending   = "sending"
	StatePaused    = "paused"
	StateWaiting   = "waiting"
	StateCanceling = "canceling"
	StateCanceled  = "canceled"
	StateDone      = "done"
)

// State summarizes where a batch is: enqueuing, sending (or paused, or
// waiting for Twilio), canceling, and at last done or canceled.
func (b *Batch) State() string {
	switch {
	case !b.Enqueued:
		return StateEnqueuing
	case b.Pending() > 0 && b.Canceled:
		return StateCanceling
	case b.Pending() > 0 && b.Paused != nil:
		return StatePaused
	case b.Pending() > 0 && b.Waiting != nil:
		return StateWaiting
	case b.Pending() > 0:
		return StateSending
	case b.Canceled:
		return StateCanceled
	}
	return StateDone
}

// Finished reports whether the batch has reached its final state: every
// message has its outcome.
func (b *Batch) Finished() bool {
	s := b.State()
	return s == StateDone || s == StateCanceled
}
