// Package ids makes and checks identifiers: the IDs organizers write in a
// survey (questions, options, neighborhoods), and the random ones canvass
// makes for keys, tokens and records.
package ids

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"regexp"
)

// pattern is an ID an organizer writes: a lowercase letter, then up to 47
// lowercase letters, digits, '_' or '-'. Reserved IDs canvass uses itself
// (results' "_all", "_unassigned") start with '_' so they never collide.
var pattern = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,47}$`)

// Valid reports whether id is an ID an organizer may write.
func Valid(id string) bool { return pattern.MatchString(id) }

// Bytes returns n random bytes. crypto/rand never fails on the platforms
// Go supports (since Go 1.24 it crashes the program instead of returning
// an error), so there is no error for callers to handle or to ignore.
func Bytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

// Hex is n random bytes as lowercase hex.
func Hex(n int) string { return hex.EncodeToString(Bytes(n)) }

// Token is n random bytes as unpadded URL-safe base64.
func Token(n int) string { return base64.RawURLEncoding.EncodeToString(Bytes(n)) }
