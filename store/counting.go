package store

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"canvass/surveys"
)

// Counting keeps the live counters (tallies.go, daily.go) equal to the
// stored responses by design rather than by luck. FerretDB has no
// transactions, so storing a response and adding it to its counters are
// several writes, and a process killed between them, a full disk or a
// database outage can separate them. Each response therefore goes through
// a journal:
//
//  1. insert {_id: response ID, survey} into counting_journal;
//  2. insert the response;
//  3. add it to the counters;
//  4. delete the journal entry.
//
// Steps 3 and 4 run in batches after the resident has their answer
// (counting_queue.go): the entry keeps the response marked until then.
//
// An entry still in the journal names a survey whose counters may be off,
// without scanning any response: at start (after an unclean stop) and
// whenever a counter write fails, canvass recounts those surveys from
// their responses (a fold, exactly as `results rebuild` does) and only
// then drops their entries. A recount holds the survey's gate, so no
// response of that survey is between steps 1 and 4 meanwhile and the fold
// is exact; responses wait for it (about a second per 10,000 responses
// on the embedded database), and only after a failure or a crash.
const journalColl = "counting_journal"

func journalIndexes() []index {
	return []index{{collection: journalColl, keys: bson.D{{Key: "at", Value: 1}}, name: "at"}}
}

type journalDoc struct {
	ID     string    `bson:"_id"`
	Survey string    `bson:"survey"`
	At     time.Time `bson:"at"`
}

// countTimeout bounds storing one response, and counting one batch. Both
// run detached from the request: a resident whose phone drops the
// connection mid-submit must not leave a stored response uncounted.
const countTimeout = 30 * time.Second

// InsertResponse stores a response once and has it counted. Its ID is the
// idempotency key of the submission (a form's key, an SMS conversation's),
// so a retried or doubled submission finds the first one stored and
// reports inserted=false without counting it again.
//
// It returns once the response is stored; a batch counts it soon after,
// and reads of the counters wait for that batch. A counter write that
// fails does not undo the response: the journal keeps the survey marked and the repairer recounts it
// (Repair), so the resident is never asked to submit again for the sake
// of a counter.
func (s *Store) InsertResponse(ctx context.Context, r *surveys.Response) (inserted bool, err error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), countTimeout)
	defer cancel()
	gate := s.gates.get(r.Survey)
	gate.RLock()
	defer gate.RUnlock()
	// Two attempts with one ID (a double tap) take turns: the second then
	// finds the first's response stored and its entry gone.
	defer s.ids.Lock(r.ID)()

	fresh, err := s.journal(ctx, r)
	if err != nil {
		return false, err // nothing stored
	}
	if err := s.insertResponse(ctx, r); err != nil {
		if mongo.IsDuplicateKeyError(err) {
			// Stored before. If that attempt finished, its entry is gone
			// and ours is new: drop it. If not (!fresh), the survey is
			// already marked for a recount.
			if fresh {
				s.unjournal(ctx, r)
			}
			return false, nil
		}
		// The insert may or may not have reached the disk: leave the
		// entry for the recount to settle.
		s.markDirty(r.Survey)
		return false, dbError(err)
	}
	if !fresh {
		// An earlier attempt with this ID left its entry (it failed, or
		// its process stopped, before counting): recount rather than
		// guess what it counted.
		s.markDirty(r.Survey)
		return true, nil
	}
	s.queueCount(r)
	return true, nil
}

// journal writes step 1; fresh is false when an entry with this ID was
// already there (an earlier attempt that did not finish).
func (s *Store) journal(ctx context.Context, r *surveys.Response) (fresh bool, err error) {
	_, err = s.writer.Collection(journalColl).InsertOne(ctx, journalDoc{ID: r.ID, Survey: r.Survey, At: s.now()})
	if mongo.IsDuplicateKeyError(err) {
		return false, nil
	}
	if err != nil {
		return false, dbError(err)
	}
	return true, nil
}

// unjournal is step 4. A failure leaves the entry, which costs one
// needless recount of the survey, never a wrong number.
func (s *Store) unjournal(ctx context.Context, r *surveys.Response) {
	if _, err := s.writer.Collection(journalColl).DeleteOne(ctx, byID(r.ID)); err != nil {
		s.markDirty(r.Survey)
	}
}

// markDirty asks the repairer to recount a survey.
func (s *Store) markDirty(slug string) {
	s.dirtyMu.Lock()
	if s.dirty == nil {
		s.dirty = map[string]bool{}
	}
	s.dirty[slug] = true
	s.dirtyMu.Unlock()
	select {
	case s.repairs <- struct{}{}:
	default:
	}
}

