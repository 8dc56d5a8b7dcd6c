// Package store keeps canvass's data in MongoDB, or in FerretDB embedded in
// the process when no MongoDB is configured. It is concrete (no interface of
// its own): handlers declare the few methods they call. One file per
// collection; every method takes a context.
package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/event"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"

	"canvass/keyed"
	"canvass/surveys"
)

// Options say which database to use.
type Options struct {
	// URI of a MongoDB deployment; empty starts the embedded database.
	URI string
	// DataDir holds the embedded database's files.
	DataDir string
	// Database is the database name; "canvass" when empty.
	Database string
	// Logger receives the embedded database's warnings.
	Logger *slog.Logger
	// Monitor, when set, sees every command the driver sends (used to
	// count round trips in benchmarks).
	Monitor *event.CommandMonitor
	// SQLiteDir is the SQLite folder of an embedded database that another
	// process serves at URI (the tests' shared database server): Open
	// gives its tables the _id index it gives its own (sqliteindex.go).
	SQLiteDir string
	// SoleWriter says this store is the only writer of its database, so
	// it may keep what it wrote in memory (memo.go, tallies_mirror.go).
	// The embedded database's serving process is, without being told;
	// tests on the shared test server say so for their own database.
	SoleWriter bool
	// Location is the time zone results' date filters count weeks in, and
	// so the weekly counters; the machine's when nil. Counters kept in
	// another zone are recounted at start.
	Location *time.Location
}

// Store is canvass's database.
type Store struct {
	client *mongo.Client
	db     *mongo.Database
	// writer runs every update of an existing document. On MongoDB it is db.
	// FerretDB (embedded or not) applies an update by reading, changing and writing back
	// without a lock, so concurrent updates of one document lose writes;
	// embedded, writer therefore has a client with a single connection,
	// which serializes updates (measured: 800 of 800 $inc kept, against
	// 91–160 with a pool).
	writer       *mongo.Database
	writerClient *mongo.Client
	emb          *embedded
	uri          string
	// Embedded reports whether the embedded database is in use.
	Embedded bool
	// Serialized reports whether updates go through one connection (FerretDB).
	Serialized bool
	// Recovered says what Open recounted after an unclean stop.
	Recovered RecountReport
	now       func() time.Time
	// casMu serializes a read-decide-write on FerretDB (smssessions.go).
	casMu sync.Mutex
	// casLocks spread casByID's documents over stripes (cas.go).
	casLocks [casStripes]sync.Mutex
	// defs caches answered survey versions for the results counters (tallies.go).
	defs versionCache
	// phones seals follow-up numbers (followups.go); nil refuses to keep one.
	phones PhoneSealer
	// gates, dirty and repairs keep the counters exact (counting.go).
	gates   surveyGates
	ids     keyed.Mutex
	dirtyMu sync.Mutex
	dirty   map[string]bool
	repairs chan struct{}
	logger  *slog.Logger
	// batchWatch wakes BatchesChanged's callers (batches_watch.go).
	batchWatch batchWatch
	// counting batches the counting of stored responses (counting_queue.go).
	counting countQueue
	// optOuts and sessionRevs save the SMS path reads when this process
	// is the database's only writer (memo.go).
	optOuts     memo[optOutDoc]
	sessionRevs memo[int64]
	// mirror keeps counters in memory when this process is the only
	// writer (tallies_mirror.go).
	mirror tallyMirror
	// loc is the zone weekly counters count weeks in: the one results'
	// date filters use.
	loc *time.Location
	// compact: the database holds base counters only (results.BaseCells),
	// which the mirror expands; kept by the only writer, who has the
	// mirror. Otherwise it holds every counter a view reads.
	compact bool
}

// Open connects to the database, starting the embedded one if needed, and
// makes sure every index exists.
func Open(ctx context.Context, o Options) (*Store, error) {
	if o.Database == "" {
		o.Database = "canvass"
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Location == nil {
		o.Location = time.Local
	}
	s := &Store{now: func() time.Time { return time.Now().UTC() }, repairs: make(chan struct{}, 1), logger: o.Logger, loc: o.Location}
	uri := o.URI
	if uri == "" {
		emb, err := startEmbedded(o.DataDir, o.Logger)
		if err != nil {
			return nil, err
		}
		s.emb, s.Embedded, uri = emb, true, emb.uri
		// Only the process serving the database writes opt-outs, SMS
		// sessions and counters; a command that joins it (users add)
		// does not.
		o.SoleWriter = !emb.joined
	}
	s.optOuts.on, s.sessionRevs.on, s.mirror.on, s.compact = o.SoleWriter, o.SoleWriter, o.SoleWriter, o.SoleWriter
	s.uri = uri
	base := options.Client().ApplyURI(uri).SetTimeout(30 * time.Second)
	if o.Monitor != nil {
		base.SetMonitor(o.Monitor)
	}
	client, err := mongo.Connect(base)
	if err != nil {
		s.closeEmbedded()
		return nil, fmt.Errorf("database: %w", err)
	}
	s.client, s.db, s.writer = client, client.Database(o.Database), client.Database(o.Database)
	ferret, err := isFerretDB(ctx, s.db)
	if err != nil {
		s.Close(ctx)
		return nil, err
	}
	if ferret {
		s.Serialized = true
		wo := options.Client().ApplyURI(uri).SetTimeout(30 * time.Second).SetMaxPoolSize(1)
		if o.Monitor != nil {
			wo.SetMonitor(o.Monitor)
		}
		wc, err := mongo.Connect(wo)
		if err != nil {
			s.Close(ctx)
			return nil, fmt.Errorf("database: %w", err)
		}
		s.writerClient, s.writer = wc, wc.Database(o.Database)
	}
	if err := s.Ping(ctx); err != nil {
		s.Close(ctx)
		return nil, err
	}
	if err := s.ensureIndexes(ctx); err != nil {
		s.Close(ctx)
		return nil, fmt.Errorf("database indexes: %w", err)
	}
	if s.emb != nil {
		o.SQLiteDir = s.emb.dir
	}
	if o.SQLiteDir != "" {
		if err := indexIDPushdown(ctx, o.SQLiteDir, o.Database); err != nil {
			s.Close(ctx)
			return nil, fmt.Errorf("embedded database _id index: %w", err)
		}
	}
	if err := s.recoverAtStart(ctx); err != nil {
		s.Close(ctx)
		return nil, fmt.Errorf("recounting counters: %w", err)
	}
	return s, nil
}

// isFerretDB asks the server what it is: FerretDB, embedded or not, needs
// its updates serialized (see Store.writer).
func isFerretDB(ctx context.Context, db *mongo.Database) (bool, error) {
	var info bson.M
	if err := db.RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&info); err != nil {
		return false, surveys.Wrap(surveys.ErrUnavailable, "error.unavailable", err)
	}
	_, ok := info["ferretdbVersion"]
	return ok, nil
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.client.Ping(ctx, readpref.Primary()); err != nil {
		return surveys.Wrap(surveys.ErrUnavailable, "error.unavailable", err)
	}
	return nil
}

