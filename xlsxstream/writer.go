// Package xlsxstream writes an Office Open XML workbook of one worksheet
// straight to an io.Writer, a row at a time. Unlike a spreadsheet library
// it keeps no rows: each row is written as it comes, so memory stays flat
// at any number of rows, and the file can be sent while it is being
// written. The price is what it cannot do: one sheet, no shared strings,
// no formulas, no going back to a row once written, and a fixed set of
// styles (Style).
package xlsxstream

import (
	"archive/zip"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
)

// Excel's limits: a workbook with more rows or columns does not open.
const (
	MaxRows    = 1 << 20
	MaxColumns = 1 << 14
)

// Sheet describes the worksheet.
type Sheet struct {
	// Name is the sheet's tab (see ValidSheetName; SheetName makes any
	// text one).
	Name string
	// RightToLeft lays the sheet out for Arabic, Hebrew and the like:
	// column A on the right.
	RightToLeft bool
	// FreezeTopRow keeps the first row (the header) in view on scrolling.
	FreezeTopRow bool
	// ColumnWidths are the widths of the first columns, in characters;
	// 0 leaves a column at Excel's default.
	ColumnWidths []float64
}

// Writer writes one workbook. Rows go out in the order written; Close
// ends the file. A Writer that is not closed (the caller stopped on an
// error) leaves a file without its zip directory, which no spreadsheet
// opens: a failed export cannot pass for a complete one.
type Writer struct {
	zip *zip.Writer
	// deflate compresses the sheet, kept to flush it: archive/zip does
	// not flush a part's compressor.
	deflate *flate.Writer
	sheet   io.Writer
	// row is the row being built, reused: one row is all a Writer holds.
	row  []byte
	rows int
	err  error
}

// New starts a workbook on w: its fixed parts and the sheet's start,
// sent on with the first rows (or at Flush).
func New(w io.Writer, s Sheet) (*Writer, error) {
	if err := ValidSheetName(s.Name); err != nil {
		return nil, err
	}
	if len(s.ColumnWidths) > MaxColumns {
		return nil, fmt.Errorf("xlsxstream: %d column widths, Excel has %d columns", len(s.ColumnWidths), MaxColumns)
	}
	for i, width := range s.ColumnWidths {
		if !(width >= 0 && width <= 255) { // NaN too
			return nil, fmt.Errorf("xlsxstream: column %d is %v wide, Excel takes 0 to 255", i+1, width)
		}
	}
	xw := &Writer{zip: zip.NewWriter(w)}
	xw.zip.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		fw, err := flate.NewWriter(out, flate.DefaultCompression)
		xw.deflate = fw
		return fw, err
	})
	for _, p := range fixedParts(s.Name) {
		if err := xw.writeStored(p.name, p.body); err != nil {
			return nil, err
		}
	}
	sheet, err := xw.zip.CreateHeader(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate})
	if err != nil {
		return nil, err
	}
	xw.sheet = sheet
	if _, err := sheet.Write(sheetStart(s)); err != nil {
		return nil, err
	}
	return xw, nil
}

// writeStored writes a small part uncompressed with its size and checksum
// in its local header, so a reader of the stream can step over it.
func (w *Writer) writeStored(name string, body []byte) error {
	n := uint64(len(body))
	part, err := w.zip.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Store,
		CRC32: crc32.ChecksumIEEE(body), CompressedSize64: n, UncompressedSize64: n})
	if err != nil {
		return err
	}
	_, err = part.Write(body)
	return err
}

// WriteRow writes the next row, its cells from column A; a zero Cell is
// an empty cell.
func (w *Writer) WriteRow(cells []Cell) error {
	if w.err != nil {
		return w.err
	}
	switch {
	case w.rows >= MaxRows:
		return w.fail(fmt.Errorf("xlsxstream: more than %d rows", MaxRows))
	case len(cells) > MaxColumns:
		return w.fail(fmt.Errorf("xlsxstream: %d cells in a row, Excel has %d columns", len(cells), MaxColumns))
	}
	w.rows++
	w.row = appendRow(w.row[:0], w.rows, cells)
	if _, err := w.sheet.Write(w.row); err != nil {
		return w.fail(err)
	}
	return nil
}

// Flush sends every row written so far on to the io.Writer (which may
// have buffers of its own to flush): the compressor otherwise holds back
// up to 64 KB of rows, waiting for more to compress them with.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	if err := w.deflate.Flush(); err != nil {
		return w.fail(err)
	}
	if err := w.zip.Flush(); err != nil {
		return w.fail(err)
	}
	return nil
}

// Close ends the sheet and writes the zip directory. After an error it
// writes nothing and returns that error, leaving the file truncated.
func (w *Writer) Close() error {
	if w.err != nil {
		return w.err
	}
	if _, err := io.WriteString(w.sheet, sheetEnd); err != nil {
		return w.fail(err)
	}
	if err := w.zip.Close(); err != nil {
		return w.fail(err)
	}
	w.err = errors.New("xlsxstream: writer closed")
	return nil
}

func (w *Writer) fail(err error) error {
	w.err = err
	return err
}
