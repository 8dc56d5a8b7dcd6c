package poster

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"sort"
	"sync"

	"github.com/go-text/typesetting/di"
	gtfont "github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// shaper lays out right-to-left text, which x/image's drawer cannot:
// Arabic letters take a different form by their neighbours (HarfBuzz
// shaping, through go-text/typesetting), and a line mixing Arabic with a
// Latin keyword or digits is reordered by the Unicode bidi algorithm.
// HarfBuzz's shaper and line wrapper keep buffers between calls, and the
// face caches glyph lookups, so every use of them holds the lock.
type shaper struct {
	face *gtfont.Face
	mu   sync.Mutex
	hb   shaping.HarfbuzzShaper
	seg  shaping.Segmenter
	wrap shaping.LineWrapper
}

func newShaper(ttf []byte) (*shaper, error) {
	face, err := gtfont.ParseTTF(bytes.NewReader(ttf))
	if err != nil {
		return nil, err
	}
	return &shaper{face: face}, nil
}

// oneFace gives every character the poster's one font.
type oneFace struct{ f *gtfont.Face }

func (o oneFace) ResolveFace(rune) *gtfont.Face { return o.f }

// shapedLine is one line of shaped runs in visual (left-to-right) order.
type shapedLine struct {
	runs  []shaping.Output
	width int
}

// lines shapes text at px pixels into lines at most width wide, in a
// right-to-left paragraph.
func (s *shaper) lines(text, lang string, px float64, width int) []shapedLine {
	runes := []rune(text)
	if len(runes) == 0 {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	in := shaping.Input{Text: runes, RunEnd: len(runes), Direction: di.DirectionRTL, Face: s.face,
		Size: fixed.Int26_6(px * 64), Script: language.Arabic, Language: language.NewLanguage(lang)}
	inputs := s.seg.Split(in, oneFace{s.face})
	outs := make([]shaping.Output, len(inputs))
	for i, run := range inputs {
		outs[i] = s.hb.Shape(run)
	}
	wrapped, _ := s.wrap.WrapParagraph(shaping.WrapConfig{Direction: di.DirectionRTL}, width, runes, shaping.NewSliceIterator(outs))
	out := make([]shapedLine, 0, len(wrapped))
	for _, l := range wrapped {
		line := shapedLine{runs: append([]shaping.Output(nil), l...)} // l is reused by the next call
		sort.Slice(line.runs, func(i, j int) bool { return line.runs[i].VisualIndex < line.runs[j].VisualIndex })
		var w fixed.Int26_6
		for _, r := range line.runs {
			w += r.Advance
		}
		line.width = w.Ceil()
		out = append(out, line)
	}
	return out
}

// covers reports whether the font has a glyph for every character.
func (s *shaper) covers(text string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range text {
		if c == ' ' || c == '\n' {
			continue
		}
		if _, ok := s.face.NominalGlyph(c); !ok {
			return false
		}
	}
	return true
}

// draw paints a line with its left end at x and its baseline at y.
func (s *shaper) draw(img draw.Image, line shapedLine, x, y int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	dot := fixed.I(x)
	for _, run := range line.runs {
		scale := float32(run.Size) / 64 / float32(run.Face.Upem())
		for _, g := range run.Glyphs {
			outline, ok := run.Face.GlyphDataOutline(g.GlyphID)
			if ok && len(outline.Segments) > 0 {
				ox := float32(dot+g.XOffset) / 64
				oy := float32(y) - float32(g.YOffset)/64
				fillOutline(img, outline, ox, oy, scale)
			}
			dot += g.Advance
		}
	}
}

// fillOutline rasterizes a glyph's outline (font units, y up) with its
// origin at (ox, oy) in the image.
func fillOutline(img draw.Image, o gtfont.GlyphOutline, ox, oy, scale float32) {
	minX, minY, maxX, maxY := float32(1e9), float32(1e9), float32(-1e9), float32(-1e9)
	for _, seg := range o.Segments {
		for _, p := range seg.ArgsSlice() {
			x, y := ox+p.X*scale, oy-p.Y*scale
			minX, maxX = min(minX, x), max(maxX, x)
			minY, maxY = min(minY, y), max(maxY, y)
		}
	}
	r := image.Rect(int(minX)-1, int(minY)-1, int(maxX)+2, int(maxY)+2).Intersect(img.Bounds())
	if r.Empty() {
		return
	}
	z := vector.NewRasterizer(r.Dx(), r.Dy())
	at := func(p ot.SegmentPoint) (float32, float32) {
		return ox + p.X*scale - float32(r.Min.X), oy - p.Y*scale - float32(r.Min.Y)
	}
	for _, seg := range o.Segments {
		a := seg.Args
		switch seg.Op {
		case ot.SegmentOpMoveTo:
			z.ClosePath() // the previous contour, if any
			z.MoveTo(at(a[0]))
		case ot.SegmentOpLineTo:
			z.LineTo(at(a[0]))
		case ot.SegmentOpQuadTo:
			bx, by := at(a[0])
			cx, cy := at(a[1])
			z.QuadTo(bx, by, cx, cy)
		case ot.SegmentOpCubeTo:
			bx, by := at(a[0])
			cx, cy := at(a[1])
			dx, dy := at(a[2])
			z.CubeTo(bx, by, cx, cy, dx, dy)
		}
	}
	z.ClosePath()
	z.Draw(img, r, image.NewUniform(color.Black), image.Point{})
}
