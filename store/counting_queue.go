package store

import (
	"context"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"canvass/results"
	"canvass/surveys"
)

// countQueue counts stored responses in batches (steps 3 and 4 of
// counting.go), the way a database commits a group of transactions: a
// response is counted by whichever batch picks it up after its insert,
// and every response waiting when a batch starts is counted by that batch.
//
// Why: on the embedded database an update costs about 1 ms plus a little
// per field, and a response adds to 4 + (its demographic answers) counter
// documents, so counting each response alone cost about 50 ms of the
// single writer connection. A batch adds each counter's increments up in
// memory first and writes each counter once, so a busy minute costs one
// write per counter per batch, not per response, and the resident waits
// only for the journal entry and the insert.
//
// Reads of the counters call syncCounts first, so whoever stored a
// response (or watched it stored) sees it counted: a read waits for the
// batch in progress, never longer.
type countQueue struct {
	mu      sync.Mutex
	pending []*surveys.Response
	queued  uint64 // responses ever queued
	counted uint64 // responses ever taken through a batch (counted or marked for a recount)
	running bool
	// moved is closed, and replaced, each time counted moves.
	moved chan struct{}
	loops sync.WaitGroup
	// counted responses whose journal entries are still to be removed:
	// removed together, at most unjournalDelay after the first.
	unjournalMu sync.Mutex
	unjournal   []string
	timer       *time.Timer
}

// unjournalDelay is how long a counted response's journal entry may stay.
// Removing entries one batch at a time cost a write per response when
// residents come one by one; an entry left by a crash in the meantime
// only has its survey recounted at start, as any entry does.
const unjournalDelay = time.Second

// maxCountBatch bounds one batch: its journal entries are removed with
// one $in list.
const maxCountBatch = 1000

// movedLocked returns the channel closed when counted next moves.
func (q *countQueue) movedLocked() chan struct{} {
	if q.moved == nil {
		q.moved = make(chan struct{})
	}
	return q.moved
}

// queueCount hands a stored, journaled response to the counting batches,
// starting the batch loop if none is running.
func (s *Store) queueCount(r *surveys.Response) {
	q := &s.counting
	q.mu.Lock()
	q.pending = append(q.pending, r)
	q.queued++
	start := !q.running
	if start {
		q.running = true
		q.loops.Add(1)
	}
	q.mu.Unlock()
	if start {
		go s.countLoop()
	}
}

// countLoop counts batches until nothing is waiting.
func (s *Store) countLoop() {
	q := &s.counting
	defer q.loops.Done()
	for {
		q.mu.Lock()
		n := min(len(q.pending), maxCountBatch)
		if n == 0 {
			q.running = false
			q.mu.Unlock()
			return
		}
		batch := q.pending[:n:n]
		q.pending = q.pending[n:]
		q.mu.Unlock()

		ctx, cancel := context.WithTimeout(context.Background(), countTimeout)
		s.countBatch(ctx, batch)
		cancel()

		q.mu.Lock()
		q.counted += uint64(n)
		close(q.movedLocked())
		q.moved = nil
		q.mu.Unlock()
	}
}

// syncCounts waits until every response queued before the call has been
// through a batch.
func (s *Store) syncCounts(ctx context.Context) error {
	q := &s.counting
	q.mu.Lock()
	target := q.queued
	for q.counted < target {
		moved := q.movedLocked()
		q.mu.Unlock()
		select {
		case <-moved:
		case <-ctx.Done():
			return dbError(ctx.Err())
		}
		q.mu.Lock()
	}
	q.mu.Unlock()
	return nil
}

// countBatch adds a batch of stored responses to the results counters and
// today's counts, each counter written once, then removes their journal
// entries (within unjournalDelay). A survey whose counting fails keeps its
// entries and is marked for a recount; the other surveys of the batch are
// counted as usual.
func (s *Store) countBatch(ctx context.Context, rs []*surveys.Response) {
	folds := map[string]results.Fold{}
	days := map[string]*dayTally{}
	failed := map[string]error{}
	for _, r := range rs {
		if failed[r.Survey] != nil {
			continue
		}
		def, err := s.versionDef(ctx, r.Survey, r.Version)
		if err != nil {
			failed[r.Survey] = err
			continue
		}
		fold := folds[r.Survey]
		if fold == nil {
			fold = results.Fold{}
			folds[r.Survey] = fold
		}
		s.foldAdd(fold, def, r)
		key := dailyID(r.Survey, dayOf(r.CreatedAt))
		if days[key] == nil {
			days[key] = newDayTally(r.Survey, dayOf(r.CreatedAt))
		}
		days[key].add(r)
	}
	for _, slug := range sortedKeys(folds) {
		if failed[slug] == nil {
			if err := s.addFold(ctx, slug, folds[slug], countChunk); err != nil {
				failed[slug] = err
			}
		}
	}
	for _, key := range sortedKeys(days) {
		d := days[key]
		if failed[d.survey] == nil {
			if err := s.addDay(ctx, d); err != nil {
				failed[d.survey] = err
			}
		}
	}
	var counted []string
	for _, r := range rs {
		if failed[r.Survey] == nil {
			counted = append(counted, r.ID)
		}
	}
	s.unjournalLater(counted)
	for slug, err := range failed {
		s.logger.Warn("stored responses were not counted; their survey will be recounted", "survey", slug, "err", err)
		s.markDirty(slug)
	}
}

// unjournalLater removes the journal entries of counted responses within
// unjournalDelay, or at once when many are waiting.
func (s *Store) unjournalLater(ids []string) {
	q := &s.counting
	q.unjournalMu.Lock()
	q.unjournal = append(q.unjournal, ids...)
	now := len(q.unjournal) >= maxCountBatch
	if !now && q.timer == nil && len(q.unjournal) > 0 {
		q.timer = time.AfterFunc(unjournalDelay, func() { s.flushUnjournal(context.Background()) })
	}
	q.unjournalMu.Unlock()
	if now {
		s.flushUnjournal(context.Background())
	}
}

// flushUnjournal removes the journal entries of the responses counted so
// far. A failure leaves them behind: one needless recount of their
// surveys at the next start, never a wrong number.
func (s *Store) flushUnjournal(ctx context.Context) {
	q := &s.counting
	q.unjournalMu.Lock()
	ids := q.unjournal
	q.unjournal = nil
	if q.timer != nil {
		q.timer.Stop()
		q.timer = nil
	}
	q.unjournalMu.Unlock()
	if len(ids) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, countTimeout)
	defer cancel()
	if _, err := s.writer.Collection(journalColl).DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}}); err != nil {
		s.logger.Warn("removing counted responses from the journal", "err", err)
	}
}
