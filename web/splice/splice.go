// Package splice sends a page whose bytes are fixed but for a few short
// values that differ with every request (a form's one-time key, a CSRF
// token) without rendering or compressing the fixed bytes again.
//
// The fixed parts are kept plain and as raw deflate, each ending on a byte
// boundary. A request joins them with its values into the plain page, or
// into one gzip member: the values go in as stored (uncompressed) deflate
// blocks, which need no compressor, and the CRC-32 of the whole page is
// combined from the parts' CRCs, so the fixed bytes are copied, never read
// again.
//
// Deflate refers back by distance, so a part may only refer to the page
// before it when the holes in between have a known width. Given the
// widths, each part is compressed with the page before it as a preset
// dictionary, the holes filled with a byte no part holds: no match can
// then reach into a hole, whatever its value, and the page compresses
// about as well as in one piece. A hole of unknown width starts the
// history afresh.
package splice

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"slices"
)

// Page is a page cut at its holes: the fixed parts between the holes, in
// order. It is immutable once made and safe for concurrent use.
type Page struct {
	plain    [][]byte // the fixed parts: one more than the holes
	deflated [][]byte // each part as raw deflate (see New)
	crc      []uint32 // CRC-32 of each part
	shift    []uint32 // x^(8·len) mod the CRC polynomial, per part: appends its CRC
	widths   []int    // the width each hole's value must have in a gzip member, or -1
	plainLen int
	zipLen   int
}

// AnyWidth is the width of a hole whose values may have any length.
const AnyWidth = -1

// maxStored is the most a stored deflate block holds.
const maxStored = 0xffff

// syncMarker is how a flushed deflate stream ends: the LEN and NLEN of an
// empty stored block, after its header bits and the padding to a byte.
const syncMarker = "\x00\x00\xff\xff"

// gzipHeader starts a gzip member (RFC 1952): deflate, no name, no time,
// unknown OS. XFL is left 0: it is only a hint.
const gzipHeader = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"

// New cuts a page into its fixed parts, with a hole between each two
// (len(parts)-1 holes; an empty part puts two holes side by side, or a
// hole at the start or end), and compresses the parts at level
// (compress/flate's levels). widths holds, for each hole, the length its
// values will have, or AnyWidth; nil means any width for all. A gzip member
// then takes values of those lengths only (Takes).
func New(parts [][]byte, widths []int, level int) (*Page, error) {
	if len(parts) == 0 {
		return nil, errors.New("splice: a page needs at least one part")
	}
	if widths == nil {
		widths = slices.Repeat([]int{AnyWidth}, len(parts)-1)
	}
	if len(widths) != len(parts)-1 {
		return nil, fmt.Errorf("splice: %d widths for %d holes", len(widths), len(parts)-1)
	}
	filler, ok := unusedByte(parts)
	if !ok { // every byte value is in the page: no filler, no shared history
		widths = slices.Repeat([]int{AnyWidth}, len(parts)-1)
	}
	p := &Page{widths: slices.Clone(widths)}
	var history []byte // the page so far, holes filled, since the last hole of unknown width
	for i, part := range parts {
		d, err := deflatePart(part, history, level, i == len(parts)-1)
		if err != nil {
			return nil, err
		}
		kept := bytes.Clone(part)
		p.plain = append(p.plain, kept)
		p.deflated = append(p.deflated, d)
		p.crc = append(p.crc, crc32.ChecksumIEEE(kept))
		p.shift = append(p.shift, xPow8n(int64(len(kept))))
		p.plainLen += len(kept)
		p.zipLen += len(d)
		if i < len(widths) {
			if w := widths[i]; w == AnyWidth {
				history = history[:0]
			} else {
				history = append(append(history, kept...), bytes.Repeat([]byte{filler}, w)...)
			}
		}
	}
	return p, nil
}

// unusedByte finds a byte value none of the parts holds, preferring those
// UTF-8 text never holds.
func unusedByte(parts [][]byte) (byte, bool) {
	var seen [256]bool
	for _, part := range parts {
		for _, b := range part {
			seen[b] = true
		}
	}
	for b := 255; b >= 0; b-- {
		if !seen[b] {
			return byte(b), true
		}
	}
	return 0, false
}

