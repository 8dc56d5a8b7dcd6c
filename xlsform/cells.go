package xlsform

import (
	"fmt"
	"strings"

	"canvass/surveys"
)

// Cells maps the paths of a definition read from a workbook
// ("questions[3].text.es") to the cells they were read from
// ("survey!E7"), so that validation problems can name a cell too.
type Cells map[string]string

// Locate returns the cell the value at path was read from, or the
// nearest enclosing place (a question's row); "" when there is none.
func (c Cells) Locate(path string) string {
	for p := path; p != ""; p = parentPath(p) {
		if cell, ok := c[p]; ok {
			return cell
		}
	}
	return ""
}

// Place rewrites the paths of problems found in a definition read from a
// workbook to lead with their cell, "survey!E7 (questions[3].text.es)",
// and orders all of them as the workbook reads.
func (c Cells) Place(ps surveys.Problems) {
	for i := range ps {
		if cell := c.Locate(ps[i].Path); cell != "" && !strings.Contains(ps[i].Path, "!") {
			ps[i].Path = cell + " (" + ps[i].Path + ")"
		}
	}
	sortProblems(ps)
}

// parentPath drops a path's last step: "a.b[2]" is "a.b", "a.b" is "a".
func parentPath(p string) string {
	if i := strings.LastIndexAny(p, ".["); i >= 0 {
		return p[:i]
	}
	return ""
}

// at records that path was read from row n of t, in column name (the row
// alone when the sheet has no such column).
func (c Cells) at(path string, t *table, n int, name string) {
	c[path] = t.path(n, t.column(name, ""))
}

// texts records where each language of a text field was read from.
func (c Cells) texts(path string, t *table, n int, name string) {
	for i := range t.cols {
		if col := &t.cols[i]; col.name == name && col.lang != "" {
			c[path+"."+col.lang] = t.path(n, col)
			if _, ok := c[path]; !ok {
				c[path] = t.path(n, col)
			}
		}
	}
}

// question records where question i and its fields were read from.
func (c Cells) question(i int, t *table, n int) {
	path := fmt.Sprintf("questions[%d]", i)
	c[path] = t.path(n, nil)
	for field, col := range map[string]string{
		"id": colName, "type": colType, "options": colType, "optional": colRequired,
		"demographic": colDemographic, "show_if": colRelevant, "number": colConstraint,
		"max_choices": colConstraint, "scale": colParameters,
	} {
		c.at(path+"."+field, t, n, col)
	}
	for field, col := range map[string]string{
		"text": colLabel, "help": colHint, "sms_text": colSMSLabel, "scale.low": colScaleLow, "scale.high": colScaleHigh,
	} {
		c.texts(path+"."+field, t, n, col)
	}
}

// choice records where an option or a neighborhood was read from.
func (c Cells) choice(path string, t *table, ch choice, nameField string) {
	c[path] = t.path(ch.row, nil)
	c.at(path+".id", t, ch.row, colName)
	c.at(path+".match", t, ch.row, colMatch)
	c.texts(path+"."+nameField, t, ch.row, colLabel)
}

// settings records where the survey's own fields were read from.
func (c Cells) settings(t *table, n int, def string) {
	c["sms"] = t.path(n, nil)
	for field, col := range map[string]string{
		"slug": colFormID, "default_language": colDefaultLanguage, "languages": colLanguages,
		"min_n": colMinN, "series": colSeries, "round": colRound, "contact": colContact,
		"public_results": colPublic, "allow_repeats": colRepeats, "sms.keyword": colKeyword,
		"sms.results_back": colResultsBack, "sms.plain_letters": colPlainLetters, "title": colFormTitle,
	} {
		c.at(field, t, n, col)
	}
	for field, col := range map[string]string{
		"title": colTitle, "round_label": colRoundLabel, "intro": colIntro, "thanks": colThanks,
		"invitation": colInvitation, "sms.aliases": colAliases,
	} {
		c.texts(field, t, n, col)
		if _, ok := c[field]; !ok {
			c[field] = t.path(n, nil) // no column yet: the row to add it in
		}
	}
	c.at("title."+def, t, n, colFormTitle)
}
