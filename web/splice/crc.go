package splice

// CRC-32 combination, after zlib's crc32_combine: the CRC of A followed by
// B is CRC(A)·x^(8·len(B)) ⊕ CRC(B), in GF(2)[x] modulo the CRC polynomial,
// pre- and post-conditioning included. It lets a request append a fixed
// part's precomputed CRC instead of running CRC-32 over its bytes again.
//
// Polynomials are 32-bit words in the reflected bit order of crc32.IEEE:
// the coefficient of x^k is bit 31-k, so x^0 is 1<<31.

// reflectedIEEE is crc32.IEEE, x^32 taken away, bit-reflected.
const reflectedIEEE = 0xedb88320

// mulMod returns a·b modulo the CRC polynomial: b times each term of a,
// from x^0 (a's top bit) up, b multiplied by x at each step. Branch-free:
// a request runs it once per fixed part.
func mulMod(a, b uint32) uint32 {
	var p uint32
	for range 32 {
		p ^= b & -(a >> 31)
		a <<= 1
		b = b>>1 ^ reflectedIEEE&-(b&1)
	}
	return p
}

// xPow8n returns x^(8·n) modulo the CRC polynomial: the shift that n more
// bytes give a CRC.
func xPow8n(n int64) uint32 {
	p := uint32(1) << 31  // x^0
	sq := uint32(1) << 23 // x^8, squared to x^16, x^32, … as n's bits go
	for ; n > 0; n >>= 1 {
		if n&1 != 0 {
			p = mulMod(sq, p)
		}
		sq = mulMod(sq, sq)
	}
	return p
}
