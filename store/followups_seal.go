package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// SealPhonesWith gives the store the sealer of follow-up numbers and seals
// every number an older canvass kept in the clear (a string where a sealed
// one is binary). Run it at start, before the store serves: it is safe to
// run at every start, and on several instances at once, since a number
// seals for its own respondent only (the pseudonym is made from it), so
// any of the seals is right. It returns how many it sealed.
func (s *Store) SealPhonesWith(ctx context.Context, p PhoneSealer) (int, error) {
	s.phones = p
	opts := options.Find().SetProjection(bson.D{{Key: "respondent", Value: 1}, {Key: "phone", Value: 1}})
	cur, err := s.db.Collection(followupsColl).Find(ctx, bson.D{}, opts)
	if err != nil {
		return 0, dbError(err)
	}
	type clear struct{ id, respondent, phone string }
	var todo []clear
	for cur.Next(ctx) {
		raw := cur.Current
		num, ok := raw.Lookup("phone").StringValueOK()
		if !ok {
			continue
		}
		id, _ := raw.Lookup("_id").StringValueOK()
		who, _ := raw.Lookup("respondent").StringValueOK()
		todo = append(todo, clear{id, who, num})
	}
	err = cur.Err()
	cur.Close(ctx)
	if err != nil {
		return 0, dbError(err)
	}
	// One update per document by exactly {_id}, the one filter the
	// embedded database does not answer by reading the whole collection.
	for i, c := range todo {
		_, err := s.writer.Collection(followupsColl).UpdateOne(ctx, bson.D{{Key: "_id", Value: c.id}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "phone", Value: p.Seal(c.phone, c.respondent)}}}})
		if err != nil {
			return i, dbError(err)
		}
	}
	return len(todo), nil
}
