package main

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"canvass/ids"
	"canvass/sms"
)

// pseudonymKeyFile holds the generated key of phone-number pseudonyms in
// the data folder, when CANVASS_PSEUDONYM_KEY is unset.
const pseudonymKeyFile = "pseudonym.key"

// pseudonymKey returns the secret key of respondent pseudonyms:
// CANVASS_PSEUDONYM_KEY, else a key generated once into the data folder
// and reused at every start. The key must never change: pseudonyms made
// with another key no longer match the same phone, so opt-outs and
// sessions would be forgotten. It is kept out of the database, so a copy
// of the database alone cannot turn pseudonyms back into numbers.
func pseudonymKey(cfg *Config, logger *slog.Logger) ([]byte, error) {
	if cfg.PseudonymKey != "" {
		return []byte(cfg.PseudonymKey), nil
	}
	path := filepath.Join(cfg.DataDir, pseudonymKeyFile)
	key, err := readKeyFile(path, logger)
	if err == nil {
		return key, nil
	}
	if errors.Is(err, fs.ErrNotExist) {
		key, err = createKeyFile(path)
		if errors.Is(err, fs.ErrExist) {
			return readKeyFile(path, logger) // another process made it first
		}
	}
	if err != nil {
		return nil, keyFileError(cfg, err)
	}
	logger.Info("generated the key of phone-number pseudonyms; back it up with the data folder", "path", path)
	if cfg.MongoURI != "" {
		logger.Warn("the pseudonym key was generated into this instance's data folder; with MONGODB_URI, " +
			"set CANVASS_PSEUDONYM_KEY to that key on every instance so they all make the same pseudonyms")
	}
	return key, nil
}

// keyFileError explains what to do when the data folder cannot give a key.
func keyFileError(cfg *Config, err error) error {
	var damaged damagedKeyError
	if errors.As(err, &damaged) {
		return err
	}
	if cfg.MongoURI != "" {
		return fmt.Errorf("CANVASS_PSEUDONYM_KEY is unset and the data folder cannot hold a generated key (%v). "+
			"With MONGODB_URI, set CANVASS_PSEUDONYM_KEY to the same secret on every instance, such as the output of: openssl rand -hex 32", err)
	}
	return fmt.Errorf("the pseudonym key: %w (set CANVASS_PSEUDONYM_KEY, or make CANVASS_DATA writable)", err)
}

// readKeyFile reads a key file, warning when others can read it.
func readKeyFile(path string, logger *slog.Logger) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	key := strings.TrimSpace(string(b))
	if len(key) < sms.MinKeyLen {
		return nil, damagedKeyError(fmt.Sprintf("%s: the pseudonym key is shorter than %d characters; restore it from a backup (a new key would orphan every pseudonym)", path, sms.MinKeyLen))
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		logger.Warn("the pseudonym key file is readable by other users; run chmod 600 on it", "path", path)
	}
	return []byte(key), nil
}

// createKeyFile writes a new random key, failing if the file exists.
func createKeyFile(path string) ([]byte, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	key := ids.Hex(32)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	_, werr := f.WriteString(key + "\n")
	serr := f.Sync()
	if err := errors.Join(werr, serr, f.Close()); err != nil {
		_ = os.Remove(path)
		return nil, err
	}
	return []byte(key), nil
}

// damagedKeyError is a key file that exists but holds no usable key: it
// must be restored, never replaced.
type damagedKeyError string

func (e damagedKeyError) Error() string { return string(e) }
