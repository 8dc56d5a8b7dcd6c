package invite

import (
	"strings"
	"time"
)

// Message is one text waiting in the outbox. Its ID is "<batch>|<recipient
// pseudonym>", so enqueueing a batch twice enqueues each message once. It
// leaves the outbox when it reaches an outcome (see Sent).
type Message struct {
	ID           string `bson:"_id"`
	Batch        string `bson:"batch"`
	Recipient    string `bson:"recipient"`
	Phone        []byte `bson:"phone"` // sealed for Recipient
	Body         string `bson:"body"`
	Segments     int    `bson:"segments"`
	Language     string `bson:"language"`
	Neighborhood string `bson:"neighborhood,omitempty"`
	// Status is queued or claimed; a claim holds until LeaseUntil.
	Status     string    `bson:"status"`
	ClaimedBy  string    `bson:"claimed_by,omitempty"`
	LeaseUntil time.Time `bson:"lease_until"`
	NotBefore  time.Time `bson:"not_before"`
	Attempts   int       `bson:"attempts"`
	// MaybeSent is set just before the message is handed to Twilio and
	// stays set until its outcome is recorded: a message found claimed with
	// an expired lease and MaybeSent may have been accepted by Twilio, so
	// Twilio is asked before it is sent again.
	MaybeSent bool `bson:"maybe_sent"`
	// FirstSendAt is when the message was first handed to Twilio; Twilio's
	// message list is searched from then on.
	FirstSendAt time.Time `bson:"first_send_at,omitempty"`
	LastError   string    `bson:"last_error,omitempty"`
	// Stop, when set, says the message must not be sent any more: its batch
	// was canceled (OutcomeCanceled) or its recipient deleted
	// (ReasonDeleted) while it was claimed or may already be at Twilio.
	Stop      string    `bson:"stop,omitempty"`
	CreatedAt time.Time `bson:"created_at"`
	Rev       int64     `bson:"rev"`
}

// Outbox statuses.
const (
	StatusQueued  = "queued"
	StatusClaimed = "claimed"
)

// MessageID is the outbox ID of a batch's message to a recipient.
func MessageID(batch, recipient string) string { return batch + "|" + recipient }

// BatchOf returns the batch part of a message ID.
func BatchOf(messageID string) string {
	b, _, _ := strings.Cut(messageID, "|")
	return b
}

// Outcomes of a message: it leaves the outbox with one of them.
const (
	// OutcomeAccepted: Twilio accepted it and gave it a SID. Delivery
	// status then comes from status callbacks.
	OutcomeAccepted = "accepted"
	// OutcomeFailed: Twilio refused it (invalid number, opted out at
	// Twilio, ...) or it could not be sent after every retry.
	OutcomeFailed = "failed"
	// OutcomeSkipped: canvass did not send it: the resident opted out or
	// was deleted after the batch was queued.
	OutcomeSkipped = "skipped"
	// OutcomeCanceled: an organizer canceled the batch before it went.
	OutcomeCanceled = "canceled"
)

// Sent is a message that left the outbox: its outcome and, once Twilio
// accepted it, its SID and latest delivery status. It holds no number.
type Sent struct {
	ID           string    `bson:"_id" json:"id"`
	Batch        string    `bson:"batch" json:"batch"`
	Recipient    string    `bson:"recipient" json:"recipient"`
	Language     string    `bson:"language" json:"language"`
	Neighborhood string    `bson:"neighborhood,omitempty" json:"neighborhood,omitempty"`
	Segments     int       `bson:"segments" json:"segments"`
	Outcome      string    `bson:"outcome" json:"outcome"`
	SID          string    `bson:"sid,omitempty" json:"sid,omitempty"`
	ErrorCode    string    `bson:"error_code,omitempty" json:"error_code,omitempty"`
	Reason       string    `bson:"reason,omitempty" json:"reason,omitempty"`
	Delivery     string    `bson:"delivery,omitempty" json:"delivery,omitempty"`
	Attempts     int       `bson:"attempts" json:"attempts"`
	CreatedAt    time.Time `bson:"created_at" json:"created_at"`
	UpdatedAt    time.Time `bson:"updated_at" json:"updated_at"`
	Rev          int64     `bson:"rev" json:"-"`
}

// Reasons a message was skipped or failed without a Twilio error code.
const (
	ReasonOptedOut = "opted_out"
	ReasonDeleted  = "deleted"
	ReasonGaveUp   = "gave_up"
	ReasonUnseal   = "unseal"
)

// Result is how a message left the outbox.
type Result struct {
	Outcome   string // Outcome*
	SID       string // Twilio's, for accepted messages
	ErrorCode string // Twilio's error code, for refused ones
	Reason    string // Reason*, when there is no error code
}

// Retry is how a message a worker could not send now goes back to the
// outbox.
type Retry struct {
	// NotBefore is when it is due again.
	NotBefore time.Time
	// Reason is why it could not go (stored as its LastError and shown on
	// its batch): never a phone number. Empty leaves both as they are.
	Reason string
	// NotSent says no attempt ever reached Twilio, so it need not be
	// looked for in Twilio's log before it is sent.
	NotSent bool
	// Uncounted gives the attempt back: the failure was not the message's
	// (Twilio refused the account), and must not bring it nearer to
	// giving up.
	Uncounted bool
}

// StopResult is the result of a message stopped for a reason (a Stop
// value): canceled with its batch, or skipped.
func StopResult(reason string) Result {
	if reason == OutcomeCanceled {
		return Result{Outcome: OutcomeCanceled}
	}
	return Result{Outcome: OutcomeSkipped, Reason: reason}
}
