package poster

import (
	"io"
	"testing"
)

// BenchmarkPNG is one poster download: an A4 sheet at 300 dpi, drawn and
// PNG-encoded; Arabic goes through HarfBuzz shaping.
func BenchmarkPNG(b *testing.B) {
	r, err := NewRenderer()
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		sec  Section
	}{{"vi", section("vi", false, "Khu phố của bạn. Tiếng nói của bạn.")}, {"ar", arabic()}} {
		b.Run(c.name, func(b *testing.B) {
			p := &Poster{Paper: A4, Sections: []Section{c.sec}}
			for b.Loop() {
				if err := r.WritePNG(io.Discard, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
