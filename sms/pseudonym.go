package sms

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// MinKeyLen is the shortest pseudonym key accepted, in bytes. A short key
// could be found by trying keys against a pseudonym of a known number.
const MinKeyLen = 32

// Pseudonymizer turns a phone number into the respondent pseudonym stored
// with responses, sessions and opt-outs. A plain hash of a number can be
// reversed by hashing every possible number (there are only about 10^10 in
// North America); a keyed hash cannot without the key, which is kept out of
// the database (the environment or the data folder).
type Pseudonymizer struct {
	key []byte
}

// NewPseudonymizer returns a Pseudonymizer keyed with key. The key is
// copied, so the caller may clear its slice.
func NewPseudonymizer(key []byte) *Pseudonymizer {
	return &Pseudonymizer{key: append([]byte(nil), key...)}
}

// Pseudonym returns hex(HMAC-SHA256(key, e164)). The same number always
// gives the same pseudonym under one key, so a resident's opt-out and
// sessions follow them across surveys.
func (p *Pseudonymizer) Pseudonym(e164 string) string {
	m := hmac.New(sha256.New, p.key)
	m.Write([]byte(e164))
	return hex.EncodeToString(m.Sum(nil))
}
