package xlsxstream_test

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"canvass/xlsxstream"
)

// write builds a workbook of rows on sheet s.
func write(t *testing.T, s xlsxstream.Sheet, rows ...[]xlsxstream.Cell) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := xlsxstream.New(&buf, s)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := w.WriteRow(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// open reads a workbook back with excelize, a reader written apart from
// this package.
func open(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("excelize cannot open the workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func cellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

func TestValuesAndTypesReadBack(t *testing.T) {
	received := time.Date(2026, 3, 5, 12, 34, 56, 0, time.UTC)
	b := write(t, xlsxstream.Sheet{Name: "Responses"},
		[]xlsxstream.Cell{xlsxstream.Header("Name"), xlsxstream.Header("Count"), xlsxstream.Header("Share"), xlsxstream.Header("Done"), xlsxstream.Header("Received")},
		[]xlsxstream.Cell{xlsxstream.Text("Ana"), xlsxstream.Int(42), xlsxstream.Number(0.125), xlsxstream.Bool(true), xlsxstream.Date(received)},
		[]xlsxstream.Cell{xlsxstream.Text("0012"), xlsxstream.Int(-7), xlsxstream.Number(math.NaN()), xlsxstream.Bool(false), {}, xlsxstream.Text("after a gap")},
		nil,
		[]xlsxstream.Cell{{}, {}, xlsxstream.Int(1 << 40)},
	)
	f := open(t, b)
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "Responses" {
		t.Fatalf("sheets %v", got)
	}
	want := []struct {
		cell, value string
		typ         excelize.CellType
	}{
		{"A1", "Name", excelize.CellTypeInlineString},
		{"A2", "Ana", excelize.CellTypeInlineString},
		{"B2", "42", excelize.CellTypeUnset}, // a number: no t attribute
		{"C2", "0.125", excelize.CellTypeUnset},
		{"D2", "TRUE", excelize.CellTypeBool},
		{"E2", "2026-03-05 12:34:56", excelize.CellTypeUnset},
		{"A3", "0012", excelize.CellTypeInlineString}, // text stays text, zeros kept
		{"B3", "-7", excelize.CellTypeUnset},
		{"C3", "#NUM!", excelize.CellTypeError},
		{"D3", "FALSE", excelize.CellTypeBool},
		{"E3", "", excelize.CellTypeUnset},
		{"F3", "after a gap", excelize.CellTypeInlineString},
		{"A5", "", excelize.CellTypeUnset},
		{"C5", "1099511627776", excelize.CellTypeUnset},
	}
	for _, w := range want {
		value, err := f.GetCellValue("Responses", w.cell)
		typ, terr := f.GetCellType("Responses", w.cell)
		if err != nil || terr != nil || value != w.value || typ != w.typ {
			t.Errorf("%s: %q type %v (%v %v), want %q type %v", w.cell, value, typ, err, terr, w.value, w.typ)
		}
	}
	rows, err := f.GetRows("Responses")
	if err != nil || len(rows) != 5 || len(rows[3]) != 0 {
		t.Fatalf("rows %q %v", rows, err)
	}
	// The date is a serial number a spreadsheet sorts and groups by.
	raw, _ := f.GetCellValue("Responses", "E2", excelize.Options{RawCellValue: true})
	serial, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t.Fatalf("E2 holds %q", raw)
	}
	if got, err := excelize.ExcelDateToTime(serial, false); err != nil || !got.Round(time.Second).Equal(received) {
		t.Fatalf("E2 is %v (%v), want %v", got, err, received)
	}
	// Header cells are bold on a fill, wrapped.
	id, err := f.GetCellStyle("Responses", "A1")
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil || st.Font == nil || !st.Font.Bold || st.Alignment == nil || !st.Alignment.WrapText || len(st.Fill.Color) == 0 {
		t.Fatalf("header style %+v %v", st, err)
	}
	if id, _ := f.GetCellStyle("Responses", "A2"); id != 0 {
		t.Fatalf("A2 styled %d", id)
	}
}

func TestDates(t *testing.T) {
	utcMinus5 := time.FixedZone("UTC-5", -5*3600)
	for _, c := range []struct {
		in    time.Time
		shown string
	}{
		{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "2026-01-01 00:00:00"},
		{time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC), "2026-12-31 23:59:59"},
		{time.Date(2024, 2, 29, 6, 30, 0, 0, time.UTC), "2024-02-29 06:30:00"},
		// A workbook's dates have no zone: the wall clock is written.
		{time.Date(2026, 3, 5, 7, 0, 0, 0, utcMinus5), "2026-03-05 07:00:00"},
		{time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC), "1900-03-01 00:00:00"},
		{time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC), "9999-12-31 23:59:59"},
		// Excel cannot show these as dates: text.
		{time.Date(1900, 2, 28, 0, 0, 0, 0, time.UTC), "1900-02-28 00:00:00"},
		{time.Date(1850, 7, 4, 0, 0, 0, 0, time.UTC), "1850-07-04 00:00:00"},
		{time.Time{}, "0001-01-01 00:00:00"},
	} {
		f := open(t, write(t, xlsxstream.Sheet{Name: "Dates"}, []xlsxstream.Cell{xlsxstream.Date(c.in)}))
		shown, _ := f.GetCellValue("Dates", "A1")
		typ, _ := f.GetCellType("Dates", "A1")
		if shown != c.shown {
			t.Errorf("%v shown %q, want %q", c.in, shown, c.shown)
		}
		if text := c.in.Year() < 1900 || c.in.Month() < 3 && c.in.Year() == 1900; text != (typ == excelize.CellTypeInlineString) {
			t.Errorf("%v: cell type %v", c.in, typ)
		}
	}
}

