package store

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"canvass/results"
	"canvass/surveys"
)

// The series collection holds what the partnership set for each series of
// survey rounds (its targets), keyed by the series name. The rounds
// themselves are the surveys sharing that `series`.
const seriesColl = "series"

type seriesDoc struct {
	ID             string `bson:"_id"`
	results.Series `bson:",inline"`
}

// Series returns a series' settings; a series nobody set anything for has
// none, which is not an error.
func (s *Store) Series(ctx context.Context, name string) (*results.Series, error) {
	var d seriesDoc
	err := s.findByID(ctx, seriesColl, name, &d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return &results.Series{Series: name, Targets: []results.Target{}}, nil
	}
	if err != nil {
		return nil, dbError(err)
	}
	if d.Targets == nil {
		d.Targets = []results.Target{}
	}
	d.Series.Series = name
	return &d.Series, nil
}

// SetSeries replaces a series' settings (PUT semantics: the last writer
// wins, and the record says who that was).
func (s *Store) SetSeries(ctx context.Context, set *results.Series) (*results.Series, error) {
	set.UpdatedAt = s.now()
	d := seriesDoc{ID: set.Series, Series: *set}
	_, err := s.writer.Collection(seriesColl).ReplaceOne(ctx, bson.D{{Key: "_id", Value: d.ID}}, d, options.Replace().SetUpsert(true))
	if err != nil {
		return nil, dbError(err)
	}
	return set, nil
}

// SeriesRounds returns the rounds of a series that have been opened,
// oldest first (by when they opened).
func (s *Store) SeriesRounds(ctx context.Context, name string) ([]*surveys.Record, error) {
	all, err := s.Surveys(ctx)
	if err != nil {
		return nil, err
	}
	var out []*surveys.Record
	for _, r := range all {
		if r.Series == name && r.Status != surveys.StatusDraft {
			out = append(out, r)
		}
	}
	sortRounds(out)
	return out, nil
}

// sortRounds orders rounds by when they opened (creation for any never
// opened), then by slug.
func sortRounds(rs []*surveys.Record) {
	when := func(r *surveys.Record) int64 {
		if !r.OpenedAt.IsZero() {
			return r.OpenedAt.UnixNano()
		}
		return r.CreatedAt.UnixNano()
	}
	slices.SortStableFunc(rs, func(a, b *surveys.Record) int {
		if c := cmp.Compare(when(a), when(b)); c != 0 {
			return c
		}
		return strings.Compare(a.Slug, b.Slug)
	})
}
