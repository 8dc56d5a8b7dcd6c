package xlsxstream_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"slices"
	"testing"
	"time"

	"canvass/xlsxstream"
)

// sheetXML is the worksheet as encoding/xml reads it.
type sheetXML struct {
	Views []struct {
		RightToLeft bool `xml:"rightToLeft,attr"`
		Pane        *struct {
			YSplit      int    `xml:"ySplit,attr"`
			TopLeftCell string `xml:"topLeftCell,attr"`
			State       string `xml:"state,attr"`
		} `xml:"pane"`
	} `xml:"sheetViews>sheetView"`
	Cols []struct {
		Min   int     `xml:"min,attr"`
		Max   int     `xml:"max,attr"`
		Width float64 `xml:"width,attr"`
	} `xml:"cols>col"`
	Rows []struct {
		R     int `xml:"r,attr"`
		Cells []struct {
			R  string  `xml:"r,attr"`
			S  int     `xml:"s,attr"`
			T  string  `xml:"t,attr"`
			V  string  `xml:"v"`
			F  *string `xml:"f"`
			IS struct {
				T struct {
					Text  string `xml:",chardata"`
					Space string `xml:"space,attr"`
				} `xml:"t"`
			} `xml:"is"`
			Unknown []string `xml:",any"`
		} `xml:"c"`
	} `xml:"sheetData>row"`
}

// TestPartsAreWellFormed reads the workbook with archive/zip and
// encoding/xml only: every part parses, the parts come in the order a
// streaming reader needs, and the sheet says what the writer meant.
func TestPartsAreWellFormed(t *testing.T) {
	b := write(t, xlsxstream.Sheet{Name: `Q&A "1"`, RightToLeft: true, FreezeTopRow: true, ColumnWidths: []float64{16, 16, 20}},
		[]xlsxstream.Cell{xlsxstream.Header("a"), xlsxstream.Header(" b "), xlsxstream.Header("c")},
		[]xlsxstream.Cell{xlsxstream.Text("=1+1"), xlsxstream.Int(3), xlsxstream.Date(time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC)), xlsxstream.Bool(true)},
	)
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var sheet []byte
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil { // the checksum included
			t.Fatalf("%s: %v", f.Name, err)
		}
		d := xml.NewDecoder(bytes.NewReader(body))
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s is not well-formed XML: %v\n%s", f.Name, err, body)
			}
		}
		if f.Name == "xl/worksheets/sheet1.xml" {
			sheet = body
		}
	}
	want := []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml"}
	if !slices.Equal(names, want) {
		t.Fatalf("parts %v, want %v", names, want)
	}
	var ws sheetXML
	if err := xml.Unmarshal(sheet, &ws); err != nil {
		t.Fatal(err)
	}
	if len(ws.Views) != 1 || !ws.Views[0].RightToLeft || ws.Views[0].Pane == nil || ws.Views[0].Pane.State != "frozen" ||
		ws.Views[0].Pane.YSplit != 1 || ws.Views[0].Pane.TopLeftCell != "A2" {
		t.Fatalf("views %+v", ws.Views)
	}
	if len(ws.Cols) != 2 || ws.Cols[0].Min != 1 || ws.Cols[0].Max != 2 || ws.Cols[0].Width != 16 || ws.Cols[1].Min != 3 || ws.Cols[1].Width != 20 {
		t.Fatalf("cols %+v", ws.Cols)
	}
	if len(ws.Rows) != 2 || ws.Rows[0].R != 1 || ws.Rows[1].R != 2 {
		t.Fatalf("rows %+v", ws.Rows)
	}
	h, r := ws.Rows[0].Cells, ws.Rows[1].Cells
	if h[0].T != "inlineStr" || h[0].S != int(xlsxstream.StyleHeader) || h[0].IS.T.Text != "a" || h[1].IS.T.Text != " b " || h[1].IS.T.Space != "preserve" || h[0].IS.T.Space != "" {
		t.Fatalf("header %+v", h)
	}
	if r[0].R != "A2" || r[0].T != "inlineStr" || r[0].F != nil || r[0].IS.T.Text != "=1+1" ||
		r[1].T != "" || r[1].V != "3" ||
		r[2].T != "" || r[2].S != int(xlsxstream.StyleDate) || r[2].V != "46086.5" ||
		r[3].T != "b" || r[3].V != "1" {
		t.Fatalf("row 2 %+v", r)
	}
	for _, c := range append(h, r...) {
		if len(c.Unknown) > 0 {
			t.Fatalf("%s holds %v", c.R, c.Unknown)
		}
	}
	// The sheet name is escaped in workbook.xml, and read back whole.
	if got := open(t, b).GetSheetList(); len(got) != 1 || got[0] != `Q&A "1"` {
		t.Fatalf("sheets %q", got)
	}
}

func TestSheetNames(t *testing.T) {
	for _, name := range []string{"Responses", "Respuestas", "الردود", "Câu trả lời", "a'b", "😀 thirty-one characters long.", "Sheet (1) — draft"} {
		if err := xlsxstream.ValidSheetName(name); err != nil {
			t.Errorf("%q: %v", name, err)
		}
	}
	for _, name := range []string{"", "a/b", `a\b`, "a?b", "a*b", "[a]", "a:b", "'a", "a'", "history", "tab\there",
		"thirty-two characters long, yes!", "😀 thirty-one characters long, no"} {
		if err := xlsxstream.ValidSheetName(name); err == nil {
			t.Errorf("%q accepted", name)
		}
	}
	for in, want := range map[string]string{
		"Responses":                             "Responses",
		"Q1: who? [draft] */\\":                 "Q1 who draft ",
		"'quoted'":                              "quoted",
		"a name well past the thirty-one limit": "a name well past the thirty-one",
		"[]:*?/\\":                              "Sheet1",
		"History":                               "Sheet1",
		"line\nbreak":                           "linebreak",
	} {
		got := xlsxstream.SheetName(in)
		if got != want || xlsxstream.ValidSheetName(got) != nil {
			t.Errorf("SheetName(%q) = %q, want %q", in, got, want)
		}
	}
}
