// Package xlsxstreamtest reads a workbook written by xlsxstream while it
// is still arriving, to check that rows reach a reader before the
// workbook ends. archive/zip cannot: it starts from the zip directory, at
// the end of the file.
package xlsxstreamtest

import (
	"bufio"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"io"
)

// SheetPart is the part SheetReader looks for.
const SheetPart = "xl/worksheets/sheet1.xml"

// SheetReader steps over the parts before the sheet (xlsxstream writes
// their sizes in their local headers) and returns the sheet's XML,
// decompressed as far as the bytes read from r allow: a Read blocks until
// more arrives. It also returns the names of the parts it stepped over.
func SheetReader(r io.Reader) (io.Reader, []string, error) {
	// A bufio.Reader is an io.ByteReader, so flate reads no further into
	// r than the compressed data it decodes.
	br := bufio.NewReader(r)
	var before []string
	for {
		var h [30]byte
		if _, err := io.ReadFull(br, h[:]); err != nil {
			return nil, before, fmt.Errorf("local header after %v: %w", before, err)
		}
		le := binary.LittleEndian
		if sig := le.Uint32(h[0:]); sig != 0x04034b50 {
			return nil, before, fmt.Errorf("no local header after %v: signature %#x", before, sig)
		}
		flags, method, size := le.Uint16(h[6:]), le.Uint16(h[8:]), le.Uint32(h[18:])
		name := make([]byte, le.Uint16(h[26:]))
		if _, err := io.ReadFull(br, name); err != nil {
			return nil, before, err
		}
		if _, err := br.Discard(int(le.Uint16(h[28:]))); err != nil {
			return nil, before, err
		}
		if string(name) == SheetPart {
			if method != 8 {
				return nil, before, fmt.Errorf("%s: method %d, not deflate", name, method)
			}
			return flate.NewReader(br), before, nil
		}
		if flags&0x8 != 0 {
			return nil, before, fmt.Errorf("%s: size not in its local header", name)
		}
		if _, err := br.Discard(int(size)); err != nil {
			return nil, before, err
		}
		before = append(before, string(name))
	}
}
