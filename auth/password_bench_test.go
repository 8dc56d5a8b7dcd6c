package auth

import "testing"

// BenchmarkHashPassword is the cost of one sign-in (and of one refused
// sign-in, which burns the same time): argon2id at OWASPParams.
func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}
