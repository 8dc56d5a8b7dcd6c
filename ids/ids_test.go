package ids_test

import (
	"strings"
	"testing"

	"canvass/ids"
)

func TestValid(t *testing.T) {
	t.Parallel()
	for id, want := range map[string]bool{
		"north-of-main": true, "q1": true, "safe_day": true, "a": true,
		"": false, "1st": false, "_all": false, "North": false, "a b": false, "é": false,
		"a" + strings.Repeat("b", 47): true, "a" + strings.Repeat("b", 48): false,
	} {
		if ids.Valid(id) != want {
			t.Errorf("Valid(%q) = %v, want %v", id, !want, want)
		}
	}
}

func TestRandom(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 1000 {
		h := ids.Hex(8)
		if len(h) != 16 || seen[h] {
			t.Fatalf("Hex(8) = %q (seen before: %v)", h, seen[h])
		}
		seen[h] = true
	}
	if tok := ids.Token(16); len(tok) != 22 || strings.ContainsAny(tok, "+/=") {
		t.Fatalf("Token(16) = %q, want 22 URL-safe characters", tok)
	}
}
