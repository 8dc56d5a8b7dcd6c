package store

import (
	"context"
	"errors"
	"slices"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"canvass/results"
	"canvass/surveys"
)

// The tallies collection holds the live results counters (ferretdb.md rule
// 3): one small document per surveys.Cell, keyed
// "<slug>|<neighborhood>|*" or "<slug>|<neighborhood>|<dim>=<value>", so
// every write and read is by exactly {_id}. A response adds to 3 + (its
// demographic answers) of them in one bulkWrite of $inc upserts through
// the writer (serialized on FerretDB, atomic per document on MongoDB).
// Documents look like
//
//	{_id: "safety|riverside|*", survey, neighborhood, dim, value, n: 87,
//	 q: {safe_day: {n: 85, c: {"1": 4, …}, s: 306}, needs: {n: 80, c: {housing: 40}}}}
const talliesColl = "tallies"

func tallyIndexes() []index {
	// Rebuilds and checks select a survey's counters by this field; it
	// also makes the collection exist at start-up, so the embedded
	// database's _id pushdown index covers it (sqliteindex.go).
	return []index{{collection: talliesColl, keys: bson.D{{Key: "survey", Value: 1}}, name: "survey"}}
}

// tallyDoc is a counter document as stored.
type tallyDoc struct {
	ID           string                 `bson:"_id"`
	Survey       string                 `bson:"survey"`
	Neighborhood string                 `bson:"neighborhood"`
	Dim          string                 `bson:"dim,omitempty"`
	Value        string                 `bson:"value,omitempty"`
	N            int64                  `bson:"n"`
	Q            map[string]questionDoc `bson:"q,omitempty"`
}

type questionDoc struct {
	N int64            `bson:"n"`
	C map[string]int64 `bson:"c,omitempty"`
	S int64            `bson:"s,omitempty"`
}

func (d *tallyDoc) tally() *results.Tally {
	t := results.NewTally()
	t.N = d.N
	for id, q := range d.Q {
		t.Questions[id] = &results.QuestionTally{N: q.N, Counts: q.C, Sum: q.S}
	}
	return t
}

func newTallyDoc(slug string, c results.Cell, t *results.Tally) tallyDoc {
	d := tallyDoc{ID: c.ID(slug), Survey: slug, Neighborhood: c.Neighborhood, Dim: c.Dim, Value: c.Value, N: t.N, Q: map[string]questionDoc{}}
	for id, q := range t.Questions {
		d.Q[id] = questionDoc{N: q.N, C: q.Counts, S: q.Sum}
	}
	return d
}

