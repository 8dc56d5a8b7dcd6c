package xlsform

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"canvass/surveys"
)

// Write writes def as an XLSForm that Parse reads back into the identical
// definition, and that Kobo and ODK load (they ignore canvass_… columns).
func Write(w io.Writer, def *surveys.Survey) error {
	return WriteWith(w, def, Options{})
}

// Options are what a download may add to the form.
type Options struct {
	// Version fills the settings' version: ODK Central and Kobo tell
	// uploads of one form apart by it. canvass numbers its own versions,
	// so Parse does not read it back.
	Version string
	// Languages get text columns, empty where the survey has no text in
	// them: a translator's sheet for a language the survey is not yet
	// offered in.
	Languages []string
}

// WriteWith is Write with options.
func WriteWith(w io.Writer, def *surveys.Survey, opts Options) error {
	langs := columnLanguages(def, opts.Languages)
	survey, choices, err := questionSheets(def, langs)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheetSurvey); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	for _, s := range []*sheetRows{survey, choices, settingsSheet(def, langs, opts.Version)} {
		if err := s.write(f, bold); err != nil {
			return err
		}
	}
	_, err = f.WriteTo(w)
	return err
}

// sheetRows is one sheet to write: its header and its rows, each a value
// by header.
type sheetRows struct {
	name   string
	header []string
	rows   []map[string]any
}

// textHeaders adds one column per language for a text column.
func (s *sheetRows) textHeaders(name string, langs []string) {
	for _, l := range langs {
		s.header = append(s.header, name+"::"+languageHeader(l))
	}
}

// putText puts t's translations in the row, under their columns.
func putText(row map[string]any, name string, t surveys.Text) {
	for l, v := range t {
		row[name+"::"+languageHeader(l)] = v
	}
}

func (s *sheetRows) write(f *excelize.File, bold int) error {
	if s.name != sheetSurvey {
		if _, err := f.NewSheet(s.name); err != nil {
			return err
		}
	}
	cells := make([]any, len(s.header))
	for i, h := range s.header {
		cells[i] = h
	}
	if err := f.SetSheetRow(s.name, "A1", &cells); err != nil {
		return err
	}
	if err := f.SetRowStyle(s.name, 1, 1, bold); err != nil {
		return err
	}
	for n, row := range s.rows {
		cells := make([]any, len(s.header))
		for i, h := range s.header {
			cells[i] = row[h]
		}
		if err := f.SetSheetRow(s.name, fmt.Sprintf("A%d", n+2), &cells); err != nil {
			return err
		}
	}
	last, _ := excelize.ColumnNumberToName(max(len(s.header), 1))
	if err := f.SetColWidth(s.name, "A", last, 24); err != nil {
		return err
	}
	return f.SetPanes(s.name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// columnLanguages are the languages given a column: the survey's, in its
// order, then those asked for, then any other a text holds, so that
// nothing is lost.
func columnLanguages(def *surveys.Survey, asked []string) []string {
	langs := slices.Clone(def.Languages)
	for _, l := range asked {
		if !slices.Contains(langs, l) {
			langs = append(langs, l)
		}
	}
	var extra []string
	eachText(def, func(t surveys.Text) {
		for l := range t {
			if !slices.Contains(langs, l) && !slices.Contains(extra, l) {
				extra = append(extra, l)
			}
		}
	})
	slices.Sort(extra)
	return append(langs, extra...)
}

// eachText calls fn with every text of def.
func eachText(def *surveys.Survey, fn func(surveys.Text)) {
	for _, t := range []surveys.Text{def.Title, def.Intro, def.Thanks, def.Invitation, def.RoundLabel} {
		fn(t)
	}
	if def.SMS != nil {
		for l := range def.SMS.Aliases {
			fn(surveys.Text{l: ""})
		}
	}
	for _, n := range def.Neighborhoods {
		fn(n.Name)
	}
	for _, q := range def.Questions {
		fn(q.Text)
		fn(q.SMSText)
		fn(q.Help)
		if q.Scale != nil {
			fn(q.Scale.Low)
			fn(q.Scale.High)
		}
		for _, o := range q.Options {
			fn(o.Text)
		}
	}
}

func flag(on bool) string {
	if on {
		return yes
	}
	return no
}

// canvassFlag writes a canvass-only flag: blank unless set, so the sheet
// reads easily.
func canvassFlag(on bool) string {
	if on {
		return yes
	}
	return ""
}

func joinWords(words []string) string { return strings.Join(words, ", ") }
