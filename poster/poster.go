// Package poster lays out a survey's printable poster: a QR code of the
// form link, the SMS keyword and number, in one or two languages, in type
// large enough to read from two meters. It renders the QR code as SVG for
// the HTML poster, which the browser prints, and the whole poster as a
// 300 dpi PNG, Arabic shaped and reordered as a browser would.
package poster

import (
	"fmt"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// Poster is everything printed, already in each section's language.
type Poster struct {
	Paper    Paper
	Sections []Section
}

// Section is the poster in one language.
type Section struct {
	Lang string
	RTL  bool
	// Headline and Title are the two largest lines: a call to act and the
	// survey's own title.
	Headline, Title string
	// Scan invites to scan QR, which links to URL; URLLabel and URLText
	// show the address for those who type it.
	Scan     string
	QR       *QR
	URLLabel string
	URLText  string
	// SMSTitle, SMSWord and SMSNumber label the keyword and number; empty
	// Keyword means the survey has no SMS channel.
	SMSTitle, SMSWordLabel, SMSNumberLabel string
	Keyword, Number                        string
	// Small is the small print: the survey's intro and the SMS terms.
	Small []string
}

// Paper is a poster's sheet size.
type Paper struct {
	Name string
	// Width and Height in millimetres.
	Width, Height float64
}

// Papers are the sheets offered: A4 nearly everywhere, Letter in North
// America.
var (
	A4     = Paper{Name: "a4", Width: 210, Height: 297}
	Letter = Paper{Name: "letter", Width: 215.9, Height: 279.4}
)

// PaperNamed returns the paper called name, A4 when unknown.
func PaperNamed(name string) Paper {
	if strings.EqualFold(name, Letter.Name) {
		return Letter
	}
	return A4
}

// QR is an encoded QR code: a square of dark and light modules.
type QR struct {
	// Content is the text encoded (the form link).
	Content string
	modules [][]bool // [y][x], without the quiet zone
}

// quietZone is the light margin, in modules, a reader needs around the code.
const quietZone = 4

// EncodeQR encodes content with high error correction: a poster gets
// scuffed, taped over and photographed at an angle, and 30% of the code
// may be damaged before it fails.
func EncodeQR(content string) (*QR, error) {
	q, err := qrcode.New(content, qrcode.High)
	if err != nil {
		return nil, fmt.Errorf("poster: QR code: %w", err)
	}
	q.DisableBorder = true
	return &QR{Content: content, modules: q.Bitmap()}, nil
}

// Size is the code's width in modules, without the quiet zone.
func (q *QR) Size() int { return len(q.modules) }

// Dark reports whether the module at (x, y) is dark.
func (q *QR) Dark(x, y int) bool { return q.modules[y][x] }

// SVG returns the code as a standalone SVG element scaled to its box, with
// the quiet zone included. Only numbers go into it, so it is safe to embed
// in HTML as is.
func (q *QR) SVG(title string) string {
	n := q.Size() + 2*quietZone
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges" role="img" aria-label="%s">`, n, n, htmlEscape(title))
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n)
	for y := range q.Size() {
		for x := 0; x < q.Size(); {
			if !q.modules[y][x] {
				x++
				continue
			}
			run := 1
			for x+run < q.Size() && q.modules[y][x+run] {
				run++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", x+quietZone, y+quietZone, run, run)
			x += run
		}
	}
	b.WriteString(`"/></svg>`)
	return b.String()
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;").Replace(s)
}

// DisplayNumber formats a sender for people to type: a North American
// number as (617) 555-0123, a short code as is, any other E.164 number as
// written. A Twilio messaging service SID ("MG…") is no number: "".
func DisplayNumber(from string) string {
	from = strings.TrimSpace(from)
	digits := strings.TrimPrefix(from, "+")
	for _, c := range digits {
		if c < '0' || c > '9' {
			return ""
		}
	}
	switch {
	case digits == "":
		return ""
	case strings.HasPrefix(from, "+1") && len(digits) == 11:
		return "(" + digits[1:4] + ") " + digits[4:7] + "-" + digits[7:]
	case !strings.HasPrefix(from, "+") && len(digits) >= 5 && len(digits) <= 6:
		return digits // a short code
	case strings.HasPrefix(from, "+"):
		return from
	}
	return ""
}
