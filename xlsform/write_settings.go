package xlsform

import (
	"strings"

	"canvass/surveys"
)

// settingsSheet makes the settings sheet: XLSForm's settings, then
// canvass's, one column per language for its texts.
func settingsSheet(def *surveys.Survey, langs []string, version string) *sheetRows {
	s := &sheetRows{name: sheetSettings, header: []string{colFormTitle, colFormID, colVersion, colDefaultLanguage}}
	others := make([]string, 0, len(langs))
	for _, l := range langs {
		if l != def.DefaultLanguage {
			others = append(others, l)
		}
	}
	s.textHeaders(colTitle, others)
	s.header = append(s.header, colLanguages, colMinN, colSeries, colRound)
	s.textHeaders(colRoundLabel, langs)
	s.header = append(s.header, colPublic, colRepeats, colContact)
	s.textHeaders(colIntro, langs)
	s.textHeaders(colThanks, langs)
	s.textHeaders(colInvitation, langs)
	s.header = append(s.header, colKeyword)
	s.textHeaders(colAliases, langs)
	s.header = append(s.header, colResultsBack, colPlainLetters)

	row := map[string]any{
		colFormTitle:       def.Title[def.DefaultLanguage],
		colFormID:          def.Slug,
		colVersion:         version,
		colDefaultLanguage: languageHeader(def.DefaultLanguage),
		colLanguages:       strings.Join(def.Languages, " "),
		colMinN:            def.MinN,
		colSeries:          def.Series,
		colRound:           def.Round,
		colPublic:          flag(def.PublicResults),
		colRepeats:         flag(def.AllowRepeats),
		colContact:         def.Contact,
	}
	for l, v := range def.Title {
		if l != def.DefaultLanguage {
			row[colTitle+"::"+languageHeader(l)] = v
		}
	}
	putText(row, colRoundLabel, def.RoundLabel)
	putText(row, colIntro, def.Intro)
	putText(row, colThanks, def.Thanks)
	putText(row, colInvitation, def.Invitation)
	if sms := def.SMS; sms != nil {
		row[colKeyword] = sms.Keyword
		row[colResultsBack] = flag(sms.ResultsBack)
		row[colPlainLetters] = strings.Join(sms.PlainLetters, " ")
		for l, words := range sms.Aliases {
			row[colAliases+"::"+languageHeader(l)] = joinWords(words)
		}
	}
	s.rows = append(s.rows, row)
	return s
}
