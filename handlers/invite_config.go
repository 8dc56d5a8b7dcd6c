package handlers

import (
	"context"

	"canvass/invite"
	"canvass/outreach"
	"canvass/phone"
	"canvass/sms"
	"canvass/surveys"
)

// ContactStore is what the contact pages and API read and change directly:
// imports, the list, deleting a number for good, and the surveys whose
// neighborhoods an import is checked against.
type ContactStore interface {
	Survey(ctx context.Context, slug string) (*surveys.Record, error)
	Surveys(ctx context.Context) ([]*surveys.Record, error)
	SaveContacts(ctx context.Context, contacts []*invite.Contact) (invite.ContactImport, error)
	EachContact(ctx context.Context, a invite.Audience, fn func(*invite.Contact) error) error
	DeleteContact(ctx context.Context, id string) error
	DeleteFollowupsOf(ctx context.Context, respondent string) error
}

// BatchStore is what the batch pages and API read and change directly;
// sending is outreach's.
type BatchStore interface {
	Batch(ctx context.Context, id string) (*invite.Batch, error)
	Batches(ctx context.Context, survey, kind string) ([]*invite.Batch, error)
	CancelBatch(ctx context.Context, id string) (*invite.Batch, error)
}

// InviteStore is both, in the one field every handler of the area reads.
type InviteStore interface {
	ContactStore
	BatchStore
}

// InviteConfig turns on contacts, invitations and results back.
type InviteConfig struct {
	Store InviteStore
	// Outreach plans and queues the invitations and results texts; its
	// Sender being empty (SMS off) lets organizers preview, not send.
	Outreach   *outreach.Service
	Pseudonyms *sms.Pseudonymizer
	Phones     *phone.Sealer
	// Region reads national phone numbers in imported files ("US").
	Region string
}

// Audited actions of this area besides auth.ActionContactsImport and
// auth.ActionInvitationsSend.
const (
	actionContactDelete = "contacts.delete"
	actionResultsSend   = "results_back.send"
	actionBatchCancel   = "invitations.cancel"
)
