package store

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"canvass/surveys"
)

// The responses collection is append-only: one insert per completed survey,
// never updated, never aggregated on a request's path (ferretdb.md rule 2).
const responsesColl = "responses"

func responseIndexes() []index {
	return []index{{collection: responsesColl, keys: bson.D{{Key: "survey", Value: 1}, {Key: "created_at", Value: 1}}, name: "survey_created"}}
}

// InsertResponse stores a response once. Its ID is the idempotency key of
// the submission (a form's key, an SMS conversation's), so a retried or
// doubled submission finds the first one stored and reports inserted=false
// without counting it again.
//
// A stored response then updates every counter kept from responses: the
// survey's total, today's counts (daily.go) and the live results counters
// (tallies.go). Each is tried even when another fails, so one failure
// leaves one counter behind, not all; `canvass results check` finds such a
// drift and `canvass results rebuild` (or RebuildDayCounts) repairs it.
func (s *Store) InsertResponse(ctx context.Context, r *surveys.Response) (inserted bool, err error) {
	if _, err := s.db.Collection(responsesColl).InsertOne(ctx, r); err != nil {
		if mongo.IsDuplicateKeyError(err) {
			return false, nil
		}
		return false, dbError(err)
	}
	return true, errors.Join(
		s.countResponse(ctx, r, 1),
		s.countDay(ctx, r), // today's counts for organizers (daily.go)
		s.countTallies(ctx, r),
	)
}

// countResponse keeps the survey's response counter. Updates go through the
// writer, which serializes them on the embedded database.
func (s *Store) countResponse(ctx context.Context, r *surveys.Response, n int) error {
	_, err := s.writer.Collection(surveysColl).UpdateOne(ctx, bson.D{{Key: "_id", Value: r.Survey}},
		bson.D{{Key: "$inc", Value: bson.D{{Key: "responses", Value: n}}}})
	return dbError(err)
}

// Response returns one stored response by ID.
func (s *Store) Response(ctx context.Context, id string) (*surveys.Response, error) {
	var r surveys.Response
	err := s.findByID(ctx, responsesColl, id, &r)
	if err != nil {
		return nil, notFound(err, "response.not_found", nil)
	}
	normalizeAnswers(&r)
	return &r, nil
}

// EachResponse streams all of a survey's responses in storage order, one
// decoded document at a time, so memory stays flat at any size.
func (s *Store) EachResponse(ctx context.Context, slug string, fn func(*surveys.Response) error) error {
	return s.EachResponseIn(ctx, slug, time.Time{}, time.Time{}, fn)
}

// normalizeAnswers turns decoded BSON values back into the Go types a
// Response promises: int for numbers, []string for multi answers.
func normalizeAnswers(r *surveys.Response) {
	for k, v := range r.Answers {
		switch x := v.(type) {
		case int32:
			r.Answers[k] = int(x)
		case int64:
			r.Answers[k] = int(x)
		case float64:
			r.Answers[k] = int(x)
		case bson.A:
			out := make([]string, 0, len(x))
			for _, e := range x {
				if s, ok := e.(string); ok {
					out = append(out, s)
				}
			}
			r.Answers[k] = out
		}
	}
}