// Close counts the responses still queued, disconnects and stops the
// embedded database, waiting for its files to be closed.
func (s *Store) Close(ctx context.Context) error {
	// Count what is queued before the connections go: otherwise the
	// journal keeps it for a recount at the next start.
	_ = s.syncCounts(ctx)
	s.counting.loops.Wait()
	s.flushUnjournal(ctx)
	var errs []error
	if s.writerClient != nil {
		errs = append(errs, s.writerClient.Disconnect(ctx))
	}
	if s.client != nil {
		errs = append(errs, s.client.Disconnect(ctx))
	}
	s.closeEmbedded()
	return errors.Join(errs...)
}

func (s *Store) closeEmbedded() {
	if s.emb != nil {
		s.emb.close()
		s.emb = nil
	}
}

// URI is the address of the database in use (for the embedded database,
// its Unix socket).
func (s *Store) URI() string { return s.uri }

// Drop deletes the whole database; tests use it to clean up.
func (s *Store) Drop(ctx context.Context) error { return s.db.Drop(ctx) }

// SetClock replaces the store's clock; tests use it to move time.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// index declares one index of a collection. An index without keys only
// declares that the collection exists, so it is created at start (and, on
// the embedded database, gets its _id lookup index) before first use.
type index struct {
	collection string
	keys       bson.D
	unique     bool
	name       string
}

// indexes lists every index canvass needs; each collection's file adds its
// own to this list through its indexes function.
func allIndexes() []index {
	var all []index
	for _, f := range []func() []index{surveyIndexes, responseIndexes, userIndexes, loginIndexes, tokenIndexes, auditIndexes,
		smsSessionIndexes, inboundIndexes, deliveryIndexes, followupIndexes,
		contactIndexes, outboxIndexes, sentIndexes, batchIndexes, pacingIndexes,
		tallyIndexes, journalIndexes, metaIndexes, snapshotIndexes} {
		all = append(all, f()...)
	}
	return all
}

// ensureIndexes creates the indexes; creating an existing one is a no-op on
// MongoDB and FerretDB alike, so this runs at every start.
func (s *Store) ensureIndexes(ctx context.Context) error {
	existing, err := s.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, name := range existing {
		have[name] = true
	}
	for _, ix := range allIndexes() {
		if !have[ix.collection] {
			if err := s.db.CreateCollection(ctx, ix.collection); err != nil && !isNamespaceExists(err) {
				return fmt.Errorf("%s: %w", ix.collection, err)
			}
			have[ix.collection] = true
		}
		if len(ix.keys) == 0 {
			continue
		}
		m := mongo.IndexModel{Keys: ix.keys, Options: options.Index().SetName(ix.name).SetUnique(ix.unique)}
		if _, err := s.db.Collection(ix.collection).Indexes().CreateOne(ctx, m); err != nil {
			return fmt.Errorf("%s.%s: %w", ix.collection, ix.name, err)
		}
	}
	return nil
}

// isNamespaceExists reports a create of a collection that already exists
// (another instance may have created it between the list and the create).
func isNamespaceExists(err error) bool {
	var ce mongo.CommandError
	return errors.As(err, &ce) && ce.Code == 48
}

// notFound turns the driver's no-documents error into the domain's.
func notFound(err error, messageID string, data map[string]any) error {
	if errors.Is(err, mongo.ErrNoDocuments) {
		return surveys.Errorf(surveys.ErrNotFound, messageID, data)
	}
	return dbError(err)
}

// dbError wraps a driver error so its text reaches logs, never users.
func dbError(err error) error {
	if err == nil {
		return nil
	}
	var de *surveys.Error
	if errors.As(err, &de) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || mongo.IsTimeout(err) || mongo.IsNetworkError(err) {
		return surveys.Wrap(surveys.ErrUnavailable, "error.unavailable", err)
	}
	return surveys.Wrap(surveys.ErrInternal, "error.internal", err)
}
