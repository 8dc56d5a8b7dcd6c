package surveyedit

import (
	"net/url"
	"strings"

	"canvass/surveys"
)

// TextCell names the translation grid's field for one text in one
// language: the text's path and the language, as Validate's paths read
// ("questions[2].text.es").
func TextCell(path, lang string) string { return path + "." + lang }

// ApplyTexts reads the translation grid onto def: each cell the form
// holds sets that text in that language; an emptied cell removes it. A
// cell the form lacks (a text added since the page was shown) is kept.
func ApplyTexts(def *surveys.Survey, f url.Values) {
	for _, field := range def.TextFields() {
		for _, lang := range def.Languages {
			name := TextCell(field.Path, lang)
			if !f.Has(name) {
				continue
			}
			v := strings.TrimSpace(strings.ReplaceAll(f.Get(name), "\r\n", "\n"))
			t := field.Text
			switch {
			case v != "":
				if *t == nil {
					*t = surveys.Text{}
				}
				(*t)[lang] = v
			case *t != nil:
				delete(*t, lang)
				if len(*t) == 0 {
					*t = nil
				}
			}
		}
	}
}
