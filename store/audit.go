package store

import (
	"context"
	"regexp"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"canvass/auth"
	"canvass/ids"
)

// The audit collection is append-only: one insert per organizer, staff or
// admin action. _id starts with the time, so sorting on _id is sorting by
// time, and continuing a listing is "_id less than the last one shown".
const auditColl = "audit"

// auditPageMax bounds one listing.
const auditPageMax = 500

func auditIndexes() []index {
	return []index{
		{collection: auditColl, keys: bson.D{{Key: "actor_email", Value: 1}, {Key: "_id", Value: -1}}, name: "actor"},
		{collection: auditColl, keys: bson.D{{Key: "target", Value: 1}, {Key: "_id", Value: -1}}, name: "target"},
	}
}

// AppendAudit stores one audit entry, filling its ID and time.
func (s *Store) AppendAudit(ctx context.Context, e *auth.AuditEntry) error {
	if e.At.IsZero() {
		e.At = s.now()
	}
	if e.ID == "" {
		// Fixed-width UTC time sorts as text in time order; the random
		// tail keeps two entries of one nanosecond apart.
		e.ID = e.At.UTC().Format("20060102T150405.000000000Z") + "-" + ids.Hex(4)
	}
	_, err := s.db.Collection(auditColl).InsertOne(ctx, e)
	return dbError(err)
}

// Audit returns the entries f selects, newest first, at most f.Limit (or
// auditPageMax). On the embedded database every listing reads the whole
// collection; docs/benchmarks.md has the figures.
func (s *Store) Audit(ctx context.Context, f auth.AuditFilter) ([]*auth.AuditEntry, error) {
	limit := f.Limit
	if limit <= 0 || limit > auditPageMax {
		limit = auditPageMax
	}
	filter := bson.D{}
	if f.ActorEmail != "" {
		filter = append(filter, bson.E{Key: "actor_email", Value: f.ActorEmail})
	}
	if f.Action != "" {
		if strings.HasSuffix(f.Action, ".") {
			filter = append(filter, bson.E{Key: "action", Value: bson.D{{Key: "$regex", Value: "^" + regexp.QuoteMeta(f.Action)}}})
		} else {
			filter = append(filter, bson.E{Key: "action", Value: f.Action})
		}
	}
	if f.Target != "" {
		filter = append(filter, bson.E{Key: "target", Value: f.Target})
	}
	at := bson.D{}
	if !f.Since.IsZero() {
		at = append(at, bson.E{Key: "$gte", Value: f.Since})
	}
	if !f.Until.IsZero() {
		at = append(at, bson.E{Key: "$lt", Value: f.Until})
	}
	if len(at) > 0 {
		filter = append(filter, bson.E{Key: "at", Value: at})
	}
	if f.Before != "" {
		filter = append(filter, bson.E{Key: "_id", Value: bson.D{{Key: "$lt", Value: f.Before}}})
	}
	opts := options.Find().SetSort(bson.D{{Key: "_id", Value: -1}}).SetLimit(int64(limit))
	cur, err := s.db.Collection(auditColl).Find(ctx, filter, opts)
	if err != nil {
		return nil, dbError(err)
	}
	var out []*auth.AuditEntry
	if err := cur.All(ctx, &out); err != nil {
		return nil, dbError(err)
	}
	return out, nil
}