// incFields is the $inc of a tally, in a stable order.
func incFields(t *results.Tally) bson.D {
	inc := bson.D{{Key: "n", Value: t.N}}
	for _, id := range sortedKeys(t.Questions) {
		q := t.Questions[id]
		p := "q." + id + "."
		inc = append(inc, bson.E{Key: p + "n", Value: q.N})
		if q.Sum != 0 {
			inc = append(inc, bson.E{Key: p + "s", Value: q.Sum})
		}
		for _, k := range sortedKeys(q.Counts) {
			if q.Counts[k] != 0 {
				inc = append(inc, bson.E{Key: p + "c." + k, Value: q.Counts[k]})
			}
		}
	}
	return inc
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func incModel(slug string, c results.Cell, t *results.Tally) mongo.WriteModel {
	return mongo.NewUpdateOneModel().SetFilter(bson.D{{Key: "_id", Value: c.ID(slug)}}).SetUpsert(true).SetUpdate(bson.D{
		{Key: "$inc", Value: incFields(t)},
		{Key: "$setOnInsert", Value: bson.D{{Key: "survey", Value: slug}, {Key: "neighborhood", Value: c.Neighborhood}, {Key: "dim", Value: c.Dim}, {Key: "value", Value: c.Value}}},
	})
}

// addFold adds folded counts to the live counters, one $inc per cell
// (counting batches, seeding, imports).
func (s *Store) addFold(ctx context.Context, slug string, fold results.Fold, chunk int) error {
	ms := s.mirror.of(slug)
	ms.mu.Lock()
	defer ms.mu.Unlock()
	models := make([]mongo.WriteModel, 0, len(fold))
	for c, t := range fold {
		models = append(models, incModel(slug, c, t))
	}
	for len(models) > 0 {
		n := min(len(models), chunk)
		if err := s.writeTallies(ctx, models[:n]); err != nil {
			ms.drop() // some of it may be written: read it again
			return err
		}
		models = models[n:]
	}
	ms.add(fold)
	return nil
}

// writeTallies applies counter upserts. On MongoDB two first responses to
// a new cell can race to insert it; the loser gets E11000 and its $inc,
// retried once, then finds the document.
func (s *Store) writeTallies(ctx context.Context, models []mongo.WriteModel) error {
	coll := s.writer.Collection(talliesColl)
	_, err := coll.BulkWrite(ctx, models, options.BulkWrite().SetOrdered(false))
	var bwe mongo.BulkWriteException
	if errors.As(err, &bwe) && bwe.WriteConcernError == nil {
		var retry []mongo.WriteModel
		for _, we := range bwe.WriteErrors {
			if !mongo.IsDuplicateKeyError(we) {
				return dbError(err)
			}
			retry = append(retry, models[we.Index])
		}
		_, err = coll.BulkWrite(ctx, retry, options.BulkWrite().SetOrdered(false))
	}
	return dbError(err)
}

// Tallies reads the counters of some cells of a survey; a cell nobody has
// counted yet comes back empty. Each is looked up by exactly {_id}: on
// FerretDB that is the one filter it pushes down to SQLite (an $in list
// would read the whole collection), so the lookups run a few at a time;
// on MongoDB one $in query does.
func (s *Store) Tallies(ctx context.Context, slug string, cells []results.Cell) (map[results.Cell]*results.Tally, error) {
	if err := s.syncCounts(ctx); err != nil {
		return nil, err
	}
	if all, ok, err := s.mirrored(ctx, slug); ok {
		if err != nil {
			return nil, err
		}
		out := make(map[results.Cell]*results.Tally, len(cells))
		for _, c := range cells {
			out[c] = all[c].Clone()
		}
		return out, nil
	}
	if s.compact {
		// Another process keeps this database's counters compact (a
		// command beside a running canvass): add them up from its base
		// cells.
		all, err := s.storedTallies(ctx, slug)
		if err != nil {
			return nil, err
		}
		expanded := results.Fold(all).Expanded()
		out := make(map[results.Cell]*results.Tally, len(cells))
		for _, c := range cells {
			out[c] = expanded[c].Clone()
		}
		return out, nil
	}
	ids := make([]string, len(cells))
	byID := make(map[string]results.Cell, len(cells))
	for i, c := range cells {
		ids[i] = c.ID(slug)
		byID[ids[i]] = c
	}
	docs, err := s.tallyDocs(ctx, ids, !s.Serialized)
	if err != nil {
		return nil, err
	}
	out := make(map[results.Cell]*results.Tally, len(cells))
	for _, c := range cells {
		out[c] = results.NewTally()
	}
	for _, d := range docs {
		out[byID[d.ID]] = d.tally()
	}
	return out, nil
}

// ResponseCount is a survey's one response count: its total counter
// (surveys.TotalCell), kept with every other counter of each response.
func (s *Store) ResponseCount(ctx context.Context, slug string) (int64, error) {
	if err := s.syncCounts(ctx); err != nil {
		return 0, err
	}
	var d tallyDoc
	err := s.findByID(ctx, talliesColl, results.TotalCell().ID(slug), &d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return 0, nil
	}
	return d.N, dbError(err)
}

// tallyChunk bounds the counter writes sent in one bulkWrite. FerretDB
// slows down sharply with the size of a batch (measured: 25 replacements
// of 3 KB counters in 0.2 s, 100 of them over the client's 30 s timeout),
// so batches stay small; on MongoDB the cost is a few more round trips.
const tallyChunk = 25

// foldAdd counts a response in a fold of the counters this store keeps:
// base cells in the compact layout, every counter otherwise.
func (s *Store) foldAdd(fold results.Fold, def *surveys.Survey, r *surveys.Response) {
	if s.compact {
		fold.AddBase(def, r, s.loc)
	} else {
		fold.Add(def, r, s.loc)
	}
}

// countChunk is tallyChunk for the counting batches that run beside
// residents' requests: every write waits its turn on the embedded
// database's one writer connection, so a batch writes a few counters at a
// time and a reply waits for at most those (about 5 ms), not 25.
const countChunk = 4

// tallyLookups is how many counter lookups run at once on FerretDB.
const tallyLookups = 4

func (s *Store) tallyDocs(ctx context.Context, ids []string, useIn bool) ([]tallyDoc, error) {
	coll := s.db.Collection(talliesColl)
	if useIn {
		cur, err := coll.Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}})
		if err != nil {
			return nil, dbError(err)
		}
		var docs []tallyDoc
		return docs, dbError(cur.All(ctx, &docs))
	}
	docs := make([]tallyDoc, len(ids))
	found := make([]bool, len(ids))
	errs := make([]error, len(ids))
	sem := make(chan struct{}, tallyLookups)
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			err := coll.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&docs[i])
			found[i] = err == nil
			if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
				errs[i] = err
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, dbError(err)
	}
	out := docs[:0]
	for i := range docs {
		if found[i] {
			out = append(out, docs[i])
		}
	}
	return out, nil
}

// versionDef returns the definition of the version a response answered,
// cached: a version that has responses never changes (a change makes a
// new version), so the cache never needs invalidating. A response without
// a version is read against the current definition.
func (s *Store) versionDef(ctx context.Context, slug string, version int) (*surveys.Survey, error) {
	if version <= 0 {
		rec, err := s.Survey(ctx, slug)
		if err != nil {
			return nil, err
		}
		return &rec.Survey, nil
	}
	key := versionID(slug, version)
	s.defs.mu.Lock()
	def := s.defs.m[key]
	s.defs.mu.Unlock()
	if def != nil {
		return def, nil
	}
	def, err := s.SurveyVersion(ctx, slug, version)
	if err != nil {
		return nil, err
	}
	s.defs.mu.Lock()
	if s.defs.m == nil {
		s.defs.m = map[string]*surveys.Survey{}
	}
	s.defs.m[key] = def
	s.defs.mu.Unlock()
	return def, nil
}

// versionCache holds answered survey versions by "slug|version".
type versionCache struct {
	mu sync.Mutex
	m  map[string]*surveys.Survey
}
