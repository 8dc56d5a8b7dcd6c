package authoring

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"

	"canvass/surveys"
	"canvass/xlsform"
)

// TextChange is one text an upload of translations changed, located by
// the definition's path ("questions[2].text.es").
type TextChange struct {
	Path string `json:"path"`
	Old  string `json:"old,omitempty"`
	New  string `json:"new"`
}

// TextsReport is what an upload of translations did.
type TextsReport struct {
	Changed []TextChange `json:"changed"`
	// LanguagesAdded are languages the upload brought texts in that the
	// survey was not offered in; it now is.
	LanguagesAdded []string `json:"languages_added,omitempty"`
}

// UpdateTexts takes the texts of a filled-in XLSForm (the survey's own
// export, a translator's column filled) into the survey slug, whose
// form_id it must carry, and nothing else: questions, options, conditions
// and settings stay as they are. A blank cell leaves its text alone. A survey with responses gets a new
// version, as with any change. When texts are still missing (a new
// language half done), nothing is saved and the problems name each one.
func (s *Service) UpdateTexts(ctx context.Context, slug string, workbook []byte) (*surveys.Record, *TextsReport, surveys.Problems, error) {
	upload, problems, err := xlsform.Parse(bytes.NewReader(workbook))
	if err != nil {
		return nil, nil, nil, err
	}
	if len(problems.Errors()) > 0 {
		return nil, nil, nil, problems
	}
	if upload.Slug != slug {
		// Most likely the sheet of another survey, or of another round.
		return nil, nil, nil, surveys.Errorf(surveys.ErrInvalid, "survey.slug_mismatch", map[string]any{"Got": upload.Slug, "Slug": slug})
	}
	rec, err := s.Store.Survey(ctx, slug)
	if err != nil {
		return nil, nil, nil, err
	}
	def, err := cloneSurvey(&rec.Survey)
	if err != nil {
		return nil, nil, nil, err
	}
	report := mergeTexts(def, upload)
	if len(report.Changed) == 0 {
		return rec, report, nil, nil
	}
	checked, err := s.Check(ctx, def)
	if err != nil {
		return nil, nil, nil, err
	}
	if len(checked.Errors()) > 0 {
		return nil, nil, nil, checked
	}
	source, err := StoredSource(workbook, def)
	if err != nil {
		return nil, nil, nil, err
	}
	saved, err := s.Update(ctx, def, source)
	if err != nil {
		return nil, nil, nil, err
	}
	return saved, report, checked.Warnings(), nil
}

// mergeTexts copies into def every text of upload whose place def has
// too, matched by IDs rather than positions, and reports each change.
func mergeTexts(def, upload *surveys.Survey) *TextsReport {
	uploaded := map[string]surveys.Text{}
	for _, f := range upload.TextFields() {
		uploaded[f.Key] = *f.Text
	}
	report := &TextsReport{Changed: []TextChange{}}
	for _, f := range def.TextFields() {
		up := uploaded[f.Key]
		for _, lang := range surveys.MapKeys(up) {
			old := (*f.Text)[lang]
			if up[lang] == old {
				continue
			}
			if *f.Text == nil {
				*f.Text = surveys.Text{}
			}
			(*f.Text)[lang] = up[lang]
			report.Changed = append(report.Changed, TextChange{Path: f.Path + "." + lang, Old: old, New: up[lang]})
			if !slices.Contains(def.Languages, lang) {
				def.Languages = append(def.Languages, lang)
				report.LanguagesAdded = append(report.LanguagesAdded, lang)
			}
		}
	}
	return report
}

// cloneSurvey copies a definition deeply, so the stored one is left as it
// was if the change is refused.
func cloneSurvey(def *surveys.Survey) (*surveys.Survey, error) {
	b, err := json.Marshal(def)
	if err != nil {
		return nil, err
	}
	var out surveys.Survey
	return &out, json.Unmarshal(b, &out)
}