func TestStrangeTextStaysText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"مرحبا بالعالم", "مرحبا بالعالم"},
		{"שלום עולם", "שלום עולם"},
		{"Xin chào, đèn đường hỏng", "Xin chào, đèn đường hỏng"},
		{"👍🏽 family 👨‍👩‍👧 flag 🇻🇳", "👍🏽 family 👨‍👩‍👧 flag 🇻🇳"},
		{"=HYPERLINK(\"http://x\",\"y\")", "=HYPERLINK(\"http://x\",\"y\")"},
		{"+1", "+1"},
		{"-2", "-2"},
		{"@SUM(A1)", "@SUM(A1)"},
		{"]]> <![CDATA[ x ]]>", "]]> <![CDATA[ x ]]>"},
		{"<b>bold</b> & &amp; 'quoted' \"double\"", "<b>bold</b> & &amp; 'quoted' \"double\""},
		{"bell\x07 nul\x00 vt\x0b ff\x0c esc\x1b", "bell nul vt ff esc"},
		{"tab\there\nline two\r\nline three", "tab\there\nline two\r\nline three"},
		{"  spaces kept  ", "  spaces kept  "},
		{"\nleading line", "\nleading line"},
		{"\rCR first", "\rCR first"},
		{"\x01 dropped, then a space", " dropped, then a space"},
		{"bad utf-8 \xff\xfe here", "bad utf-8  here"},
		{"noncharacters \uFFFE\uFFFF gone, \uFFFD kept", "noncharacters  gone, \uFFFD kept"},
		// Excel's own escape for a character, typed literally.
		{"_x0041_", "_x0041_"},
		{"_x0041_x0042_", "_x0041_x0042_"},
		{"a_x00\x01 41_", "a_x00 41_"},
		{"_x00\x0141_ made by a drop", "_x0041_ made by a drop"},
		{"snake_case_x_y", "snake_case_x_y"},
		{"\x01\x02", ""},
	} {
		f := open(t, write(t, xlsxstream.Sheet{Name: "Text"}, []xlsxstream.Cell{xlsxstream.Text(c.in)}))
		got, err := f.GetCellValue("Text", "A1")
		if err != nil || got != c.want {
			t.Errorf("%q reads back %q (%v), want %q", c.in, got, err, c.want)
		}
		if formula, _ := f.GetCellFormula("Text", "A1"); formula != "" {
			t.Errorf("%q became the formula %q", c.in, formula)
		}
	}
}

