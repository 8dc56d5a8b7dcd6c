// Package storetest gives tests a real database: one embedded FerretDB per
// test binary, a fresh database for each test, dropped when the test ends.
package storetest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"canvass/ids"
	"canvass/store"
)

// server is the test binary's shared embedded database. Starting FerretDB
// costs about a second; a database per test keeps tests independent.
var server struct {
	once  sync.Once
	uri   string
	dir   string // its data folder
	err   error
	stdin io.WriteCloser // kept open: dbserver stops when it closes
}

// URI returns the address of the shared embedded database, starting it on
// first use. Set CANVASS_TEST_MONGODB_URI to run the tests against MongoDB.
//
// The database runs in a process of its own (dbserver), built without the
// race detector: FerretDB and SQLite are most of a test's work, and under
// the detector's instrumentation they ran several times slower, though
// the race that matters is in canvass's code, which stays instrumented.
func URI(t testing.TB) string {
	t.Helper()
	if uri := os.Getenv("CANVASS_TEST_MONGODB_URI"); uri != "" {
		return uri
	}
	server.once.Do(func() { server.uri, server.err = startServer() })
	if server.err != nil {
		t.Fatalf("embedded database: %v", server.err)
	}
	return server.uri
}

// startServer starts dbserver in a fresh folder with go run, which keeps
// the linked binary in the build cache: every test binary of a run shares
// one build. Its standard input stays open for the life of this process:
// when the test binary exits, however it exits, the pipe closes and the
// server goes with it.
func startServer() (string, error) {
	dir, err := os.MkdirTemp("", "canvass-test-db-")
	if err != nil {
		return "", err
	}
	cmd := exec.Command("go", "run", "canvass/store/storetest/dbserver", "-data", dir)
	cmd.Dir = moduleRoot()
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return "", err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", err
	}
	if err := cmd.Start(); err != nil {
		return "", err
	}
	server.stdin, server.dir = stdin, dir
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		return "", fmt.Errorf("dbserver did not start: %v", err)
	}
	return strings.TrimSpace(line), nil
}

// moduleRoot is the repository root: this file's folder, two up.
func moduleRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Options are the options of a store on a fresh database of the shared
// server, its tables indexed by _id as canvass indexes its embedded
// database's (SQLiteDir), the store its only writer as canvass is of its
// embedded database.
func Options(t testing.TB) store.Options {
	t.Helper()
	o := store.Options{URI: URI(t), Database: DatabaseName(), SoleWriter: true}
	if server.dir != "" {
		o.SQLiteDir = filepath.Join(server.dir, "db")
	}
	return o
}

// New returns a store on a fresh, empty database of the shared server.
func New(t testing.TB) *store.Store {
	t.Helper()
	return Open(t, Options(t))
}

// Open opens a store with o (Options, changed by the test) and drops its
// database and closes it when the test ends.
func Open(t testing.TB, o store.Options) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, o)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() {
		_ = st.Drop(ctx)
		_ = st.Close(ctx)
	})
	return st
}

// DatabaseName returns a new random database name.
func DatabaseName() string {
	return "test_" + ids.Hex(6)
}
