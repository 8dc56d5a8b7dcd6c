package phone

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestSealer(t *testing.T) {
	s, err := NewSealer([]byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	a := s.Seal("+16175550142", "owner-a")
	b := s.Seal("+16175550142", "owner-a")
	if bytes.Equal(a, b) {
		t.Error("two seals of one number are equal: the nonce is not random")
	}
	if bytes.Contains(a, []byte("6175550142")) {
		t.Error("sealed value contains the number")
	}
	if got, err := s.Open(a, "owner-a"); err != nil || got != "+16175550142" {
		t.Errorf("Open = %q, %v", got, err)
	}
	if _, err := s.Open(a, "owner-b"); !errors.Is(err, ErrUnseal) {
		t.Errorf("Open under another owner: %v, want ErrUnseal", err)
	}
	other, _ := NewSealer([]byte(strings.Repeat("j", 32)))
	if _, err := other.Open(a, "owner-a"); !errors.Is(err, ErrUnseal) {
		t.Errorf("Open with another secret: %v, want ErrUnseal", err)
	}
	tampered := bytes.Clone(a)
	tampered[len(tampered)-1] ^= 1
	if _, err := s.Open(tampered, "owner-a"); !errors.Is(err, ErrUnseal) {
		t.Errorf("Open of a changed value: %v, want ErrUnseal", err)
	}
	if _, err := s.Open(nil, "owner-a"); !errors.Is(err, ErrUnseal) {
		t.Errorf("Open(nil): %v", err)
	}
	if _, err := NewSealer([]byte("short")); err == nil {
		t.Error("NewSealer accepted a 5-byte secret")
	}
}