func TestLongTextIsCutAtExcelsLimit(t *testing.T) {
	long := strings.Repeat("ab", 20000)
	// An emoji (two UTF-16 units) straddling the limit is left out whole.
	straddle := strings.Repeat("a", xlsxstream.MaxCellText-1) + "😀tail"
	f := open(t, write(t, xlsxstream.Sheet{Name: "Long"}, []xlsxstream.Cell{xlsxstream.Text(long), xlsxstream.Text(straddle)}))
	a, _ := f.GetCellValue("Long", "A1")
	b, _ := f.GetCellValue("Long", "B1")
	if a != long[:xlsxstream.MaxCellText] {
		t.Fatalf("A1: %d characters", len(a))
	}
	if b != straddle[:xlsxstream.MaxCellText-1] {
		t.Fatalf("B1: %d UTF-16 units, ends %q", len(utf16.Encode([]rune(b))), b[len(b)-5:])
	}
}

func TestSheetViewAndColumns(t *testing.T) {
	b := write(t, xlsxstream.Sheet{Name: "الردود", RightToLeft: true, FreezeTopRow: true, ColumnWidths: []float64{16, 16, 16, 0, 30.5}},
		[]xlsxstream.Cell{xlsxstream.Header("أ"), xlsxstream.Header("ب")}, []xlsxstream.Cell{xlsxstream.Int(1), xlsxstream.Int(2)})
	f := open(t, b)
	sheet := f.GetSheetList()[0]
	if sheet != "الردود" {
		t.Fatalf("sheet %q", sheet)
	}
	view, err := f.GetSheetView(sheet, -1)
	if err != nil || view.RightToLeft == nil || !*view.RightToLeft {
		t.Fatalf("view %+v %v", view, err)
	}
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 || panes.TopLeftCell != "A2" {
		t.Fatalf("panes %+v %v", panes, err)
	}
	for col, want := range map[string]float64{"A": 16, "C": 16, "E": 30.5} {
		if got, err := f.GetColWidth(sheet, col); err != nil || got != want {
			t.Errorf("column %s: %v wide (%v), want %v", col, got, err, want)
		}
	}
	// Left to right, nothing frozen.
	f = open(t, write(t, xlsxstream.Sheet{Name: "LTR"}, []xlsxstream.Cell{xlsxstream.Int(1)}))
	view, err = f.GetSheetView("LTR", -1)
	if err != nil || (view.RightToLeft != nil && *view.RightToLeft) {
		t.Fatalf("view %+v %v", view, err)
	}
	if panes, _ := f.GetPanes("LTR"); panes.Freeze {
		t.Fatalf("panes %+v", panes)
	}
}

func TestRejectsWhatExcelCannotOpen(t *testing.T) {
	for _, s := range []xlsxstream.Sheet{
		{Name: ""},
		{Name: "a:b"},
		{Name: "History"},
		{Name: "ok", ColumnWidths: []float64{-1}},
		{Name: "ok", ColumnWidths: []float64{math.NaN()}},
		{Name: "ok", ColumnWidths: []float64{256}},
	} {
		if _, err := xlsxstream.New(&bytes.Buffer{}, s); err == nil {
			t.Errorf("%+v accepted", s)
		}
	}
	var buf bytes.Buffer
	w, err := xlsxstream.New(&buf, xlsxstream.Sheet{Name: "ok"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteRow(make([]xlsxstream.Cell, xlsxstream.MaxColumns+1)); err == nil {
		t.Fatal("a row past column XFD accepted")
	}
	// The error sticks: the workbook is not closed into a valid file.
	if err := w.Close(); err == nil {
		t.Fatal("closed after an error")
	}
	if _, err := excelize.OpenReader(bytes.NewReader(buf.Bytes())); err == nil {
		t.Fatal("a failed workbook opens")
	}
}

func TestLastColumnIsXFD(t *testing.T) {
	row := make([]xlsxstream.Cell, xlsxstream.MaxColumns)
	for _, col := range []int{1, 26, 27, 52, 53, 702, 703, xlsxstream.MaxColumns} {
		row[col-1] = xlsxstream.Int(int64(col))
	}
	f := open(t, write(t, xlsxstream.Sheet{Name: "Wide"}, row))
	for _, col := range []int{1, 26, 27, 52, 53, 702, 703, xlsxstream.MaxColumns} {
		if got, _ := f.GetCellValue("Wide", cellName(col, 1)); got != strconv.Itoa(col) {
			t.Errorf("%s holds %q", cellName(col, 1), got)
		}
	}
}
