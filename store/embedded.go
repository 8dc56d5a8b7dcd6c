package store

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// ferretNewMu serializes ferretdb.New, which writes a package-level version
// record of FerretDB's; two embedded servers starting at once (as in parallel
// tests) would otherwise race on it.
var ferretNewMu sync.Mutex

// embedded is FerretDB v1.24 running in this process on SQLite, used when
// no MONGODB_URI is configured.
type embedded struct {
	dir    string // the SQLite files: one <database>.sqlite each
	uri    string
	cancel context.CancelFunc
	done   chan struct{}
}

// startEmbedded starts FerretDB with its SQLite files under dataDir/db and
// returns once it accepts connections.
func startEmbedded(dataDir string, logger *slog.Logger) (*embedded, error) {
	dir := filepath.Join(dataDir, "db")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("embedded database folder: %w", err)
	}
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	ferretNewMu.Lock()
	f, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Handler:  "sqlite",
		// FerretDB logs every command at info level, which costs more
		// than the commands themselves; keep only its warnings.
		Logger:    logger,
		SQLiteURL: "file:" + dir + "/",
	})
	ferretNewMu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("embedded database: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	e := &embedded{dir: dir, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(e.done)
		_ = f.Run(ctx)
	}()
	// MongoDBURI blocks until the listener has its address.
	uriCh := make(chan string, 1)
	go func() { uriCh <- f.MongoDBURI() }()
	select {
	case e.uri = <-uriCh:
		return e, nil
	case <-e.done:
		cancel()
		return nil, fmt.Errorf("embedded database stopped while starting")
	case <-time.After(30 * time.Second):
		e.close()
		return nil, fmt.Errorf("embedded database did not start within 30s")
	}
}

// close stops FerretDB and waits until its SQLite files are closed.
func (e *embedded) close() {
	e.cancel()
	<-e.done
}
