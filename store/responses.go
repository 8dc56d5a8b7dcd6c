package store

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"canvass/surveys"
)

// The responses collection is append-only: one insert per completed survey,
// never updated, never aggregated on a request's path (ferretdb.md rule 2).
const responsesColl = "responses"

func responseIndexes() []index {
	return []index{{collection: responsesColl, keys: bson.D{{Key: "survey", Value: 1}, {Key: "created_at", Value: 1}}, name: "survey_created"}}
}

// insertResponse is the one insert of a response (InsertResponse in
// counting.go wraps it with its counting).
func (s *Store) insertResponse(ctx context.Context, r *surveys.Response) error {
	_, err := s.db.Collection(responsesColl).InsertOne(ctx, r)
	return err
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