// surveyGates holds one gate per survey: counting a response holds it
// shared, a recount exclusively.
type surveyGates struct {
	mu sync.Mutex
	m  map[string]*sync.RWMutex
}

func (g *surveyGates) get(slug string) *sync.RWMutex {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.m == nil {
		g.m = map[string]*sync.RWMutex{}
	}
	l := g.m[slug]
	if l == nil {
		l = &sync.RWMutex{}
		g.m[slug] = l
	}
	return l
}

// RecountReport says what a recovery recounted.
type RecountReport struct {
	Surveys   []string // surveys recounted
	Responses int      // responses folded
	Counters  int      // counter documents rewritten because they differed
}

// RecoverCounts recounts every survey the journal or a failed write marks,
// then clears their marks. Open calls it before canvass serves anything;
// the repairer calls it after a failure. A survey that cannot be recounted
// now (the database is still away) keeps its marks for the next try.
//
// Journal entries younger than settled are skipped: on MongoDB another
// instance may be between steps 1 and 4 of them right now. Embedded, one
// process owns the database, so at start every entry is left from before.
func (s *Store) RecoverCounts(ctx context.Context, settled time.Duration) (RecountReport, error) {
	var rep RecountReport
	marked, err := s.journalSurveys(ctx, s.now().Add(-settled))
	if err != nil {
		return rep, err
	}
	s.dirtyMu.Lock()
	for slug := range s.dirty {
		marked[slug] = true
	}
	s.dirty = nil
	s.dirtyMu.Unlock()
	var errs []error
	for _, slug := range sortedKeys(marked) {
		n, counters, err := s.recount(ctx, slug)
		if err != nil {
			s.markDirty(slug)
			errs = append(errs, err)
			continue
		}
		rep.Surveys = append(rep.Surveys, slug)
		rep.Responses += n
		rep.Counters += counters
	}
	return rep, errors.Join(errs...)
}

// journalSurveys lists the surveys with an entry in the journal. The
// journal holds only responses being stored right now, and those whose
// counting failed: a handful of documents, cheap to read whole.
func (s *Store) journalSurveys(ctx context.Context, before time.Time) (map[string]bool, error) {
	cur, err := s.db.Collection(journalColl).Find(ctx, bson.D{{Key: "at", Value: bson.D{{Key: "$lte", Value: before}}}})
	if err != nil {
		return nil, dbError(err)
	}
	var docs []journalDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, dbError(err)
	}
	out := map[string]bool{}
	for _, d := range docs {
		out[d.Survey] = true
	}
	return out, nil
}

// recount recounts one survey under its gate: no response of it is being
// stored meanwhile, so the fold is exact, and the journal entries dropped
// at the end are all accounted for by it.
func (s *Store) recount(ctx context.Context, slug string) (responses, counters int, err error) {
	gate := s.gates.get(slug)
	gate.Lock()
	defer gate.Unlock()
	rep, err := s.rebuildLocked(ctx, slug)
	if err != nil {
		return 0, 0, err
	}
	if _, err := s.writer.Collection(journalColl).DeleteMany(ctx, bson.D{{Key: "survey", Value: slug}}); err != nil {
		return 0, 0, dbError(err)
	}
	return rep.Responses, rep.Counters, nil
}

// startSettled is the age of a journal entry that nobody is still working
// on, at start: embedded, any (one process owns the database); on MongoDB
// other instances may be at work, and an entry is left over only once it
// is older than a response can take.
func (s *Store) startSettled() time.Duration {
	if s.Embedded {
		return 0
	}
	return 2 * countTimeout
}

// repairEvery is how often the repairer looks at the journal without
// being asked: entries left by another instance that stopped (MongoDB
// with several instances) are found within a few minutes.
const repairEvery = time.Minute

// Repair recounts marked surveys until ctx ends: at once when a write
// fails, then with growing pauses while the database stays away, and
// every repairEvery in any case. Entries younger than a response can take
// belong to responses still being stored and are left to them. cmd/canvass runs it beside the server.
func (s *Store) Repair(ctx context.Context, logger *slog.Logger) {
	pause := time.Second
	tick := time.NewTicker(repairEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.repairs:
		case <-tick.C:
		}
		for {
			rep, err := s.RecoverCounts(ctx, 2*countTimeout)
			if len(rep.Surveys) > 0 {
				logger.Info("counters recounted", "surveys", rep.Surveys, "responses", rep.Responses, "rewritten", rep.Counters)
			}
			if err == nil || ctx.Err() != nil {
				pause = time.Second
				break
			}
			logger.Warn("recounting counters failed; trying again", "in", pause, "err", err)
			select {
			case <-ctx.Done():
				return
			case <-time.After(pause):
			}
			pause = min(2*pause, time.Minute)
		}
	}
}
