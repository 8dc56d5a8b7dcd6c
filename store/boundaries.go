package store

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"canvass/surveys"
)

// The boundaries collection keeps each survey's neighborhood outlines, the
// GeoJSON its organizer uploaded, keyed by slug. It is kept apart from the
// survey definition: it is large, optional, and only maps and the
// results.geojson export read it. The GeoJSON is stored as text, exactly
// as checked, so coordinates are not turned into thousands of fields.
const boundariesColl = "boundaries"

type boundariesDoc struct {
	ID        string    `bson:"_id"`
	GeoJSON   string    `bson:"geojson"`
	UpdatedAt time.Time `bson:"updated_at"`
	UpdatedBy string    `bson:"updated_by,omitempty"`
}

// Boundaries returns a survey's boundaries file; not found when it has none.
func (s *Store) Boundaries(ctx context.Context, slug string) ([]byte, error) {
	var d boundariesDoc
	err := s.findByID(ctx, boundariesColl, slug, &d)
	if err != nil {
		return nil, notFound(err, "boundaries.not_found", map[string]any{"Slug": slug})
	}
	return []byte(d.GeoJSON), nil
}

// SetBoundaries stores (or replaces) a survey's boundaries file, which the
// caller has checked with surveys.ParseBoundaries.
func (s *Store) SetBoundaries(ctx context.Context, slug string, geojson []byte, by string) error {
	d := boundariesDoc{ID: slug, GeoJSON: string(geojson), UpdatedAt: s.now(), UpdatedBy: by}
	_, err := s.writer.Collection(boundariesColl).ReplaceOne(ctx, bson.D{{Key: "_id", Value: slug}}, d, options.Replace().SetUpsert(true))
	return dbError(err)
}

// DeleteBoundaries removes a survey's boundaries; not found when it had none.
func (s *Store) DeleteBoundaries(ctx context.Context, slug string) error {
	res, err := s.writer.Collection(boundariesColl).DeleteOne(ctx, bson.D{{Key: "_id", Value: slug}})
	if err != nil {
		return dbError(err)
	}
	if res.DeletedCount == 0 {
		return surveys.Errorf(surveys.ErrNotFound, "boundaries.not_found", map[string]any{"Slug": slug})
	}
	return nil
}
