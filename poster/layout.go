package poster

import (
	"image/color"
	"image/draw"
	"math"
	"strings"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/text/unicode/norm"
)

// block is one piece of a laid-out poster: it knows its height at a width
// and a type scale, and draws itself there.
type block interface {
	height(r *Renderer, width int, scale float64) int
	draw(r *Renderer, img draw.Image, x, y, width int, scale float64)
}

// layout arranges a section top to bottom. Alone on the page its QR code
// is 95 mm wide; two to a page, the code sits beside the text.
func (r *Renderer) layout(s Section, compact bool) column {
	t := func(str string, pt, gap float64) block {
		return &text{s: str, pt: pt, gap: gap, rtl: s.RTL, lang: s.Lang}
	}
	// Addresses, numbers and a Latin keyword read left to right even on
	// an Arabic poster (as <bdi dir="ltr"> keeps them in the HTML one).
	ltr := func(str string, pt, gap float64) block {
		return &text{s: str, pt: pt, gap: gap, rtl: s.RTL && hasRTL(str), lang: s.Lang}
	}
	var sms column
	if s.Keyword != "" {
		k := 1.0
		if compact {
			k = 0.68
		}
		sms = column{t(s.SMSTitle, 24*k, 6*k), t(s.SMSWordLabel, 18*k, 0), ltr(s.Keyword, 64*k, 6*k), t(s.SMSNumberLabel, 18*k, 0), ltr(s.Number, 40*k, 8*k)}
	}
	var small column
	for _, line := range s.Small {
		pt := 13.0
		if compact {
			pt = 11
		}
		small = append(small, t(line, pt, 3))
	}
	if !compact {
		c := column{t(s.Headline, 48, 10), t(s.Title, 30, 18), &qrBlock{qr: s.QR, mm: 95, gap: 10}, t(s.Scan, 24, 8),
			t(s.URLLabel, 14, 2), ltr(s.URLText, 20, 20)}
		return append(append(c, sms...), small...)
	}
	side := append(column{t(s.Scan, 18, 8), t(s.URLLabel, 11, 2), ltr(s.URLText, 14, 12)}, sms...)
	c := column{t(s.Headline, 34, 6), t(s.Title, 22, 10), &row{left: &qrBlock{qr: s.QR, mm: 62, gap: 0}, leftFrac: 0.42, right: side, rtl: s.RTL}}
	return append(c, small...)
}

// hasRTL reports whether s has a right-to-left letter (Arabic, Hebrew).
func hasRTL(s string) bool {
	for _, c := range s {
		if unicode.In(c, unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana) {
			return true
		}
	}
	return false
}

// column stacks blocks.
type column []block

func (c column) height(r *Renderer, width int, scale float64) int {
	h := 0
	for _, b := range c {
		h += b.height(r, width, scale)
	}
	return h
}

func (c column) draw(r *Renderer, img draw.Image, x, y, width int, scale float64) {
	for _, b := range c {
		b.draw(r, img, x, y, width, scale)
		y += b.height(r, width, scale)
	}
}

// text is a paragraph, wrapped to the width and centred, with gap points
// of space after it. A right-to-left section's text goes through the
// shaper; the rest through x/image's drawer.
type text struct {
	s       string
	pt, gap float64
	rtl     bool
	lang    string
}

func (t *text) lineHeight(scale float64) int { return int(math.Ceil(ptToPx(t.pt*scale) * 1.25)) }

func (t *text) lines(r *Renderer, width int, scale float64) (font.Face, []string) {
	face := r.face(t.pt * scale)
	return face, wrap(face, norm.NFC.String(t.s), width)
}

func (t *text) height(r *Renderer, width int, scale float64) int {
	if t.s == "" {
		return 0
	}
	n := 0
	if t.rtl {
		n = len(r.rtl.lines(norm.NFC.String(t.s), t.lang, ptToPx(t.pt*scale), width))
	} else {
		_, lines := t.lines(r, width, scale)
		n = len(lines)
	}
	return n*t.lineHeight(scale) + int(ptToPx(t.gap*scale))
}

