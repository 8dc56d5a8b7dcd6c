// Package storetest gives tests a real database: one embedded FerretDB per
// test binary, a fresh database for each test, dropped when the test ends.
package storetest

import (
	"context"
	"os"
	"sync"
	"testing"

	"canvass/ids"
	"canvass/store"
)

// server is the test binary's shared embedded database. Starting FerretDB
// costs about a second; a database per test keeps tests independent.
var server struct {
	once sync.Once
	st   *store.Store
	uri  string
	err  error
}

// URI returns the address of the shared embedded database, starting it on
// first use. Set CANVASS_TEST_MONGODB_URI to run the tests against MongoDB.
func URI(t testing.TB) string {
	t.Helper()
	if uri := os.Getenv("CANVASS_TEST_MONGODB_URI"); uri != "" {
		return uri
	}
	server.once.Do(func() {
		dir, err := os.MkdirTemp("", "canvass-test-db-")
		if err != nil {
			server.err = err
			return
		}
		server.st, server.err = store.Open(context.Background(), store.Options{DataDir: dir, Database: "canvass_bootstrap"})
		if server.err == nil {
			server.uri = server.st.URI()
		}
	})
	if server.err != nil {
		t.Fatalf("embedded database: %v", server.err)
	}
	return server.uri
}

// New returns a store on a fresh, empty database of the shared server.
func New(t testing.TB) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{URI: URI(t), Database: DatabaseName()})
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
