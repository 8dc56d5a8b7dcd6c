package phone

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
)

// Sealer encrypts phone numbers for storage with AES-256-GCM.
//
// Why encrypt at all, when the database is canvass's own: a database dump,
// a backup copied to a laptop, or a hosted MongoDB's operators would
// otherwise hold a list of residents' numbers next to their neighborhood and
// language. Sealed, the dump is useless without the key, which lives outside
// the database. The key is derived from the pseudonym secret rather than
// being a second secret: every instance already needs that one secret, the
// same on all of them, and whoever holds it can already recover numbers from
// pseudonyms by trying every number, so a second key would add management
// without adding protection.
//
// Each sealed number is bound to its contact's pseudonym (the GCM
// additional data), so a ciphertext copied onto another contact does not
// open.
type Sealer struct {
	aead cipher.AEAD
}

// sealVersion prefixes every sealed value, so a later change of scheme can
// tell old values from new.
const sealVersion = 1

// ErrUnseal means a sealed number did not open: the data was changed, or it
// was sealed under another secret (instances configured with different
// CANVASS_PSEUDONYM_KEY values).
var ErrUnseal = errors.New("phone: sealed number does not open with this key (is CANVASS_PSEUDONYM_KEY the same on every instance?)")

// NewSealer derives the sealing key from secret (the pseudonym secret) with
// HKDF-SHA256 under its own label, so it never equals the HMAC key.
func NewSealer(secret []byte) (*Sealer, error) {
	if len(secret) < 16 {
		return nil, fmt.Errorf("phone: sealing secret must be at least 16 bytes, got %d", len(secret))
	}
	key, err := hkdf.Key(sha256.New, secret, nil, "canvass phone numbers AES-256-GCM v1", 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Sealer{aead: aead}, nil
}

// Seal encrypts an E.164 number for the contact with pseudonym owner. A
// random nonce makes two seals of one number differ.
func (s *Sealer) Seal(e164, owner string) []byte {
	out := make([]byte, 1+s.aead.NonceSize(), 1+s.aead.NonceSize()+len(e164)+s.aead.Overhead())
	out[0] = sealVersion
	if _, err := rand.Read(out[1:]); err != nil {
		panic("phone: no randomness: " + err.Error()) // crypto/rand does not fail on supported platforms
	}
	return s.aead.Seal(out, out[1:], []byte(e164), []byte(owner))
}

// Open decrypts a number sealed for owner.
func (s *Sealer) Open(sealed []byte, owner string) (string, error) {
	n := s.aead.NonceSize()
	if len(sealed) < 1+n+s.aead.Overhead() || sealed[0] != sealVersion {
		return "", ErrUnseal
	}
	plain, err := s.aead.Open(nil, sealed[1:1+n], sealed[1+n:], []byte(owner))
	if err != nil {
		return "", ErrUnseal
	}
	return string(plain), nil
}
