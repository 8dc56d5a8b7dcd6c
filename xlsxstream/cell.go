package xlsxstream

import (
	"math"
	"strconv"
	"time"
)

// Cell is one cell's value and style. The zero Cell is an empty cell:
// nothing is written for it.
type Cell struct {
	kind  kind
	style Style
	text  string
	n     int64
	f     float64
}

type kind uint8

const (
	kindEmpty kind = iota
	kindText
	kindInt
	kindNumber
	kindBool
)

// Text is a text cell, always text: "=1+1" or "0012" are shown as typed,
// never run as a formula or read as a number. Characters XML cannot carry
// (most control characters) are dropped and text past Excel's limit,
// MaxCellText, is cut. Empty text is an empty cell.
func Text(s string) Cell {
	if s == "" {
		return Cell{}
	}
	return Cell{kind: kindText, text: s}
}

// Header is a text cell in StyleHeader.
func Header(s string) Cell {
	c := Text(s)
	if c.kind != kindEmpty {
		c.style = StyleHeader
	}
	return c
}

// Int is a whole number. Excel holds numbers as float64: past 2^53 it
// shows them rounded.
func Int(n int64) Cell { return Cell{kind: kindInt, n: n} }

// Number is a number; NaN and infinities, which a workbook cannot hold,
// are written as the error #NUM!.
func Number(f float64) Cell { return Cell{kind: kindNumber, f: f} }

// Bool is TRUE or FALSE.
func Bool(b bool) Cell {
	c := Cell{kind: kindBool}
	if b {
		c.n = 1
	}
	return c
}

// Date is a date and time in StyleDate, as a spreadsheet sorts, filters
// and groups dates: a serial number of days. A workbook's dates have no
// time zone; t's wall clock in its own location is written, so pass t in
// the zone it should be read in. Dates Excel cannot show (before March
// 1900 or after 9999) are written as text.
func Date(t time.Time) Cell {
	if s, ok := serial(t); ok {
		return Cell{kind: kindNumber, style: StyleDate, f: s}
	}
	return Text(t.Format("2006-01-02 15:04:05"))
}

// serial is t as days since Excel's epoch, 1899-12-30 as Excel counts
// from March 1900 (it keeps Lotus 1-2-3's 29 February 1900, so earlier
// serials are off by a day: Date writes those as text).
func serial(t time.Time) (float64, bool) {
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	if wall.Before(time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC)) || wall.Year() > 9999 {
		return 0, false
	}
	// Seconds, not a time.Duration, which overflows after 292 years.
	secs := wall.Unix() - time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).Unix()
	return float64(secs)/86400 + float64(wall.Nanosecond())/86400e9, true
}

// appendRow writes row r (from 1) of cells.
func appendRow(b []byte, r int, cells []Cell) []byte {
	b = append(b, `<row r="`...)
	b = strconv.AppendInt(b, int64(r), 10)
	b = append(b, `">`...)
	for i, c := range cells {
		b = appendCell(b, i+1, r, c)
	}
	return append(b, `</row>`...)
}

// appendCell writes c at column col, row r. Every cell names its place
// (r="B7"), so empty cells can simply be left out.
func appendCell(b []byte, col, r int, c Cell) []byte {
	if c.kind == kindEmpty {
		return b
	}
	b = append(b, `<c r="`...)
	b = appendColumn(b, col)
	b = strconv.AppendInt(b, int64(r), 10)
	b = append(b, '"')
	if c.style != StylePlain {
		b = append(b, ` s="`...)
		b = strconv.AppendInt(b, int64(c.style), 10)
		b = append(b, '"')
	}
	switch c.kind {
	case kindText:
		// Inline strings: shared strings would need every string kept
		// until the end.
		b = append(b, ` t="inlineStr"><is>`...)
		b = appendText(b, c.text)
		return append(b, `</is></c>`...)
	case kindBool:
		b = append(b, ` t="b"><v>`...)
		b = strconv.AppendInt(b, c.n, 10)
	case kindInt:
		b = append(b, `><v>`...)
		b = strconv.AppendInt(b, c.n, 10)
	case kindNumber:
		if math.IsNaN(c.f) || math.IsInf(c.f, 0) {
			b = append(b, ` t="e"><v>#NUM!`...)
			break
		}
		b = append(b, `><v>`...)
		b = strconv.AppendFloat(b, c.f, 'g', -1, 64)
	}
	return append(b, `</v></c>`...)
}

// appendColumn writes column col (from 1) in letters: A, Z, AA, XFD.
func appendColumn(b []byte, col int) []byte {
	var letters [3]byte // MaxColumns is XFD
	i := len(letters)
	for col > 0 {
		col--
		i--
		letters[i] = byte('A' + col%26)
		col /= 26
	}
	return append(b, letters[i:]...)
}
