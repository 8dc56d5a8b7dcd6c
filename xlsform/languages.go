package xlsform

import (
	"slices"
	"strings"
)

// textColumns are the columns that hold a text per language, by sheet.
var textColumns = map[string][]string{
	sheetSurvey:   {colLabel, colHint, colSMSLabel, colScaleLow, colScaleHigh},
	sheetChoices:  {colLabel},
	sheetSettings: {colTitle, colRoundLabel, colIntro, colThanks, colInvitation, colAliases},
}

// readColumns are the columns canvass reads, in any sheet.
var readColumns = map[string]bool{
	colType: true, colName: true, colLabel: true, colHint: true, colRequired: true, colRelevant: true,
	colConstraint: true, colParameters: true, colListName: true, colChoiceFlt: true, colFormTitle: true,
	colFormID: true, colDefaultLanguage: true, colNeighborhood: true, colDemographic: true,
	colSMSLabel: true, colScaleLow: true, colScaleHigh: true, colMatch: true, colTitle: true,
	colLanguages: true, colMinN: true, colSeries: true, colRound: true, colRoundLabel: true,
	colPublic: true, colRepeats: true, colContact: true, colIntro: true, colThanks: true,
	colInvitation: true, colKeyword: true, colAliases: true, colResultsBack: true, colPlainLetters: true,
}

// languages is what the workbook says of its languages.
type languages struct {
	def   string   // the default language
	order []string // the survey's languages, in order
}

// resolveLanguages finds the default language and the survey's languages,
// and gives the columns written without a language ("label") the default
// one, as XLSForm does. The order is canvass_languages when the settings
// give it, else the order the columns first name them in.
func (p *parser) resolveLanguages(ts tables) languages {
	var l languages
	var explicit []string
	if t := ts.settings; t != nil && len(t.rows) > 0 {
		r := t.rows[0]
		if v := t.value(r, colDefaultLanguage); v != "" {
			code, ok := languageCode(v)
			if !ok {
				p.fail(t.path(r.num, t.column(colDefaultLanguage, "")), msgDefaultLanguage, map[string]any{"Value": v})
			}
			l.def = code
		}
		explicit = listOf(t.value(r, colLanguages))
	}
	plain := false
	var seen []string
	for _, t := range []*table{ts.survey, ts.choices, ts.settings} {
		if t == nil {
			continue
		}
		for i := range t.cols {
			c := &t.cols[i]
			if !slices.Contains(textColumns[sheetKind(t, ts)], c.name) {
				continue
			}
			switch {
			case c.langText == "":
				plain = true
			case c.lang == "":
				p.fail(t.path(1, c), msgColumnLanguage, map[string]any{"Column": c.header, "Language": c.langText})
			case !slices.Contains(seen, c.lang):
				seen = append(seen, c.lang)
			}
		}
	}
	switch {
	case l.def != "":
	case plain || len(seen) == 0:
		// XLSForm calls such texts "default"; canvass must name the language.
		l.def = "en"
		p.warn(sheetSettings, msgLanguageAssumed, map[string]any{"Language": l.def})
	default:
		l.def = seen[0]
	}
	l.order = explicit
	if len(l.order) == 0 {
		l.order = seen
		if !slices.Contains(l.order, l.def) {
			l.order = append([]string{l.def}, l.order...)
		}
	}
	for _, t := range []*table{ts.survey, ts.choices, ts.settings} {
		if t != nil {
			p.settleColumns(t, textColumns[sheetKind(t, ts)], l.def)
		}
	}
	return l
}

// settleColumns gives the table's plain text columns the default language
// and reports a column written twice; the first one is read.
func (p *parser) settleColumns(t *table, texts []string, def string) {
	type key struct{ name, lang string }
	seen := map[key]bool{}
	for i := range t.cols {
		c := &t.cols[i]
		if c.langText == "" && slices.Contains(texts, c.name) {
			c.lang = def
		}
		if (c.langText != "" && c.lang == "") || !readColumns[c.name] {
			continue // a column canvass does not read may be there twice
		}
		k := key{c.name, c.lang}
		if seen[k] {
			p.fail(t.path(1, c), msgColumnTwice, map[string]any{"Column": c.header})
			c.name = "" // so lookups find the first
		}
		seen[k] = true
	}
}

// sheetKind tells which of the three sheets t is.
func sheetKind(t *table, ts tables) string {
	switch t {
	case ts.choices:
		return sheetChoices
	case ts.settings:
		return sheetSettings
	}
	return sheetSurvey
}

// listOf splits a cell holding several words: commas, semicolons or
// spaces between them.
func listOf(v string) []string {
	words := strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' })
	if len(words) == 0 {
		return nil // as a definition that leaves the list out has it
	}
	return words
}

// wordsOf splits a cell holding words that may hold spaces (match words,
// SMS aliases): commas or semicolons between them.
func wordsOf(v string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if w = strings.TrimSpace(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}
