package xlsform

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"

	"canvass/surveys"
)

// table is one sheet read as XLSForm reads it: a header row naming the
// columns, then one row per item.
type table struct {
	sheet string // the sheet's name as the workbook spells it
	cols  []column
	rows  []row
}

// column is one header cell: "label::Español (es)" is the column named
// label in language es.
type column struct {
	index  int    // 0-based
	header string // as written
	name   string // lower case, spaces as "_": "list name" is list_name
	lang   string // the language code of its "::" suffix; "" for none
	// langText is the suffix as written, "" for none; a suffix canvass
	// cannot read leaves lang empty and langText set.
	langText string
}

// row is one data row; num is its number as Excel shows it.
type row struct {
	num   int
	cells []string
}

// cell returns the value in column c, "" past the end of the row.
func (r row) cell(c *column) string {
	if c == nil || c.index >= len(r.cells) {
		return ""
	}
	return r.cells[c.index]
}

// empty reports whether every cell of the row is blank.
func (r row) empty() bool {
	for _, v := range r.cells {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// column returns the column name in lang ("" for a column without one).
func (t *table) column(name, lang string) *column {
	for i := range t.cols {
		if c := &t.cols[i]; c.name == name && c.lang == lang && (lang != "" || c.langText == "") {
			return c
		}
	}
	return nil
}

// value returns the trimmed value of column name in r.
func (t *table) value(r row, name string) string {
	return strings.TrimSpace(r.cell(t.column(name, "")))
}

// path locates a cell as Excel names it, "survey!E7"; a row when the
// column is absent, "survey!7".
func (t *table) path(rowNum int, c *column) string {
	if c == nil {
		return fmt.Sprintf("%s!%d", t.sheet, rowNum)
	}
	cell, _ := excelize.CoordinatesToCellName(c.index+1, rowNum)
	return t.sheet + "!" + cell
}

// findSheet returns the workbook's name for sheet, matched without regard
// to case or surrounding spaces, as Kobo and ODK match it.
func findSheet(f *excelize.File, sheet string) (string, bool) {
	for _, name := range f.GetSheetList() {
		if strings.EqualFold(strings.TrimSpace(name), sheet) {
			return name, true
		}
	}
	return "", false
}

// readTable reads sheet, whose header row must be row 1 and must hold the
// column key ("" for any header at all). A header further down (a title
// above it, an empty first row) is refused rather than guessed at: the
// rows above it may be meant as data.
func (p *parser) readTable(f *excelize.File, sheet, key string) (*table, bool) {
	rows, err := f.GetRows(sheet)
	if err != nil {
		p.fail(sheet, msgNotWorkbook, nil)
		return nil, false
	}
	t := &table{sheet: sheet}
	at := -1
	for i, cells := range rows {
		if (key == "" && !(row{cells: cells}).empty()) || (key != "" && hasHeader(cells, key)) {
			at = i
			break
		}
	}
	switch {
	case at < 0 && key != "":
		p.fail(sheet, msgColumnMissing, map[string]any{"Sheet": sheet, "Column": key})
		return nil, false
	case at < 0:
		return t, true // an empty settings sheet
	case at > 0:
		p.fail(fmt.Sprintf("%s!%d", sheet, at+1), msgHeaderNotFirst, map[string]any{"Sheet": sheet, "Row": at + 1})
		return nil, false
	}
	for i, h := range rows[0] {
		if strings.TrimSpace(h) != "" {
			t.cols = append(t.cols, parseHeader(i, h))
		}
	}
	for i, cells := range rows[1:] {
		if r := (row{num: i + 2, cells: cells}); !r.empty() {
			t.rows = append(t.rows, r)
		}
	}
	return t, true
}

func hasHeader(cells []string, key string) bool {
	for i, h := range cells {
		if parseHeader(i, h).name == key {
			return true
		}
	}
	return false
}

// headerAliases are older spellings of column names that XLSForm tools
// still accept.
var headerAliases = map[string]string{"list name": "list_name", "value": colName}

// parseHeader splits a header into its name and language suffix.
func parseHeader(index int, header string) column {
	name, lang, _ := strings.Cut(header, "::")
	name = strings.ToLower(strings.Join(strings.Fields(name), " "))
	if alias, ok := headerAliases[name]; ok {
		name = alias
	}
	c := column{index: index, header: header, name: strings.ReplaceAll(name, " ", "_")}
	if lang = strings.TrimSpace(lang); lang != "" {
		c.langText = lang
		c.lang, _ = languageCode(lang)
	}
	return c
}

// languageSuffix reads "Español (es)" or "English(en)": a code in
// brackets at the end.
var languageSuffix = regexp.MustCompile(`\(\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*\)$`)

// bareCode is a language code written alone, one canvass may not know.
var bareCode = regexp.MustCompile(`^[a-z]{2,3}$`)

// languageCode reads a language as XLSForm columns and default_language
// name it: "Español (es)", "es", "es-MX" or a name canvass knows
// ("Spanish", "Español").
func languageCode(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if m := languageSuffix.FindStringSubmatch(v); m != nil {
		return strings.ToLower(m[1]), true
	}
	if code, ok := surveys.ParseLanguage(v); ok {
		return code, true
	}
	if bareCode.MatchString(v) {
		return v, true
	}
	return "", false
}

// languageHeader is how canvass writes a language in a column's suffix:
// its own name and its code, as Kobo writes them ("Español (es)").
func languageHeader(code string) string {
	if name := surveys.LanguageName(code); name != code {
		return name + " (" + code + ")"
	}
	return code
}

// text returns the texts of column name in r by language; nil when every
// one is blank, as a text left out of a YAML definition is.
func (t *table) text(r row, name string) surveys.Text {
	var out surveys.Text
	for i := range t.cols {
		c := &t.cols[i]
		if c.name != name || c.lang == "" {
			continue
		}
		if v := r.cell(c); strings.TrimSpace(v) != "" {
			if out == nil {
				out = surveys.Text{}
			}
			out[c.lang] = v
		}
	}
	return out
}
