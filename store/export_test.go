package store

import (
	"canvass/results"
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"canvass/surveys"
)

// StoreUncounted does what a process killed between storing a response and
// counting it leaves behind: the journal entry and the response, no counts.
func (s *Store) StoreUncounted(ctx context.Context, r *surveys.Response) error {
	if _, err := s.journal(ctx, r); err != nil {
		return err
	}
	return s.insertResponse(ctx, r)
}

// JournalLen is how many entries the counting journal holds.
func (s *Store) JournalLen(ctx context.Context) (int64, error) {
	if err := s.syncCounts(ctx); err != nil {
		return 0, err
	}
	s.flushUnjournal(ctx)
	return s.db.Collection(journalColl).CountDocuments(ctx, bson.D{})
}

// CountTimeout is how long a response may take to store and count.
const CountTimeout = countTimeout

// SetTallyField overwrites one field of a counter document.
func (s *Store) SetTallyField(ctx context.Context, id, field string, v any) error {
	if err := s.syncCounts(ctx); err != nil {
		return err
	}
	_, err := s.writer.Collection(talliesColl).UpdateOne(ctx, byID(id), bson.D{{Key: "$set", Value: bson.D{{Key: field, Value: v}}}}, options.UpdateOne().SetUpsert(true))
	s.mirror.mu.Lock()
	for _, ms := range s.mirror.surveys {
		ms.mu.Lock()
		ms.drop()
		ms.mu.Unlock()
	}
	s.mirror.mu.Unlock()
	return err
}

// InsertResponseAsBefore is how a response was stored before the counting
// journal (for the benchmark comparing the two): the insert, a separate
// $inc of the survey document's counter, then the other counters.
func (s *Store) InsertResponseAsBefore(ctx context.Context, r *surveys.Response) error {
	if err := s.insertResponse(ctx, r); err != nil {
		return err
	}
	if _, err := s.writer.Collection(surveysColl).UpdateOne(ctx, byID(r.Survey), bson.D{{Key: "$inc", Value: bson.D{{Key: "responses", Value: 1}}}}); err != nil {
		return err
	}
	s.countBatch(ctx, []*surveys.Response{r})
	return nil
}

// HoldCounting keeps responses queued, as a batch still being written
// would; release counts them, all in the next batch.
func (s *Store) HoldCounting() (release func()) {
	q := &s.counting
	q.mu.Lock()
	held := !q.running
	if held {
		q.running = true
		q.loops.Add(1)
	}
	q.mu.Unlock()
	return func() {
		if held {
			go s.countLoop()
		}
	}
}

// FoldView is a view computed from the raw responses, whatever counters
// could answer it.
func (s *Store) FoldView(ctx context.Context, rec *surveys.Record, view results.View) (*results.ViewTallies, error) {
	return s.foldView(ctx, rec, view)
}