func (t *text) draw(r *Renderer, img draw.Image, x, y, width int, scale float64) {
	if t.s == "" {
		return
	}
	face := r.face(t.pt * scale)
	lineH := t.lineHeight(scale)
	ascent := face.Metrics().Ascent.Ceil()
	baseline := func(i int) int { return y + i*lineH + ascent + (lineH-face.Metrics().Height.Ceil())/2 }
	if t.rtl {
		for i, line := range r.rtl.lines(norm.NFC.String(t.s), t.lang, ptToPx(t.pt*scale), width) {
			r.rtl.draw(img, line, x+(width-line.width)/2, baseline(i))
		}
		return
	}
	_, lines := t.lines(r, width, scale)
	for i, line := range lines {
		w := font.MeasureString(face, line).Ceil()
		drawText(img, face, x+(width-w)/2, baseline(i), line)
	}
}

// wrap breaks s into lines no wider than width, at spaces, or inside a
// word too long for a line of its own (a long URL).
func wrap(face font.Face, s string, width int) []string {
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		try := word
		if cur != "" {
			try = cur + " " + word
		}
		if font.MeasureString(face, try).Ceil() <= width {
			cur = try
			continue
		}
		if cur != "" {
			lines = append(lines, cur)
		}
		cur = ""
		for _, c := range word {
			if cur != "" && font.MeasureString(face, cur+string(c)).Ceil() > width {
				// Break a long address after its last / - or . that
				// fits, else where the line is full.
				if i := strings.LastIndexAny(cur, "/-."); i > 0 && i < len(cur)-1 {
					lines = append(lines, cur[:i+1])
					cur = cur[i+1:]
				} else {
					lines = append(lines, cur)
					cur = ""
				}
			}
			cur += string(c)
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// qrBlock is the QR code, mm wide at full scale (quiet zone included),
// centred. Modules are whole pixels, so the code stays sharp.
type qrBlock struct {
	qr      *QR
	mm, gap float64
}

func (q *qrBlock) side(scale float64) int {
	n := q.qr.Size() + 2*quietZone
	module := max(mmToPx(q.mm*scale)/n, 1)
	return module * n
}

func (q *qrBlock) height(_ *Renderer, _ int, scale float64) int {
	return q.side(scale) + int(ptToPx(q.gap*scale))
}

func (q *qrBlock) draw(_ *Renderer, img draw.Image, x, y, width int, scale float64) {
	side := q.side(scale)
	n := q.qr.Size() + 2*quietZone
	module := side / n
	left := x + (width-side)/2
	for my := range q.qr.Size() {
		for mx := range q.qr.Size() {
			if !q.qr.Dark(mx, my) {
				continue
			}
			px, py := left+(mx+quietZone)*module, y+(my+quietZone)*module
			for dy := range module {
				for dx := range module {
					img.Set(px+dx, py+dy, color.Black)
				}
			}
		}
	}
}

// row puts a block beside a column: the QR code on the reading side's
// start, the text after it.
type row struct {
	left     block
	leftFrac float64
	right    column
	rtl      bool
}

func (w *row) widths(width int) (int, int, int) {
	gutter := mmToPx(6)
	lw := int(float64(width) * w.leftFrac)
	return lw, gutter, width - lw - gutter
}

func (w *row) height(r *Renderer, width int, scale float64) int {
	lw, _, rw := w.widths(width)
	return max(w.left.height(r, lw, scale), w.right.height(r, rw, scale)) + int(ptToPx(8*scale))
}

func (w *row) draw(r *Renderer, img draw.Image, x, y, width int, scale float64) {
	lw, gutter, rw := w.widths(width)
	lh, rh := w.left.height(r, lw, scale), w.right.height(r, rw, scale)
	h := max(lh, rh)
	qx, tx := x, x+lw+gutter
	if w.rtl {
		qx, tx = x+rw+gutter, x
	}
	w.left.draw(r, img, qx, y+(h-lh)/2, lw, scale)
	w.right.draw(r, img, tx, y+(h-rh)/2, rw, scale)
}
