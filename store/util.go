package store

import (
	"context"
	"strconv"

	"go.mongodb.org/mongo-driver/v2/bson"
)

func itoa(n int) string { return strconv.Itoa(n) }

// byID is the one filter FerretDB pushes down to SQLite (and that the
// embedded database's _id index serves): exactly {_id: id}.
func byID(id any) bson.D { return bson.D{{Key: "_id", Value: id}} }

// findByID decodes the document of coll with the given _id into out. The
// caller maps mongo.ErrNoDocuments to its own not-found message.
func (s *Store) findByID(ctx context.Context, coll string, id, out any) error {
	return s.db.Collection(coll).FindOne(ctx, byID(id)).Decode(out)
}
