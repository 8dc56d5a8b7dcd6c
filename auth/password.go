package auth

import (
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"canvass/ids"
)

// Argon2Params are the cost parameters of an argon2id password hash.
type Argon2Params struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
	SaltLen   int
	KeyLen    uint32
}

// OWASPParams are the first of OWASP's recommended argon2id settings
// (Password Storage Cheat Sheet): 19 MiB of memory, two passes, one lane.
// Every hash carries its parameters, so raising them later still verifies
// old hashes, and NeedsRehash tells the login to upgrade them.
var OWASPParams = Argon2Params{MemoryKiB: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// Password length bounds. A long minimum matters more than character rules
// (NIST SP 800-63B); the maximum only stops a megabyte "password" from
// tying up the hasher.
const (
	MinPasswordLen = 12
	MaxPasswordLen = 256
)

// ErrBadHash means a stored hash is not an argon2id PHC string we can read.
var ErrBadHash = errors.New("auth: unreadable password hash")

// HashPassword hashes password with argon2id at OWASPParams and returns it
// in PHC string format:
//
//	$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>   (base64, no padding)
func HashPassword(password string) (string, error) {
	return hashWith(password, OWASPParams)
}

func hashWith(password string, p Argon2Params) (string, error) {
	salt := ids.Bytes(p.SaltLen)
	key := argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, p.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.MemoryKiB, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword reports whether password matches the PHC hash, comparing
// the derived keys in constant time.
func VerifyPassword(hash, password string) (bool, error) {
	p, salt, key, err := parsePHC(hash)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// NeedsRehash reports whether hash was made with weaker parameters than
// OWASPParams, so a successful login can store a fresh hash.
func NeedsRehash(hash string) bool {
	p, _, _, err := parsePHC(hash)
	return err != nil || p.MemoryKiB < OWASPParams.MemoryKiB || p.Time < OWASPParams.Time
}

// dummyHash is verified against when a login names no known user, so an
// unknown email costs the same time as a wrong password and the response
// time does not tell which of the two was wrong.
var dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$TJHQzsh1wGKsxmiK6FAT/aPqffm0Bce/MV65LdZfxx0"

// BurnPasswordTime spends the time of one password check on nothing.
func BurnPasswordTime(password string) { _, _ = VerifyPassword(dummyHash, password) }

// parsePHC reads an argon2id PHC string. Parameters are bounded so a
// tampered hash cannot make a login allocate gigabytes.
func parsePHC(s string) (Argon2Params, []byte, []byte, error) {
	var p Argon2Params
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, ErrBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, nil, nil, ErrBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, ErrBadHash
	}
	if p.MemoryKiB < 8 || p.MemoryKiB > 1<<20 || p.Time < 1 || p.Time > 16 || p.Threads < 1 {
		return p, nil, nil, ErrBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return p, nil, nil, ErrBadHash
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < 16 {
		return p, nil, nil, ErrBadHash
	}
	return p, salt, key, nil
}

// PasswordProblem returns the message ID of what is wrong with a new
// password, or "" when it is acceptable.
func PasswordProblem(password, email string) string {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLen:
		return "password.too_short"
	case n > MaxPasswordLen:
		return "password.too_long"
	case strings.EqualFold(strings.TrimSpace(password), strings.TrimSpace(email)):
		return "password.is_email"
	}
	return ""
}
