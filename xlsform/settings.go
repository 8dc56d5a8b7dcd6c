package xlsform

import (
	"strconv"
	"strings"

	"canvass/surveys"
)

// readSettings reads the settings sheet's first row into def: the
// XLSForm settings canvass knows and its own canvass_… columns.
func (p *parser) readSettings(t *table, langs languages, def *surveys.Survey) {
	def.DefaultLanguage, def.Languages = langs.def, langs.order
	if t == nil || len(t.rows) == 0 {
		return
	}
	r := t.rows[0]
	p.cells.settings(t, r.num, langs.def)
	s := settingsRow{p: p, t: t, r: r}
	def.Slug = t.value(r, colFormID)
	def.Title = t.text(r, colTitle)
	if title := r.cell(t.column(colFormTitle, "")); strings.TrimSpace(title) != "" {
		if def.Title == nil {
			def.Title = surveys.Text{}
		}
		def.Title[langs.def] = title
	}
	def.Series = t.value(r, colSeries)
	def.Round = t.value(r, colRound)
	def.RoundLabel = t.text(r, colRoundLabel)
	def.Contact = t.value(r, colContact)
	def.Intro = t.text(r, colIntro)
	def.Thanks = t.text(r, colThanks)
	def.Invitation = t.text(r, colInvitation)
	if n, ok := s.number(colMinN); ok {
		def.MinN = n
	}
	def.PublicResults = s.flag(colPublic)
	def.AllowRepeats = s.flag(colRepeats)
	def.SMS = s.sms()
}

// settingsRow reads the one row of settings.
type settingsRow struct {
	p *parser
	t *table
	r row
}

// number reads a whole number; false when the cell is blank or wrong.
func (s settingsRow) number(name string) (int, bool) {
	v := s.t.value(s.r, name)
	if v == "" {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		s.p.fail(s.t.path(s.r.num, s.t.column(name, "")), msgNotNumber, map[string]any{"Column": name, "Value": v})
		return 0, false
	}
	return n, true
}

func (s settingsRow) flag(name string) bool {
	v := s.t.value(s.r, name)
	on, ok := readFlag(v)
	if !ok {
		s.p.fail(s.t.path(s.r.num, s.t.column(name, "")), msgNotYesNo, map[string]any{"Column": name, "Value": v})
	}
	return on
}

// sms reads the SMS settings; nil when none is given, as a definition
// without an sms section has none.
func (s settingsRow) sms() *surveys.SMSSettings {
	sms := &surveys.SMSSettings{
		Keyword:      s.t.value(s.r, colKeyword),
		ResultsBack:  s.flag(colResultsBack),
		PlainLetters: listOf(s.t.value(s.r, colPlainLetters)),
	}
	for lang, v := range s.t.text(s.r, colAliases) {
		if words := wordsOf(v); len(words) > 0 {
			if sms.Aliases == nil {
				sms.Aliases = map[string][]string{}
			}
			sms.Aliases[lang] = words
		}
	}
	if sms.Keyword == "" && !sms.ResultsBack && len(sms.PlainLetters) == 0 && sms.Aliases == nil {
		return nil
	}
	return sms
}

// readFlag reads a yes/no cell as XLSForm tools write it, Excel's TRUE and
// FALSE included; false, ok for a blank cell.
func readFlag(v string) (on, ok bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "no", "n", "false", "false()", "0":
		return false, true
	case "yes", "y", "true", "true()", "1":
		return true, true
	}
	return false, false
}
