package xlsform

import "canvass/surveys"

// choice is one row of the choices sheet.
type choice struct {
	id    string
	row   int // its row on the choices sheet
	text  surveys.Text
	match []string // canvass_match: only neighborhoods use it
}

// readChoices reads the choices sheet into its lists, by list name, each in
// the order of its rows. Columns other than these (media, filters for
// cascading selects) are not read: a select that filters by them is
// refused where it says so, in its choice_filter.
func (p *parser) readChoices(t *table) map[string][]choice {
	lists := map[string][]choice{}
	if t == nil {
		return lists
	}
	for _, r := range t.rows {
		list := t.value(r, colListName)
		if list == "" {
			p.fail(t.path(r.num, t.column(colListName, "")), msgChoiceNoList, nil)
			continue
		}
		lists[list] = append(lists[list], choice{
			id:    t.value(r, colName),
			row:   r.num,
			text:  t.text(r, colLabel),
			match: wordsOf(t.value(r, colMatch)),
		})
	}
	return lists
}

func (c choice) option() surveys.Option {
	return surveys.Option{ID: c.id, Text: c.text}
}

func (c choice) neighborhood() surveys.Neighborhood {
	return surveys.Neighborhood{ID: c.id, Name: c.text, Match: c.match}
}
