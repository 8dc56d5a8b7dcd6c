package store

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// The optouts collection is canvass's own record of who revoked consent to
// be texted, keyed by pseudonym. Twilio blocks sends to numbers that texted
// STOP to a sender, but canvass must not even try: it checks this record
// before any reply or invitation. A record is kept when a resident opts
// back in (out: false), so the last word is always known.
const optOutsColl = "optouts"

type optOutDoc struct {
	ID  string `bson:"_id"`
	Out bool   `bson:"out"`
	// SID is the inbound message that set Out, so its redelivery gets the
	// same reply (a second STOP otherwise gets none).
	SID string `bson:"sid,omitempty"`
	// Language is the resident's language when they opted out or back in,
	// so what follows (START's confirmation, HELP) is in it: STOP ends the
	// conversations that knew it.
	Language  string    `bson:"language,omitempty"`
	UpdatedAt time.Time `bson:"updated_at"`
}

// SetOptOut records that the resident with this pseudonym opted out (out)
// or back in.
func (s *Store) SetOptOut(ctx context.Context, pseudonym string, out bool) error {
	return s.RecordOptOut(ctx, pseudonym, out, "", "")
}

// RecordOptOut is SetOptOut for an inbound message: it records which
// message set it, and the resident's language when known ("" keeps the
// one recorded), in the same write.
func (s *Store) RecordOptOut(ctx context.Context, pseudonym string, out bool, sid, lang string) error {
	c := s.writer.Collection(optOutsColl)
	set := bson.D{{Key: "out", Value: out}, {Key: "sid", Value: sid}, {Key: "updated_at", Value: s.now()}}
	if lang != "" {
		set = append(set, bson.E{Key: "language", Value: lang})
	}
	update := bson.D{{Key: "$set", Value: set}}
	_, err := c.UpdateOne(ctx, bson.D{{Key: "_id", Value: pseudonym}}, update, options.UpdateOne().SetUpsert(true))
	if mongo.IsDuplicateKeyError(err) {
		// Two upserts of a new _id at once on MongoDB: one inserts, the
		// other fails; now the document exists and the update applies.
		_, err = c.UpdateOne(ctx, bson.D{{Key: "_id", Value: pseudonym}}, update)
	}
	return dbError(err)
}

// IsOptedOut reports whether the resident with this pseudonym opted out
// and has not opted back in.
func (s *Store) IsOptedOut(ctx context.Context, pseudonym string) (bool, error) {
	out, _, _, err := s.OptOutState(ctx, pseudonym)
	return out, err
}

// OptOutState is IsOptedOut with the message that set the record and the
// resident's language recorded with it.
func (s *Store) OptOutState(ctx context.Context, pseudonym string) (out bool, sid, lang string, err error) {
	var doc optOutDoc
	err = s.findByID(ctx, optOutsColl, pseudonym, &doc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, "", "", nil
	}
	if err != nil {
		return false, "", "", dbError(err)
	}
	return doc.Out, doc.SID, doc.Language, nil
}
