package main

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPseudonymKey(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	dir := t.TempDir()
	cfg := &Config{DataDir: dir}
	key, err := pseudonymKey(cfg, logger)
	if err != nil || len(key) != 64 {
		t.Fatalf("generated key: %q %v", key, err)
	}
	path := filepath.Join(dir, pseudonymKeyFile)
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi.Mode(), err)
	}
	again, err := pseudonymKey(cfg, logger)
	if err != nil || string(again) != string(key) {
		t.Fatalf("second start: a different key %q", again)
	}
	// The environment wins over the file.
	env := &Config{DataDir: dir, PseudonymKey: strings.Repeat("e", 40)}
	if k, _ := pseudonymKey(env, logger); string(k) != strings.Repeat("e", 40) {
		t.Fatalf("CANVASS_PSEUDONYM_KEY ignored: %q", k)
	}
	// A damaged key file is refused rather than silently replaced.
	if err := os.WriteFile(path, []byte("short\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := pseudonymKey(cfg, logger); err == nil || !strings.Contains(err.Error(), "restore it") {
		t.Fatalf("damaged key: %v", err)
	}
	// Readable by others: used, with a warning.
	_ = os.WriteFile(path, append(key, '\n'), 0o644)
	_ = os.Chmod(path, 0o644)
	logs.Reset()
	if k, err := pseudonymKey(cfg, logger); err != nil || string(k) != string(key) || !strings.Contains(logs.String(), "chmod 600") {
		t.Fatalf("loose permissions: %v %s", err, logs.String())
	}
}

func TestPseudonymKeyUnwritableWithMongoURI(t *testing.T) {
	t.Parallel()
	// A data folder below a file cannot be created, even by root.
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := &Config{DataDir: filepath.Join(blocker, "data"), MongoURI: "mongodb://db.example:27017"}
	_, err := pseudonymKey(cfg, slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil)))
	if err == nil || !strings.Contains(err.Error(), "CANVASS_PSEUDONYM_KEY") || !strings.Contains(err.Error(), "MONGODB_URI") {
		t.Fatalf("want a clear error naming CANVASS_PSEUDONYM_KEY and MONGODB_URI, got %v", err)
	}
}
