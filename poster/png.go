package poster

import (
	_ "embed"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/norm"
)

// DejaVu Sans Bold covers Latin with Vietnamese's stacked diacritics (which
// the Go fonts lack), Somali, Haitian Creole and Arabic with its
// contextual forms; its licence is in fonts/LICENSE.
//
//go:embed fonts/DejaVuSans-Bold.ttf
var fontBold []byte

// dpi is the PNG's resolution: a print shop's usual 300.
const dpi = 300

// ErrScript means a section has characters the font lacks (Chinese, say);
// the HTML poster, printed by a browser with its own fonts, shows them.
var ErrScript = errors.New("poster: this script cannot be drawn into a PNG")

// Renderer draws posters as PNG images. It is safe for concurrent use.
type Renderer struct {
	font *sfnt.Font
	// rtl shapes right-to-left sections (Arabic).
	rtl *shaper
}

// NewRenderer parses the embedded font.
func NewRenderer() (*Renderer, error) {
	f, err := opentype.Parse(fontBold)
	if err != nil {
		return nil, fmt.Errorf("poster: font: %w", err)
	}
	sh, err := newShaper(fontBold)
	if err != nil {
		return nil, fmt.Errorf("poster: font: %w", err)
	}
	return &Renderer{font: f, rtl: sh}, nil
}

// Supports reports whether a text can be drawn: every character has a
// glyph in the font. Right-to-left text is shaped (Arabic letters joined)
// and reordered (bidi) before it is drawn.
func (r *Renderer) Supports(text string, rtl bool) bool {
	if rtl {
		return r.rtl.covers(norm.NFC.String(text))
	}
	var buf sfnt.Buffer
	for _, c := range norm.NFC.String(text) {
		if c == ' ' || c == '\n' {
			continue
		}
		if g, err := r.font.GlyphIndex(&buf, c); err != nil || g == 0 {
			return false
		}
	}
	return true
}

// CanDraw reports whether every text of a section can be drawn.
func (r *Renderer) CanDraw(s Section) bool {
	all := append([]string{s.Headline, s.Title, s.Scan, s.URLLabel, s.URLText, s.SMSTitle, s.SMSWordLabel, s.SMSNumberLabel, s.Keyword, s.Number}, s.Small...)
	for _, t := range all {
		if !r.Supports(t, s.RTL) {
			return false
		}
	}
	return true
}

// check returns ErrScript (wrapped with the language) when a section has
// text the renderer cannot draw.
func (r *Renderer) check(p *Poster) error {
	for _, s := range p.Sections {
		if !r.CanDraw(s) {
			return fmt.Errorf("%w (%s)", ErrScript, s.Lang)
		}
	}
	return nil
}

// WritePNG draws the poster at 300 dpi on its paper and encodes it.
func (r *Renderer) WritePNG(w io.Writer, p *Poster) error {
	if err := r.check(p); err != nil {
		return err
	}
	img := r.Draw(p)
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	return enc.Encode(w, img)
}

// Draw lays the poster out on a white page. Each section gets an equal
// share of the page; its type shrinks together until it fits that share.
func (r *Renderer) Draw(p *Poster) *image.Gray {
	wpx, hpx := mmToPx(p.Paper.Width), mmToPx(p.Paper.Height)
	img := image.NewGray(image.Rect(0, 0, wpx, hpx))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	margin := mmToPx(12)
	n := max(len(p.Sections), 1)
	boxH := (hpx - 2*margin) / n
	for i, s := range p.Sections {
		top := margin + i*boxH
		if i > 0 {
			dashedLine(img, margin, top, wpx-margin)
		}
		l := r.layout(s, n > 1)
		width := wpx - 2*margin
		gap := mmToPx(4)
		scale := 1.0
		for scale > 0.3 && l.height(r, width, scale)+2*gap > boxH {
			scale -= 0.04
		}
		y := top + gap + (boxH-2*gap-l.height(r, width, scale))/2
		l.draw(r, img, margin, y, width, scale)
	}
	return img
}

func mmToPx(mm float64) int { return int(math.Round(mm / 25.4 * dpi)) }

// ptToPx converts type size in points to pixels at the poster's dpi.
func ptToPx(pt float64) float64 { return pt * dpi / 72 }

// face returns the font at a size in points.
func (r *Renderer) face(pt float64) font.Face {
	f, err := opentype.NewFace(r.font, &opentype.FaceOptions{Size: ptToPx(pt), DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		panic(err) // only fails for a nil font, which NewRenderer rules out
	}
	return f
}

// drawText draws one line with its left end at x and baseline at y.
func drawText(img draw.Image, face font.Face, x, y int, s string) {
	d := font.Drawer{Dst: img, Src: image.NewUniform(color.Black), Face: face, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

func dashedLine(img *image.Gray, x0, y, x1 int) {
	for x := x0; x < x1; x++ {
		if (x/24)%2 == 0 {
			for t := 0; t < 4; t++ {
				img.SetGray(x, y+t, color.Gray{Y: 120})
			}
		}
	}
}
