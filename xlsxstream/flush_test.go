package xlsxstream_test

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"canvass/xlsxstream"
	"canvass/xlsxstream/xlsxstreamtest"
)

// sheetSoFar is the sheet's XML as far as a reader of the bytes written
// so far can decompress it ("" if the sheet's part has not started), and
// the parts before it.
func sheetSoFar(t *testing.T, written []byte) (string, []string) {
	t.Helper()
	r, before, err := xlsxstreamtest.SheetReader(bytes.NewReader(written))
	if err != nil {
		return "", before
	}
	b, err := io.ReadAll(r)
	if err != io.ErrUnexpectedEOF && err != nil {
		t.Fatalf("sheet so far: %v", err)
	}
	return string(b), before
}

func row(i int) []xlsxstream.Cell {
	return []xlsxstream.Cell{xlsxstream.Text(fmt.Sprintf("response %d", i)), xlsxstream.Int(int64(i)),
		xlsxstream.Date(time.Date(2026, 3, 1, 0, 0, i, 0, time.UTC))}
}

// TestFlushSendsEveryRowWritten: what a Writer has been given reaches its
// io.Writer at Flush, whole rows readable as they arrive, not at Close.
func TestFlushSendsEveryRowWritten(t *testing.T) {
	var out bytes.Buffer
	w, err := xlsxstream.New(&out, xlsxstream.Sheet{Name: "Responses", FreezeTopRow: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteRow([]xlsxstream.Cell{xlsxstream.Header("response"), xlsxstream.Header("n"), xlsxstream.Header("at")}); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		if err := w.WriteRow(row(i)); err != nil {
			t.Fatal(err)
		}
	}
	// Held back by the compressor until flushed: a flush is what sends.
	if sheet, _ := sheetSoFar(t, out.Bytes()); strings.Contains(sheet, "</row>") {
		t.Fatalf("rows out before Flush:\n%s", sheet)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	sheet, before := sheetSoFar(t, out.Bytes())
	if want := []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"}; !slices.Equal(before, want) {
		t.Fatalf("parts before the sheet %v", before)
	}
	if n := strings.Count(sheet, "</row>"); n != 4 || !strings.HasSuffix(sheet, `<t>response 3</t></is></c><c r="B4"><v>3</v></c><c r="C4" s="2"><v>46082.00003472222</v></c></row>`) {
		t.Fatalf("%d rows after Flush, ending %q", n, sheet[max(0, len(sheet)-120):])
	}
	for i := 4; i <= 2000; i++ {
		if err := w.WriteRow(row(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if sheet, _ := sheetSoFar(t, out.Bytes()); strings.Count(sheet, "</row>") != 2001 || !strings.Contains(sheet, "response 2000") {
		t.Fatalf("%d rows after the second Flush", strings.Count(sheet, "</row>"))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f := open(t, out.Bytes())
	if rows, err := f.GetRows("Responses"); err != nil || len(rows) != 2001 || rows[2000][0] != "response 2000" {
		t.Fatalf("%d rows %v", len(rows), err)
	}
}

// TestRowsAreNotKept: writing a row allocates nothing once the Writer
// is warm, so memory does not grow with the rows written.
func TestRowsAreNotKept(t *testing.T) {
	w, err := xlsxstream.New(io.Discard, xlsxstream.Sheet{Name: "Responses"})
	if err != nil {
		t.Fatal(err)
	}
	r := append(row(1), xlsxstream.Text(" text with <markup> & _x0041_ \r"), xlsxstream.Number(0.5), xlsxstream.Bool(true))
	for range 100 {
		if err := w.WriteRow(r); err != nil {
			t.Fatal(err)
		}
	}
	if allocs := testing.AllocsPerRun(1000, func() { _ = w.WriteRow(r) }); allocs != 0 {
		t.Fatalf("%v allocations a row", allocs)
	}
}

// BenchmarkWriteRow is the writer's own cost per row, compression
// included, for a row like responses.xlsx's (about 30 cells).
func BenchmarkWriteRow(b *testing.B) {
	w, err := xlsxstream.New(io.Discard, xlsxstream.Sheet{Name: "Responses"})
	if err != nil {
		b.Fatal(err)
	}
	r := []xlsxstream.Cell{xlsxstream.Text("53709f14dfe80a52"), xlsxstream.Text("3f9bc4fdc4842bc1"),
		xlsxstream.Date(time.Date(2026, 3, 26, 6, 38, 17, 642e6, time.UTC)), xlsxstream.Int(1), xlsxstream.Text("sms"), xlsxstream.Text("es"), xlsxstream.Text("Lincoln Heights")}
	for i := range 24 {
		r = append(r, xlsxstream.Int(int64(i%5)))
	}
	r = append(r, xlsxstream.Text("The street lights on Main have been out since March, call 617-[number removed]"))
	b.ResetTimer()
	for i := range b.N {
		r[3] = xlsxstream.Int(int64(i))
		if err := w.WriteRow(r); err != nil {
			b.Fatal(err)
		}
	}
}
