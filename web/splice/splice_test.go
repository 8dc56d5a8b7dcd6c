package splice

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// page is a stand-in for a rendered form: repetitive markup, some text.
func page(n int) []byte {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString(`<label class="opt" for="f-q-`)
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString(`"><input type="radio" name="q" value="1"><span>Très bien · جيد جدا</span></label>` + "\n")
	}
	return []byte(b.String()[:n])
}

// spliced builds a page from parts and checks both forms of it with
// values: plain is the concatenation, gzip decompresses to it (the reader
// checks the CRC and length), the announced lengths are the real ones.
func spliced(t *testing.T, parts [][]byte, widths []int, values []string) *Page {
	t.Helper()
	p, err := New(parts, widths, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	var want []byte
	for i, part := range parts {
		want = append(want, part...)
		if i < len(values) {
			want = append(want, values[i]...)
		}
	}
	plain, err := p.AppendPlain([]byte("prefix"), values)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(plain[len("prefix"):], want) {
		t.Fatalf("plain page differs from the concatenation")
	}
	if got := p.PlainLen(values); got != len(want) {
		t.Errorf("PlainLen %d, want %d", got, len(want))
	}
	zipped, err := p.AppendGzip(nil, values)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.GzipLen(values); got != len(zipped) {
		t.Errorf("GzipLen %d, appended %d", got, len(zipped))
	}
	zr, err := gzip.NewReader(bytes.NewReader(zipped))
	if err != nil {
		t.Fatal(err)
	}
	zr.Multistream(false)
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("gunzipped %d bytes differ from the %d concatenated", len(got), len(want))
	}
	// Nothing after the member: the reader consumed exactly what was sent.
	if rest, _ := io.ReadAll(zr); len(rest) != 0 {
		t.Errorf("%d bytes after the member", len(rest))
	}
	return p
}

// widthsOf gives every hole the width of its value.
func widthsOf(values []string) []int {
	w := make([]int, len(values))
	for i, v := range values {
		w[i] = len(v)
	}
	return w
}

func TestSpliceShapes(t *testing.T) {
	body := page(14000)
	for _, c := range []struct {
		name   string
		parts  [][]byte
		values []string
	}{
		{"no hole", [][]byte{body}, nil},
		{"form: key and token", [][]byte{body[:4000], body[4000:4045], body[4045:]}, []string{"AbCdEfGhIjKlMnOpQrStUv", "_echo_csrf_using_sec_fetch_site_"}},
		{"hole at the start", [][]byte{{}, body}, []string{"first"}},
		{"hole at the end", [][]byte{body, {}}, []string{"last"}},
		{"holes side by side", [][]byte{body[:10], {}, body[10:]}, []string{"one", "two"}},
		{"only holes", [][]byte{{}, {}, {}}, []string{"a", "b"}},
		{"empty values", [][]byte{body[:100], body[100:200], body[200:]}, []string{"", ""}},
		{"everything empty", [][]byte{{}, {}}, []string{""}},
		{"empty page", [][]byte{{}}, nil},
		{"value of one stored block exactly", [][]byte{body[:50], body[50:]}, []string{strings.Repeat("v", maxStored)}},
		{"value over a stored block", [][]byte{body[:50], body[50:]}, []string{strings.Repeat("v", 2*maxStored+3)}},
		{"incompressible parts", [][]byte{random(5000, 1), random(3, 2), random(20000, 3)}, []string{"k", "c"}},
		{"history over the window", [][]byte{body, page(40000), body}, []string{"k", "c"}},
		{"values like the page", [][]byte{body[:4000], body[4000:4045], body[4045:]}, []string{string(body[:22]), string(body[100:132])}},
	} {
		t.Run(c.name+", any width", func(t *testing.T) { spliced(t, c.parts, nil, c.values) })
		t.Run(c.name+", known widths", func(t *testing.T) { spliced(t, c.parts, widthsOf(c.values), c.values) })
	}
}

// TestSpliceRandomSplits cuts pages at random places into random numbers of
// parts, with random values, binary ones included.
func TestSpliceRandomSplits(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 1))
	body := page(30000)
	for range 300 {
		n := r.IntN(len(body) + 1)
		text := body[:n]
		if r.IntN(4) == 0 {
			text = random(n, r.Uint64())
		}
		cuts := make([]int, r.IntN(6))
		for i := range cuts {
			cuts[i] = r.IntN(n + 1)
		}
		parts, values := cut(text, cuts), []string{}
		for range len(parts) - 1 {
			values = append(values, string(random(r.IntN(40), r.Uint64())))
		}
		widths := widthsOf(values)
		for i := range widths {
			if r.IntN(3) == 0 {
				widths[i] = AnyWidth
			}
		}
		spliced(t, parts, widths, values)
	}
}

