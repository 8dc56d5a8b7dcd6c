package authoring

import (
	"bytes"
	"context"

	"gopkg.in/yaml.v3"

	"canvass/surveys"
	"canvass/xlsform"
)

// XLSFormType is the media type of an .xlsx upload, as browsers and
// spreadsheet programs send it.
const XLSFormType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// IsWorkbook reports whether source is a zip archive, as every .xlsx is;
// a YAML or JSON definition never starts so.
func IsWorkbook(source []byte) bool {
	return bytes.HasPrefix(source, []byte("PK\x03\x04"))
}

// ParseXLSForm parses and checks a body sent as an XLSForm as Parse does,
// and places every problem in the workbook: validation problems lead with
// the cell their value was read from, "survey!E7 (questions[3].text.es)".
// A body that is no workbook is reported as such rather than as YAML.
func (s *Service) ParseXLSForm(ctx context.Context, source []byte) (*surveys.Survey, surveys.Problems, error) {
	def, problems, cells, err := xlsform.ParseCells(bytes.NewReader(source))
	if err != nil || def == nil || len(problems.Errors()) > 0 {
		return def, problems, err
	}
	more, err := s.Check(ctx, def)
	if err != nil {
		return nil, nil, err
	}
	problems = append(problems, more...)
	cells.Place(problems)
	return def, problems, nil
}

// parseDefinition reads a definition in any format canvass takes: an
// XLSForm workbook, else YAML or JSON. Problems of the workbook name
// their sheet and cell; like a YAML definition's syntax problems, they
// are reported before the definition is validated.
func parseDefinition(source []byte) (*surveys.Survey, surveys.Problems, error) {
	if IsWorkbook(source) {
		return xlsform.Parse(bytes.NewReader(source))
	}
	return surveys.Parse(source)
}

// StoredSource is what a definition is stored with as its source, the
// text the survey editor shows and changes: the YAML or JSON as the
// organizer wrote it, or, for a workbook, the definition written as YAML.
func StoredSource(source []byte, def *surveys.Survey) (string, error) {
	if !IsWorkbook(source) {
		return string(source), nil
	}
	out, err := yaml.Marshal(def)
	if err != nil {
		return "", err
	}
	return string(out), nil
}
