package auth

import (
	"strings"
	"testing"
)

func TestHashPasswordPHC(t *testing.T) {
	h, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not argon2id at OWASP parameters in PHC format", h)
	}
	ok, err := VerifyPassword(h, "correct horse battery staple")
	if err != nil || !ok {
		t.Fatalf("right password: ok=%v err=%v", ok, err)
	}
	for _, wrong := range []string{"", "correct horse battery stapl", "Correct horse battery staple"} {
		if ok, _ := VerifyPassword(h, wrong); ok {
			t.Errorf("wrong password %q accepted", wrong)
		}
	}
	h2, _ := HashPassword("correct horse battery staple")
	if h2 == h {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	if NeedsRehash(h) {
		t.Error("a fresh hash needs a rehash")
	}
}

func TestVerifyPasswordOldParams(t *testing.T) {
	weak, err := hashWith("pw-of-some-length", Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32})
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := VerifyPassword(weak, "pw-of-some-length"); !ok || err != nil {
		t.Fatalf("hash with other parameters does not verify: %v %v", ok, err)
	}
	if !NeedsRehash(weak) {
		t.Error("weak hash does not ask for a rehash")
	}
}

func TestVerifyPasswordRejectsBadHashes(t *testing.T) {
	for _, h := range []string{
		"",
		"plaintext",
		"$2a$10$abcdefghijklmnopqrstuv", // bcrypt
		"$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",                                           // argon2i
		"$argon2id$v=19$m=99999999,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$TJHQzsh1wGKsxmiK6FAT/aPqffm0Bce/MV65LdZfxx0", // 95 GiB
		"$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$TJHQzsh1wGKsxmiK6FAT/aPqffm0Bce/MV65LdZfxx0",
		"$argon2id$v=19$m=19456,t=2,p=1$!!!$TJHQzsh1wGKsxmiK6FAT/aPqffm0Bce/MV65LdZfxx0",
	} {
		if ok, err := VerifyPassword(h, "x"); ok || err == nil {
			t.Errorf("VerifyPassword(%q) = %v, %v; want false and an error", h, ok, err)
		}
	}
	if _, _, _, err := parsePHC(dummyHash); err != nil {
		t.Errorf("dummyHash does not parse: %v", err)
	}
	if NeedsRehash(dummyHash) {
		t.Error("dummyHash is cheaper than a real hash, so an unknown email would answer faster")
	}
}

func TestPasswordProblem(t *testing.T) {
	cases := map[string]string{
		"short":                  "password.too_short",
		strings.Repeat("x", 257): "password.too_long",
		"ana@example.org":        "password.is_email",
		"a long enough phrase":   "",
		"ñandú-ñandú-ñandú":      "",
	}
	for pw, want := range cases {
		if got := PasswordProblem(pw, "ana@example.org"); got != want {
			t.Errorf("PasswordProblem(%.20q) = %q, want %q", pw, got, want)
		}
	}
}

func TestTokens(t *testing.T) {
	a, b := NewAPIToken(), NewAPIToken()
	if a == b || !IsAPIToken(a) || len(a) < 40 {
		t.Fatalf("API tokens %q %q: want distinct, prefixed, long", a, b)
	}
	if IsAPIToken(NewSessionToken()) {
		t.Error("a session token passes for an API token")
	}
	if HashToken(a) == HashToken(b) || len(HashToken(a)) != 64 {
		t.Error("token hashes collide or are not SHA-256 hex")
	}
	if got := TokenID(HashToken(a)); len(got) != 16 || !strings.HasPrefix(HashToken(a), got) {
		t.Errorf("TokenID = %q", got)
	}
	pw := GeneratePassword()
	if len(pw) != 23 || PasswordProblem(pw, "") != "" || strings.ContainsAny(pw, "0O1lI") {
		t.Errorf("generated password %q", pw)
	}
}

func TestEmailProblem(t *testing.T) {
	for email, want := range map[string]string{
		"ana@example.org":         "",
		"Ana <ana@example.org>":   "user.email_invalid",
		"ana":                     "user.email_invalid",
		"":                        "user.email_invalid",
		"ana@example.org\nBcc: x": "user.email_invalid",
	} {
		if got := EmailProblem(email); got != want {
			t.Errorf("EmailProblem(%q) = %q, want %q", email, got, want)
		}
	}
}
