package store

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"canvass/invite"
	"canvass/surveys"
)

// The contacts collection holds residents who agreed to be texted, keyed by
// the pseudonym of their number (the one their responses and opt-outs
// carry). The number is stored sealed (phone.Sealer) for the sender alone;
// nothing else in canvass can read it back from the database.
const contactsColl = "contacts"

func contactIndexes() []index {
	return []index{{collection: contactsColl, keys: bson.D{{Key: "neighborhood", Value: 1}, {Key: "language", Value: 1}}, name: "neighborhood_language"}}
}

// insertChunk is how many documents one insertMany carries.
const insertChunk = 1000

// SaveContacts stores imported contacts. New numbers are inserted in bulk;
// a number already known gets the row's language and neighborhood, its
// consent becomes the current one if it is the latest, and every consent is
// kept. Rows that change nothing write nothing, so importing a file twice
// is cheap. Each contact must carry its sealed number and one consent.
func (s *Store) SaveContacts(ctx context.Context, contacts []*invite.Contact) (invite.ContactImport, error) {
	var res invite.ContactImport
	existing, err := s.existingContacts(ctx, contacts)
	if err != nil {
		return res, err
	}
	now := s.now()
	var fresh []any
	for _, c := range contacts {
		old, ok := existing[c.ID]
		if !ok {
			c.CreatedAt, c.UpdatedAt = now, now
			fresh = append(fresh, c)
			continue
		}
		changed, err := s.updateContact(ctx, old, c, now)
		if err != nil {
			return res, err
		}
		if changed {
			res.Updated++
		} else {
			res.Unchanged++
		}
	}
	for i := 0; i < len(fresh); i += insertChunk {
		chunk := fresh[i:min(i+insertChunk, len(fresh))]
		n, err := s.insertContacts(ctx, chunk, now)
		res.Created += n
		res.Updated += len(chunk) - n
		if err != nil {
			return res, err
		}
	}
	return res, nil
}

// existingContacts reads the stored contacts among those given, without
// their numbers. One pass over the collection: FerretDB would read the
// whole collection for every $in query anyway.
func (s *Store) existingContacts(ctx context.Context, contacts []*invite.Contact) (map[string]*invite.Contact, error) {
	want := make(map[string]bool, len(contacts))
	for _, c := range contacts {
		want[c.ID] = true
	}
	out := map[string]*invite.Contact{}
	opts := options.Find().SetProjection(bson.D{{Key: "phone", Value: 0}})
	err := s.eachContact(ctx, bson.D{}, opts, func(c *invite.Contact) error {
		if want[c.ID] {
			out[c.ID] = c
		}
		return nil
	})
	return out, err
}

// insertContacts inserts new contacts; one inserted meanwhile by another
// import is updated instead. It returns how many were inserted.
func (s *Store) insertContacts(ctx context.Context, chunk []any, now any) (int, error) {
	_, err := s.db.Collection(contactsColl).InsertMany(ctx, chunk, options.InsertMany().SetOrdered(false))
	if err == nil {
		return len(chunk), nil
	}
	var bwe mongo.BulkWriteException
	if !errors.As(err, &bwe) {
		return 0, dbError(err)
	}
	dup := 0
	for _, we := range bwe.WriteErrors {
		if !mongo.IsDuplicateKeyError(we) {
			return 0, dbError(err)
		}
		c := chunk[we.Index].(*invite.Contact)
		if _, err := s.updateContact(ctx, &invite.Contact{ID: c.ID}, c, c.UpdatedAt); err != nil {
			return 0, err
		}
		dup++
	}
	return len(chunk) - dup, nil
}

// updateContact applies an imported row to a stored contact and reports
// whether anything changed.
func (s *Store) updateContact(ctx context.Context, old, row *invite.Contact, now any) (bool, error) {
	set := bson.D{}
	if old.Language != row.Language {
		set = append(set, bson.E{Key: "language", Value: row.Language})
	}
	if old.Neighborhood != row.Neighborhood {
		set = append(set, bson.E{Key: "neighborhood", Value: row.Neighborhood})
	}
	if row.ConsentDate.After(old.ConsentDate) || (row.ConsentDate.Equal(old.ConsentDate) && row.ConsentSource != old.ConsentSource) {
		set = append(set, bson.E{Key: "consent_source", Value: row.ConsentSource}, bson.E{Key: "consent_date", Value: row.ConsentDate})
	}
	newConsents := len(invite.MergeConsents(old.Consents, row.Consents)) != len(old.Consents)
	if len(set) == 0 && !newConsents {
		return false, nil
	}
	set = append(set, bson.E{Key: "updated_at", Value: now})
	update := bson.D{{Key: "$set", Value: set}}
	if newConsents {
		update = append(update, bson.E{Key: "$addToSet", Value: bson.D{{Key: "consents", Value: bson.D{{Key: "$each", Value: row.Consents}}}}})
	}
	_, err := s.writer.Collection(contactsColl).UpdateOne(ctx, bson.D{{Key: "_id", Value: row.ID}}, update)
	return err == nil, dbError(err)
}

// Contact returns one contact, sealed number included.
func (s *Store) Contact(ctx context.Context, id string) (*invite.Contact, error) {
	var c invite.Contact
	err := s.findByID(ctx, contactsColl, id, &c)
	if err != nil {
		return nil, notFound(err, "contacts.not_found", nil)
	}
	return &c, nil
}

// EachContact streams the contacts an audience picks, sealed numbers
// included, one at a time so memory stays flat.
func (s *Store) EachContact(ctx context.Context, a invite.Audience, fn func(*invite.Contact) error) error {
	filter := bson.D{}
	if len(a.Neighborhoods) > 0 {
		filter = append(filter, bson.E{Key: "neighborhood", Value: bson.D{{Key: "$in", Value: a.Neighborhoods}}})
	}
	if len(a.Languages) > 0 {
		filter = append(filter, bson.E{Key: "language", Value: bson.D{{Key: "$in", Value: a.Languages}}})
	}
	return s.eachContact(ctx, filter, nil, fn)
}

func (s *Store) eachContact(ctx context.Context, filter bson.D, opts *options.FindOptionsBuilder, fn func(*invite.Contact) error) error {
	var cur *mongo.Cursor
	var err error
	if opts != nil {
		cur, err = s.db.Collection(contactsColl).Find(ctx, filter, opts)
	} else {
		cur, err = s.db.Collection(contactsColl).Find(ctx, filter)
	}
	if err != nil {
		return dbError(err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var c invite.Contact
		if err := cur.Decode(&c); err != nil {
			return dbError(err)
		}
		if err := fn(&c); err != nil {
			return err
		}
	}
	return dbError(cur.Err())
}

// DeleteContact deletes a contact for good, with every message still
// waiting for them in the outbox (their batches count those as canceled).
// Messages already sent keep only the pseudonym, like responses do.
func (s *Store) DeleteContact(ctx context.Context, id string) error {
	res, err := s.writer.Collection(contactsColl).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
	if err != nil {
		return dbError(err)
	}
	if err := s.dropRecipientMessages(ctx, id); err != nil {
		return err
	}
	if res.DeletedCount == 0 {
		return surveys.Errorf(surveys.ErrNotFound, "contacts.not_found", nil)
	}
	return nil
}
