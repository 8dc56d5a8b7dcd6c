package xlsxstream

import "strconv"

// The parts of a workbook besides its sheet: what Excel, LibreOffice and
// Numbers need to open one sheet with styles, and nothing more (no shared
// strings, no theme, no document properties).

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const (
	nsMain = `http://schemas.openxmlformats.org/spreadsheetml/2006/main`
	nsRel  = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
	nsPkg  = `http://schemas.openxmlformats.org/package/2006/relationships`
)

const contentTypes = xmlHeader +
	`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
	`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
	`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
	`</Types>`

const packageRels = xmlHeader +
	`<Relationships xmlns="` + nsPkg + `">` +
	`<Relationship Id="rId1" Type="` + nsRel + `/officeDocument" Target="xl/workbook.xml"/>` +
	`</Relationships>`

const workbookRels = xmlHeader +
	`<Relationships xmlns="` + nsPkg + `">` +
	`<Relationship Id="rId1" Type="` + nsRel + `/worksheet" Target="worksheets/sheet1.xml"/>` +
	`<Relationship Id="rId2" Type="` + nsRel + `/styles" Target="styles.xml"/>` +
	`</Relationships>`

// Style is a cell's look, one of the few a Writer knows.
type Style uint8

// The styles, numbered as the cell formats (cellXfs) of styles.xml.
const (
	StylePlain  Style = iota
	StyleHeader       // bold on a light fill, wrapped, top-aligned
	StyleDate         // a date and time, yyyy-mm-dd hh:mm:ss
)

// DateFormat is how StyleDate shows a date.
const DateFormat = "yyyy-mm-dd hh:mm:ss"

// styles are the fonts, fills and cell formats of Style. The first two
// fills are the ones Excel reserves (none, gray125).
const styles = xmlHeader +
	`<styleSheet xmlns="` + nsMain + `">` +
	`<numFmts count="1"><numFmt numFmtId="164" formatCode="` + DateFormat + `"/></numFmts>` +
	`<fonts count="2">` +
	`<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
	`<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
	`</fonts>` +
	`<fills count="3">` +
	`<fill><patternFill patternType="none"/></fill>` +
	`<fill><patternFill patternType="gray125"/></fill>` +
	`<fill><patternFill patternType="solid"><fgColor rgb="FFE8EEF4"/><bgColor indexed="64"/></patternFill></fill>` +
	`</fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="3">` +
	`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1">` +
	`<alignment vertical="top" wrapText="1"/></xf>` +
	`<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`</cellXfs>` +
	`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
	`</styleSheet>`

type part struct {
	name string
	body []byte
}

// fixedParts are the parts before the sheet, [Content_Types].xml first
// as readers that sniff a file expect.
func fixedParts(sheetName string) []part {
	workbook := xmlHeader +
		`<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">` +
		`<bookViews><workbookView activeTab="0"/></bookViews>` +
		`<sheets><sheet name="` + string(appendEscaped(nil, sheetName, MaxSheetName)) + `" sheetId="1" r:id="rId1"/></sheets>` +
		`</workbook>`
	return []part{
		{"[Content_Types].xml", []byte(contentTypes)},
		{"_rels/.rels", []byte(packageRels)},
		{"xl/workbook.xml", []byte(workbook)},
		{"xl/_rels/workbook.xml.rels", []byte(workbookRels)},
		{"xl/styles.xml", []byte(styles)},
	}
}

// sheetStart is the worksheet up to its first row: the view (direction,
// frozen header) and the column widths.
func sheetStart(s Sheet) []byte {
	b := []byte(xmlHeader + `<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">`)
	b = append(b, `<sheetViews><sheetView workbookViewId="0" tabSelected="1"`...)
	if s.RightToLeft {
		b = append(b, ` rightToLeft="1"`...)
	}
	b = append(b, '>')
	if s.FreezeTopRow {
		b = append(b, `<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>`+
			`<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>`...)
	}
	b = append(b, `</sheetView></sheetViews>`...)
	b = appendCols(b, s.ColumnWidths)
	return append(b, `<sheetData>`...)
}

// appendCols writes the column widths, a run of equal widths as one
// <col>.
func appendCols(b []byte, widths []float64) []byte {
	open := false
	for i := 0; i < len(widths); {
		j := i
		for j+1 < len(widths) && widths[j+1] == widths[i] {
			j++
		}
		if widths[i] > 0 {
			if !open {
				b, open = append(b, `<cols>`...), true
			}
			b = append(b, `<col min="`...)
			b = strconv.AppendInt(b, int64(i+1), 10)
			b = append(b, `" max="`...)
			b = strconv.AppendInt(b, int64(j+1), 10)
			b = append(b, `" width="`...)
			b = strconv.AppendFloat(b, widths[i], 'f', -1, 64)
			b = append(b, `" customWidth="1"/>`...)
		}
		i = j + 1
	}
	if open {
		b = append(b, `</cols>`...)
	}
	return b
}

const sheetEnd = `</sheetData></worksheet>`
