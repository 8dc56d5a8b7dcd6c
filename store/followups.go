package store

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"canvass/invite"
	"canvass/surveys"
)

// The followups collection holds SMS respondents who asked for their
// neighborhood's results by text, keyed "<slug>|<pseudonym>". Besides
// contacts it is the only place a phone number is kept, and like theirs it
// is kept sealed (phone.Sealer) for the sender alone: a response never
// carries one. An opt-out deletes the resident's follow-ups.
const followupsColl = "followups"

func followupIndexes() []index {
	return []index{
		{collection: followupsColl, keys: bson.D{{Key: "survey", Value: 1}}, name: "survey"},
		{collection: followupsColl, keys: bson.D{{Key: "respondent", Value: 1}}, name: "respondent"},
	}
}

var (
	errNoSealer = errors.New("store: a follow-up number cannot be kept: no phone sealer (SealPhonesWith was not called)")
	errNoNumber = errors.New("store: a follow-up without a number")
)

// PhoneSealer seals a phone number for its owner's pseudonym
// (phone.Sealer); only the outbox opens it, to send.
type PhoneSealer interface {
	Seal(e164, owner string) []byte
}

// SaveFollowup stores a consent, replacing an earlier one for the same
// survey and resident (their language or neighborhood may have changed).
// It seals Phone first; without a sealer (SealPhonesWith) it refuses
// rather than keep the number in the clear.
func (s *Store) SaveFollowup(ctx context.Context, f *invite.Followup) error {
	if f.Phone != "" {
		if s.phones == nil {
			return surveys.Wrap(surveys.ErrInternal, "error.internal", errNoSealer)
		}
		f.SealedPhone = s.phones.Seal(f.Phone, f.Respondent)
	}
	if len(f.SealedPhone) == 0 {
		return surveys.Wrap(surveys.ErrInternal, "error.internal", errNoNumber)
	}
	if f.CreatedAt.IsZero() {
		f.CreatedAt = s.now()
	}
	_, err := s.writer.Collection(followupsColl).ReplaceOne(ctx, bson.D{{Key: "_id", Value: f.ID}}, f, options.Replace().SetUpsert(true))
	return dbError(err)
}

// Followups streams a survey's follow-ups, one decoded document at a time,
// their numbers sealed.
func (s *Store) Followups(ctx context.Context, slug string, fn func(*invite.Followup) error) error {
	cur, err := s.db.Collection(followupsColl).Find(ctx, bson.D{{Key: "survey", Value: slug}})
	if err != nil {
		return dbError(err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var f invite.Followup
		if err := cur.Decode(&f); err != nil {
			return dbError(err)
		}
		if err := fn(&f); err != nil {
			return err
		}
	}
	return dbError(cur.Err())
}

// DeleteFollowupsOf deletes every follow-up of a resident, with their
// number: after an opt-out canvass has no reason to keep it.
func (s *Store) DeleteFollowupsOf(ctx context.Context, respondent string) error {
	_, err := s.writer.Collection(followupsColl).DeleteMany(ctx, bson.D{{Key: "respondent", Value: respondent}})
	return dbError(err)
}
