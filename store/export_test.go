package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"canvass/surveys"
)

// StoreUncounted does what a process killed between storing a response and
// counting it leaves behind: the journal entry and the response, no counts.
func (s *Store) StoreUncounted(ctx context.Context, r *surveys.Response) error {
	if _, err := s.journal(ctx, r); err != nil {
		return err
	}
	return s.insertResponse(ctx, r)
}

// JournalLen is how many entries the counting journal holds.
func (s *Store) JournalLen(ctx context.Context) (int64, error) {
	return s.db.Collection(journalColl).CountDocuments(ctx, bson.D{})
}

// CountTimeout is how long a response may take to store and count.
const CountTimeout = countTimeout

// SetTallyField overwrites one field of a counter document.
func (s *Store) SetTallyField(ctx context.Context, id, field string, v any) error {
	_, err := s.writer.Collection(talliesColl).UpdateOne(ctx, byID(id), bson.D{{Key: "$set", Value: bson.D{{Key: field, Value: v}}}})
	return err
}
