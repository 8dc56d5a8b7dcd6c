package xlsform

import (
	"fmt"
	"slices"
	"strings"

	"canvass/surveys"
)

// metadataTypes are rows Kobo and ODK add to record the device and the
// time; canvass records its own, so they are dropped with a warning.
var metadataTypes = map[string]bool{
	"start": true, "end": true, "today": true, "deviceid": true, "imei": true,
	"username": true, "simserial": true, "subscriberid": true, "phonenumber": true,
	"audit": true, "email": true, "start-geopoint": true, "background-audio": true,
}

// surveyReader reads the survey sheet's rows into questions.
type surveyReader struct {
	p       *parser
	t       *table
	choices *table // nil without a choices sheet
	lists   map[string][]choice
	def     *surveys.Survey
	// groups is the stack of open groups and repeats, by their type.
	groups []string
	// notes are the note rows since the last question: leading ones become
	// the intro, trailing ones the thanks, others have no place.
	notes []row
}

func (p *parser) readSurvey(ts tables, lists map[string][]choice, def *surveys.Survey) {
	t := ts.survey
	s := &surveyReader{p: p, t: t, choices: ts.choices, lists: lists, def: def}
	p.cells["questions"] = t.sheet
	if ts.choices != nil {
		p.cells["neighborhoods"] = ts.choices.sheet
	}
	for _, r := range t.rows {
		s.readRow(r)
	}
	if len(s.groups) > 0 { // a begin row never ended
		p.fail(t.sheet, msgGroupUnbalanced, map[string]any{"Type": "begin " + s.groups[len(s.groups)-1]})
	}
	if len(def.Questions) > 0 {
		s.notesInto(&def.Thanks)
	}
}

func (s *surveyReader) readRow(r row) {
	t := s.t
	typeCell := t.column(colType, "")
	kind, list, orOther := parseType(r.cell(typeCell))
	at := t.path(r.num, typeCell)
	switch {
	case kind == "":
		s.p.fail(at, msgTypeMissing, nil)
	case kind == "begin_group":
		s.p.warn(at, msgGroupFlattened, map[string]any{"Name": t.value(r, colName)})
		if v := t.value(r, colRelevant); v != "" {
			s.p.fail(t.path(r.num, t.column(colRelevant, "")), msgGroupCondition, map[string]any{"Name": t.value(r, colName)})
		}
		s.groups = append(s.groups, "group")
	case kind == "begin_repeat":
		s.p.fail(at, msgRepeat, map[string]any{"Name": t.value(r, colName)})
		s.groups = append(s.groups, "repeat")
	case kind == "end_group" || kind == "end_repeat":
		want := strings.TrimPrefix(kind, "end_")
		if len(s.groups) == 0 || s.groups[len(s.groups)-1] != want {
			s.p.fail(at, msgGroupUnbalanced, map[string]any{"Type": r.cell(typeCell)})
			return
		}
		s.groups = s.groups[:len(s.groups)-1]
	case s.inRepeat():
		// Already refused at its begin repeat row.
	case metadataTypes[kind]:
		s.p.warn(at, msgTypeDropped, map[string]any{"Type": kind})
	case kind == "note":
		s.notes = append(s.notes, r)
	case kind == "decimal":
		s.p.fail(at, msgTypeDecimal, nil)
	default:
		if q, ok := s.question(r, kind, list, orOther); ok {
			s.placeNotes()
			s.p.cells.question(len(s.def.Questions), t, r.num)
			s.recordChoices(len(s.def.Questions), &q, list)
			s.def.Questions = append(s.def.Questions, q)
		}
	}
}

func (s *surveyReader) inRepeat() bool {
	for _, g := range s.groups {
		if g == "repeat" {
			return true
		}
	}
	return false
}

// placeNotes handles the notes before a question: before the first one
// they are the intro; between questions canvass has nowhere to put them.
func (s *surveyReader) placeNotes() {
	if len(s.def.Questions) == 0 {
		s.notesInto(&s.def.Intro)
		return
	}
	for _, r := range s.notes {
		s.p.fail(s.t.path(r.num, s.t.column(colType, "")), msgNoteMisplaced, nil)
	}
	s.notes = nil
}

// notesInto makes the pending notes' labels into *text, one paragraph
// each, unless the settings give that text already.
func (s *surveyReader) notesInto(text *surveys.Text) {
	defer func() { s.notes = nil }()
	if len(s.notes) == 0 {
		return
	}
	if *text != nil {
		for _, r := range s.notes {
			s.p.fail(s.t.path(r.num, s.t.column(colType, "")), msgNoteMisplaced, nil)
		}
		return
	}
	for _, r := range s.notes {
		for lang, v := range s.t.text(r, colLabel) {
			if *text == nil {
				*text = surveys.Text{}
			}
			if prev := (*text)[lang]; prev != "" {
				v = prev + "\n\n" + v
			}
			(*text)[lang] = v
		}
	}
}

// parseType reads a type cell: "select_one yesno", "select one yesno",
// "select_multiple needs or_other", "begin group", "integer". The kind is
// in lower case with "_" for spaces; the list name keeps its case.
func parseType(v string) (kind, list string, orOther bool) {
	words := strings.Fields(v)
	lower := strings.Fields(strings.ToLower(v))
	for _, alias := range typeAliases {
		if n := len(alias.words); len(lower) >= n && slices.Equal(lower[:n], alias.words) {
			words = append([]string{alias.kind}, words[n:]...)
			lower = append([]string{alias.kind}, lower[n:]...)
			break
		}
	}
	if len(words) == 0 {
		return "", "", false
	}
	if lower[0] == typeSelectOne || lower[0] == typeSelectMulti {
		if len(words) > 1 {
			list = words[1]
		}
		orOther = len(lower) > 2 && lower[2] == "or_other"
		return lower[0], list, orOther
	}
	return strings.Join(lower, "_"), "", false
}

// typeAliases are the older, spelled-out forms of select types.
var typeAliases = []struct {
	words []string
	kind  string
}{
	{[]string{"select", "one"}, typeSelectOne},
	{[]string{"select", "multiple"}, typeSelectMulti},
	{[]string{"select", "all", "that", "apply"}, typeSelectMulti},
}

// recordChoices records where the options of question i, or the
// neighborhoods it asks for, were read from.
func (s *surveyReader) recordChoices(i int, q *surveys.Question, list string) {
	if s.choices == nil {
		return
	}
	for j, c := range s.lists[list] {
		switch {
		case q.Type == surveys.TypeNeighborhood && j < len(s.def.Neighborhoods) && s.def.Neighborhoods[j].ID == c.id:
			s.p.cells.choice(fmt.Sprintf("neighborhoods[%d]", j), s.choices, c, "name")
		case len(q.Options) > 0:
			s.p.cells.choice(fmt.Sprintf("questions[%d].options[%d]", i, j), s.choices, c, "text")
		}
	}
}
