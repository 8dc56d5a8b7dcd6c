package handlers

import (
	"context"

	"canvass/invite"
	"canvass/phone"
	"canvass/sms"
	"canvass/store"
	"canvass/surveys"
)

// InviteStore is what contacts, invitations and results back need of the
// database.
type InviteStore interface {
	Survey(ctx context.Context, slug string) (*surveys.Record, error)
	Surveys(ctx context.Context) ([]*surveys.Record, error)
	PublishedTallies(ctx context.Context, rec *surveys.Record, view surveys.View) (*surveys.ViewTallies, error)

	SaveContacts(ctx context.Context, contacts []*invite.Contact) (store.ContactImport, error)
	EachContact(ctx context.Context, a invite.Audience, fn func(*invite.Contact) error) error
	DeleteContact(ctx context.Context, id string) error
	IsOptedOut(ctx context.Context, pseudonym string) (bool, error)
	Followups(ctx context.Context, slug string, fn func(*store.Followup) error) error
	DeleteFollowupsOf(ctx context.Context, respondent string) error

	CreateBatch(ctx context.Context, b *invite.Batch) (*invite.Batch, bool, error)
	EnqueueMessages(ctx context.Context, msgs []*invite.Message) (int, error)
	BatchEnqueued(ctx context.Context, id string, total int, excluded map[string]int) error
	Batch(ctx context.Context, id string) (*invite.Batch, error)
	Batches(ctx context.Context, survey, kind string) ([]*invite.Batch, error)
	CancelBatch(ctx context.Context, id string) (*invite.Batch, error)
}

// InviteConfig turns on contacts, invitations and results back.
type InviteConfig struct {
	Store      InviteStore
	Pseudonyms *sms.Pseudonymizer
	Phones     *phone.Sealer
	// Region reads national phone numbers in imported files ("US").
	Region string
	// Sender is the Twilio sender (TWILIO_FROM); empty means SMS is off:
	// contacts can be managed and costs previewed, nothing sent.
	Sender string
	// Wake tells the outbox worker new messages are waiting.
	Wake func()
	// SegmentPrice, when set, turns segment estimates into money.
	SegmentPrice float64
	Currency     string
}

// Audited actions of this area besides auth.ActionContactsImport and
// auth.ActionInvitationsSend.
const (
	actionContactDelete = "contacts.delete"
	actionResultsSend   = "results_back.send"
	actionBatchCancel   = "invitations.cancel"
)
