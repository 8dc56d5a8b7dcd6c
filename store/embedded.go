package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// ferretNewMu serializes ferretdb.New, which writes a package-level version
// record of FerretDB's; two embedded servers starting at once (as in parallel
// tests) would otherwise race on it.
var ferretNewMu sync.Mutex

// SocketName is the embedded database's Unix socket, in the data folder's
// db folder. The driver takes a host ending in "sock" for a socket path.
const SocketName = "mongodb.sock"

// maxSocketPath is the longest socket path every platform binds (Linux
// allows 107 bytes, macOS 103).
const maxSocketPath = 103

// embedded is FerretDB v1.24 running in this process on SQLite, used when
// no MONGODB_URI is configured.
//
// It listens on a Unix socket only, never on TCP: FerretDB has no
// credentials of its own, so a loopback port would let any local user or
// process read every collection. The socket is owner-only, in the db
// folder, which is owner-only too, so only canvass's own user reaches it.
type embedded struct {
	dir    string // the SQLite files: one <database>.sqlite each
	socket string
	uri    string
	// joined: another process started this database; this one only
	// connects to its socket.
	joined bool
	cancel context.CancelFunc
	done   chan struct{}
}

// startEmbedded starts FerretDB with its SQLite files and its socket under
// dataDir/db and returns once it accepts connections.
func startEmbedded(dataDir string, logger *slog.Logger) (*embedded, error) {
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	dir := filepath.Join(dataDir, "db")
	if err := ownerOnlyFolders(dataDir, dir, logger); err != nil {
		return nil, fmt.Errorf("embedded database folder: %w", err)
	}
	sock, err := filepath.Abs(filepath.Join(dir, SocketName))
	if err != nil {
		return nil, fmt.Errorf("embedded database socket: %w", err)
	}
	if len(sock) > maxSocketPath {
		return nil, fmt.Errorf("embedded database socket %s: the path has %d characters, more than a Unix socket allows (%d); use a shorter CANVASS_DATA", sock, len(sock), maxSocketPath)
	}
	switch running, err := socketAnswers(sock); {
	case err != nil:
		return nil, err
	case running:
		// Another canvass serves this data folder (a command such as
		// `canvass users add` beside the server): use its database rather
		// than open the same SQLite files a second time.
		return &embedded{dir: dir, socket: sock, uri: SocketURI(sock), joined: true}, nil
	}
	ferretNewMu.Lock()
	f, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{Unix: sock},
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
	e := &embedded{dir: dir, socket: sock, uri: SocketURI(sock), cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(e.done)
		_ = f.Run(ctx)
	}()
	// MongoDBURI blocks until the listener is bound (its own URI for a
	// socket is not one the driver reads, so only the wait is used).
	ready := make(chan struct{})
	go func() { _ = f.MongoDBURI(); close(ready) }()
	select {
	case <-ready:
	case <-e.done:
		cancel()
		return nil, fmt.Errorf("embedded database stopped while starting (is %s usable?)", sock)
	case <-time.After(30 * time.Second):
		e.close()
		return nil, fmt.Errorf("embedded database did not start within 30s")
	}
	// The db folder already keeps others out; the socket's own mode says
	// so too, whatever the umask made it.
	if err := os.Chmod(sock, 0o600); err != nil {
		e.close()
		return nil, fmt.Errorf("embedded database socket: %w", err)
	}
	return e, nil
}

// SocketURI is the driver's URI of a Unix socket: its absolute path,
// escaped, as the host.
func SocketURI(path string) string {
	return "mongodb://" + url.QueryEscape(path) + "/"
}

// ownerOnlyFolders creates the data folder and its db folder readable by
// canvass's user alone. The db folder is canvass's own and is tightened if
// an older start or a copy left it open; the data folder may be a volume
// or a folder someone chose, so a loose one is only reported (everything
// secret in it is owner-only by itself).
func ownerOnlyFolders(dataDir, dbDir string, logger *slog.Logger) error {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return err
	}
	if fi, err := os.Stat(dataDir); err == nil && fi.Mode().Perm()&0o077 != 0 {
		logger.Warn("the data folder is open to other users; run chmod 700 on it", "path", dataDir, "mode", fi.Mode().Perm().String())
	}
	if err := os.MkdirAll(dbDir, 0o700); err != nil {
		return err
	}
	return os.Chmod(dbDir, 0o700)
}

// socketAnswers reports whether a canvass already serves the database on
// sock. A socket left by a canvass that did not stop cleanly answers
// nothing and is removed, so a new one can be bound.
func socketAnswers(sock string) (bool, error) {
	fi, err := os.Lstat(sock)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if fi.Mode().Type() != fs.ModeSocket {
		return false, fmt.Errorf("embedded database socket %s exists and is not a socket", sock)
	}
	conn, err := net.DialTimeout("unix", sock, time.Second)
	if err == nil {
		conn.Close()
		return true, nil
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		return false, fmt.Errorf("embedded database socket %s: %w", sock, err)
	}
	return false, os.Remove(sock)
}

// close stops FerretDB and waits until its SQLite files are closed (and
// its socket removed). A joined database belongs to the process that
// started it.
func (e *embedded) close() {
	if e.joined {
		return
	}
	e.cancel()
	<-e.done
}