// TestSpliceHistory checks that known widths let a part refer to the page
// before it: the form compresses about as well as in one piece, and
// better than with each part on its own.
func TestSpliceHistory(t *testing.T) {
	body := page(14000)
	parts := [][]byte{body[:4000], body[4000:4045], body[4045:]}
	values := []string{"AbCdEfGhIjKlMnOpQrStUv", "abcdefghijklmnopqrstuvwxyzABCDEF"}
	alone, err := New(parts, nil, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	shared := spliced(t, parts, widthsOf(values), values)
	whole, err := New([][]byte{[]byte(string(body[:4000]) + values[0] + string(body[4000:4045]) + values[1] + string(body[4045:]))}, nil, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	a, s, w := alone.GzipLen(values), shared.GzipLen(values), whole.GzipLen(nil)
	t.Logf("gzip: parts alone %d B, parts sharing history %d B, in one piece %d B", a, s, w)
	if s >= a || s > w+64 {
		t.Errorf("sharing history gave %d B; alone %d B, one piece %d B", s, a, w)
	}
}

// TestSpliceWidths checks that a gzip member takes only values of the
// widths the page was made for, and that a page holding every byte value
// (no filler for the holes) takes any.
func TestSpliceWidths(t *testing.T) {
	body := page(1000)
	p, err := New([][]byte{body[:500], body[500:]}, []int{4}, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Takes([]string{"abcd"}) || p.Takes([]string{"abc"}) || p.Takes(nil) {
		t.Error("Takes: want exactly one value of 4 bytes")
	}
	if _, err := p.AppendGzip(nil, []string{"abcde"}); err == nil {
		t.Error("AppendGzip took a value of the wrong width")
	}
	if _, err := p.AppendPlain(nil, []string{"abcde"}); err != nil {
		t.Errorf("AppendPlain: %v", err)
	}
	every := make([]byte, 256)
	for i := range every {
		every[i] = byte(i)
	}
	q := spliced(t, [][]byte{every, every}, []int{4}, []string{"any length"})
	if !q.Takes([]string{"x"}) {
		t.Error("a page with no filler byte refused a value of another width")
	}
	if _, err := New([][]byte{body}, []int{1}, flate.BestCompression); err == nil {
		t.Error("New took a width for a hole that is not there")
	}
}

func TestSpliceValueCount(t *testing.T) {
	p, err := New([][]byte{[]byte("a"), []byte("b")}, nil, flate.BestSpeed)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.AppendPlain(nil, nil); err == nil {
		t.Error("AppendPlain took no values for one hole")
	}
	if _, err := p.AppendGzip(nil, []string{"1", "2"}); err == nil {
		t.Error("AppendGzip took two values for one hole")
	}
	if _, err := New(nil, nil, flate.BestSpeed); err == nil {
		t.Error("New made a page of no part")
	}
}

// TestCRCCombine checks the CRC arithmetic against hash/crc32 over the
// joined bytes.
func TestCRCCombine(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		a, b := random(r.IntN(3000), r.Uint64()), random(r.IntN(3000), r.Uint64())
		got := mulMod(xPow8n(int64(len(b))), crc32.ChecksumIEEE(a)) ^ crc32.ChecksumIEEE(b)
		if want := crc32.ChecksumIEEE(append(bytes.Clone(a), b...)); got != want {
			t.Fatalf("combined %08x, want %08x (%d+%d bytes)", got, want, len(a), len(b))
		}
	}
	if got := xPow8n(0); got != 1<<31 {
		t.Errorf("x^0 is %08x", got)
	}
}

func cut(b []byte, at []int) [][]byte {
	slices.Sort(at)
	var parts [][]byte
	prev := 0
	for _, c := range at {
		parts = append(parts, b[prev:c])
		prev = c
	}
	return append(parts, b[prev:])
}

func random(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 99))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// BenchmarkAppendGzip is one form page's worth: 14 KB, two tokens.
func BenchmarkAppendGzip(b *testing.B) {
	body := page(14000)
	values := []string{"AbCdEfGhIjKlMnOpQrStUv", "abcdefghijklmnopqrstuvwxyzABCDEF"}
	p, err := New([][]byte{body[:4000], body[4000:4045], body[4045:]}, widthsOf(values), flate.BestCompression)
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, p.GzipLen(values))
	for b.Loop() {
		buf, _ = p.AppendGzip(buf[:0], values)
	}
	b.SetBytes(int64(p.PlainLen(values)))
}

// BenchmarkAppendPlain is the same page, identity encoding.
func BenchmarkAppendPlain(b *testing.B) {
	body := page(14000)
	values := []string{"AbCdEfGhIjKlMnOpQrStUv", "abcdefghijklmnopqrstuvwxyzABCDEF"}
	p, err := New([][]byte{body[:4000], body[4000:4045], body[4045:]}, widthsOf(values), flate.BestCompression)
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, p.PlainLen(values))
	for b.Loop() {
		buf, _ = p.AppendPlain(buf[:0], values)
	}
}