// deflatePart compresses one part, with history as a preset dictionary
// (deflate's window keeps the last 32 KB of it). The last part ends the
// stream (a final block). Every other part ends with a sync flush, whose
// empty stored block is cut before its LEN and NLEN: the hole after the
// part is written as that stored block, with its value's length.
func deflatePart(part, history []byte, level int, last bool) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := flate.NewWriterDict(&buf, level, history)
	if err != nil {
		return nil, fmt.Errorf("splice: %w", err)
	}
	if _, err := zw.Write(part); err != nil {
		return nil, fmt.Errorf("splice: %w", err)
	}
	if last {
		if err := zw.Close(); err != nil {
			return nil, fmt.Errorf("splice: %w", err)
		}
		return buf.Bytes(), nil
	}
	if err := zw.Flush(); err != nil {
		return nil, fmt.Errorf("splice: %w", err)
	}
	b := buf.Bytes()
	if !bytes.HasSuffix(b, []byte(syncMarker)) {
		return nil, errors.New("splice: a flushed deflate stream does not end with an empty stored block")
	}
	return b[:len(b)-len(syncMarker)], nil
}

// Holes is how many values a page takes.
func (p *Page) Holes() int { return len(p.plain) - 1 }

// PlainLen is the length of the page with values in its holes.
func (p *Page) PlainLen(values []string) int {
	n := p.plainLen
	for _, v := range values {
		n += len(v)
	}
	return n
}

// GzipLen is the length of the gzip member AppendGzip appends.
func (p *Page) GzipLen(values []string) int {
	n := len(gzipHeader) + p.zipLen + 8
	for _, v := range values {
		n += storedLen(len(v))
	}
	return n
}

// storedLen is the length of a value as stored blocks: LEN and NLEN for
// the first (its header is the part's flush), a header byte, LEN and NLEN
// for each further block of 64 KiB.
func storedLen(n int) int {
	blocks := max(1, (n+maxStored-1)/maxStored)
	return n + 4 + 5*(blocks-1)
}

// Takes reports whether AppendGzip takes values: one per hole, each of the
// width New was given for it.
func (p *Page) Takes(values []string) bool {
	if len(values) != p.Holes() {
		return false
	}
	for i, v := range values {
		if w := p.widths[i]; w != AnyWidth && len(v) != w {
			return false
		}
	}
	return true
}

// AppendPlain appends the page with values in its holes, in order.
func (p *Page) AppendPlain(dst []byte, values []string) ([]byte, error) {
	if len(values) != p.Holes() {
		return dst, fmt.Errorf("splice: %d values for %d holes", len(values), p.Holes())
	}
	dst = append(dst, p.plain[0]...)
	for i, v := range values {
		dst = append(dst, v...)
		dst = append(dst, p.plain[i+1]...)
	}
	return dst, nil
}

// AppendGzip appends the page with values in its holes as one gzip member
// (RFC 1952) that any gzip reader decompresses to what AppendPlain gives.
// The values must be ones the page Takes.
func (p *Page) AppendGzip(dst []byte, values []string) ([]byte, error) {
	if !p.Takes(values) {
		return dst, fmt.Errorf("splice: values of %d holes, widths %v, do not fit", p.Holes(), p.widths)
	}
	dst = append(dst, gzipHeader...)
	var crc uint32 // the CRC-32 of nothing
	for i, d := range p.deflated {
		dst = append(dst, d...)
		crc = mulMod(p.shift[i], crc) ^ p.crc[i]
		if i < len(values) {
			dst, crc = appendStored(dst, values[i], crc)
		}
	}
	dst = binary.LittleEndian.AppendUint32(dst, crc)
	return binary.LittleEndian.AppendUint32(dst, uint32(p.PlainLen(values))), nil // ISIZE is the length mod 2³²
}

// appendStored appends v as stored deflate blocks, right after a part whose
// flush left a stored block's header, and carries the CRC over v.
func appendStored(dst []byte, v string, crc uint32) ([]byte, uint32) {
	for first := true; first || len(v) > 0; first = false {
		n := min(len(v), maxStored)
		if !first {
			dst = append(dst, 0x00) // BFINAL 0, BTYPE 00 (stored), padded to the byte
		}
		dst = binary.LittleEndian.AppendUint16(dst, uint16(n))
		dst = binary.LittleEndian.AppendUint16(dst, ^uint16(n))
		start := len(dst)
		dst = append(dst, v[:n]...)
		crc = crc32.Update(crc, crc32.IEEETable, dst[start:])
		v = v[n:]
	}
	return dst, crc
}
