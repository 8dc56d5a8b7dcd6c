package xlsform

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"canvass/surveys"
)

// Unzip limits: the largest real XLSForm is a few hundred kilobytes
// unzipped; the limits keep a zip bomb from filling memory.
const (
	maxUnzipped    = 64 << 20
	maxUnzippedXML = 16 << 20
)

// Parse reads an XLSForm workbook into a survey definition. Every
// construct canvass cannot express is a problem naming its sheet, row and
// column, all at once; groups and metadata rows are dropped with a
// warning. The survey is nil when the workbook or its survey sheet cannot
// be read at all. Parse applies defaults (min_n) but does not validate:
// surveys.Validate judges the definition. The error is only for internal
// failures, never for what the workbook holds.
func Parse(r io.Reader) (*surveys.Survey, surveys.Problems, error) {
	def, problems, _, err := ParseCells(r)
	return def, problems, err
}

// ParseCells is Parse that also tells which cell each part of the
// definition was read from.
func ParseCells(r io.Reader) (def *surveys.Survey, problems surveys.Problems, cells Cells, err error) {
	defer func() {
		if x := recover(); x != nil {
			def, problems, cells, err = nil, nil, nil, fmt.Errorf("xlsform: parse: panic: %v", x)
		}
	}()
	f, err := excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzippedXML})
	if err != nil {
		// Not a zip, an old .xls, a password, or too large unzipped: the
		// file is not one canvass can read, whatever the reason.
		return nil, surveys.Problems{{MessageID: msgNotWorkbook}}, Cells{}, nil
	}
	defer f.Close()
	p := &parser{cells: Cells{}}
	def = p.parse(f)
	sortProblems(p.out)
	return def, p.out, p.cells, nil
}

// parser collects the problems of one workbook.
type parser struct {
	out   surveys.Problems
	cells Cells
}

func (p *parser) fail(path, id string, data map[string]any) {
	p.out = append(p.out, surveys.Problem{Path: path, MessageID: id, Data: data})
}

func (p *parser) warn(path, id string, data map[string]any) {
	p.out = append(p.out, surveys.Problem{Path: path, MessageID: id, Data: data, Warning: true})
}

// tables are the three sheets an XLSForm has; choices and settings may be
// missing (nil).
type tables struct {
	survey, choices, settings *table
}

func (p *parser) parse(f *excelize.File) *surveys.Survey {
	ts, ok := p.readTables(f)
	if !ok {
		return nil
	}
	langs := p.resolveLanguages(ts)
	def := &surveys.Survey{}
	def.ApplyDefaults()
	p.readSettings(ts.settings, langs, def)
	lists := p.readChoices(ts.choices)
	p.readSurvey(ts, lists, def)
	return def
}

// readTables reads the sheets; extra sheets (notes, external_choices
// unused) are ignored.
func (p *parser) readTables(f *excelize.File) (tables, bool) {
	var ts tables
	name, ok := findSheet(f, sheetSurvey)
	if !ok {
		p.fail("", msgSheetMissing, map[string]any{"Sheet": sheetSurvey})
		return ts, false
	}
	if ts.survey, ok = p.readTable(f, name, colType); !ok {
		return ts, false
	}
	if name, ok := findSheet(f, sheetChoices); ok {
		ts.choices, _ = p.readTable(f, name, colListName)
	}
	if name, ok := findSheet(f, sheetSettings); ok {
		ts.settings, _ = p.readTable(f, name, "")
	}
	return ts, true
}
