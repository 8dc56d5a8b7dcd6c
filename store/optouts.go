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
	if err != nil {
		s.optOuts.forget(pseudonym)
		return dbError(err)
	}
	if lang == "" {
		// The language recorded before stays: the memo knows it only if
		// it knows the record.
		prev, ok, _ := s.optOuts.get(pseudonym)
		if !ok {
			s.optOuts.forget(pseudonym)
			return nil
		}
		lang = prev.Language
	}
	s.optOuts.wrote(pseudonym, optOutDoc{ID: pseudonym, Out: out, SID: sid, Language: lang})
	return nil
}

// IsOptedOut reports whether the resident with this pseudonym opted out
// and has not opted back in.
func (s *Store) IsOptedOut(ctx context.Context, pseudonym string) (bool, error) {
	out, _, _, err := s.OptOutState(ctx, pseudonym)
	return out, err
}

// OptOutState is IsOptedOut with the message that set the record and the
// resident's language recorded with it.
// Every text and every invitation asks, so the serving process of the
// embedded database answers from its memo once it has read a record.
func (s *Store) OptOutState(ctx context.Context, pseudonym string) (out bool, sid, lang string, err error) {
	doc, ok, gen := s.optOuts.get(pseudonym)
	if ok {
		return doc.Out, doc.SID, doc.Language, nil
	}
	err = s.findByID(ctx, optOutsColl, pseudonym, &doc)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return false, "", "", dbError(err)
	}
	s.optOuts.remember(pseudonym, doc, gen) // none yet: not opted out
	return doc.Out, doc.SID, doc.Language, nil
}
