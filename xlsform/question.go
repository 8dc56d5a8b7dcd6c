package xlsform

import (
	"strconv"
	"strings"

	"canvass/surveys"
)

// question makes a question of one survey row; false when its type is one
// canvass cannot ask (reported).
func (s *surveyReader) question(r row, kind, list string, orOther bool) (surveys.Question, bool) {
	t := s.t
	q := surveys.Question{
		ID:      t.value(r, colName),
		Text:    t.text(r, colLabel),
		SMSText: t.text(r, colSMSLabel),
		Help:    t.text(r, colHint),
	}
	required := s.flag(r, colRequired, msgRequired)
	q.Optional = !required
	q.Demographic = s.flag(r, colDemographic, msgNotYesNo)
	neighborhood := s.flag(r, colNeighborhood, msgNotYesNo)
	if t.value(r, colChoiceFlt) != "" {
		s.p.fail(t.path(r.num, t.column(colChoiceFlt, "")), msgCascading, nil)
	}
	typeAt := t.path(r.num, t.column(colType, ""))
	if neighborhood && kind != typeSelectOne {
		s.p.fail(typeAt, msgNeighborhoodType, map[string]any{"Type": kind})
	}
	constraint := t.value(r, colConstraint)
	switch kind {
	case typeSelectOne, typeSelectMulti:
		s.selectQuestion(r, &q, kind, list, orOther, neighborhood)
	case typeInteger, "int":
		q.Type = surveys.TypeNumber
		if constraint != "" {
			rg, ok := parseRange(constraint)
			s.constraintOK(r, ok, constraint, kind)
			q.Number = rg
		}
		constraint = ""
	case typeRange:
		q.Type = surveys.TypeScale
		q.Scale = s.scale(r)
	case typeText, "string":
		q.Type = surveys.TypeText
	default:
		s.p.fail(typeAt, msgTypeUnsupported, map[string]any{"Type": kind})
		return q, false
	}
	if q.Type == surveys.TypeMulti && constraint != "" {
		n, ok := parseMaxChoices(constraint)
		s.constraintOK(r, ok, constraint, kind)
		q.MaxChoices = n
	} else if q.Type != surveys.TypeNumber && constraint != "" {
		s.constraintOK(r, false, constraint, kind)
	}
	q.ShowIf = s.showIf(r)
	return q, true
}

func (s *surveyReader) selectQuestion(r row, q *surveys.Question, kind, list string, orOther, neighborhood bool) {
	t := s.t
	typeAt := t.path(r.num, t.column(colType, ""))
	if orOther {
		s.p.fail(typeAt, msgOrOther, nil)
	}
	choices, found := s.lists[list]
	if !found {
		s.p.fail(typeAt, msgListMissing, map[string]any{"List": list})
	}
	switch {
	case neighborhood:
		q.Type = surveys.TypeNeighborhood
		if s.def.Neighborhoods == nil {
			for _, c := range choices {
				s.def.Neighborhoods = append(s.def.Neighborhoods, c.neighborhood())
			}
		}
		return
	case kind == typeSelectOne:
		q.Type = surveys.TypeSingle
	default:
		q.Type = surveys.TypeMulti
	}
	for _, c := range choices {
		q.Options = append(q.Options, c.option())
	}
}

func (s *surveyReader) constraintOK(r row, ok bool, expr, kind string) {
	if !ok {
		s.p.fail(s.t.path(r.num, s.t.column(colConstraint, "")), msgConstraint, map[string]any{"Expression": expr, "Type": kind})
	}
}

// flag reads a yes/no column of the row, reporting anything else as id.
func (s *surveyReader) flag(r row, name, id string) bool {
	v := s.t.value(r, name)
	on, ok := readFlag(v)
	if !ok {
		s.p.fail(s.t.path(r.num, s.t.column(name, "")), id, map[string]any{"Column": name, "Value": v})
	}
	return on
}

// scale reads a range's parameters, "start=1 end=5 step=1", with XLSForm's
// defaults (1, 10, 1). canvass's scales go up one at a time.
func (s *surveyReader) scale(r row) *surveys.Scale {
	t := s.t
	sc := &surveys.Scale{Min: 1, Max: 10, Low: t.text(r, colScaleLow), High: t.text(r, colScaleHigh)}
	v := t.value(r, colParameters)
	bad := func() *surveys.Scale {
		s.p.fail(t.path(r.num, t.column(colParameters, "")), msgParameters, map[string]any{"Value": v})
		return sc
	}
	for _, kv := range listOf(v) {
		key, value, _ := strings.Cut(kv, "=")
		n, err := strconv.Atoi(strings.TrimSpace(value))
		switch key = strings.ToLower(strings.TrimSpace(key)); {
		case key != "start" && key != "end" && key != "step":
			// Display parameters (tick labels, placeholders) change nothing.
		case err != nil:
			return bad()
		case key == "start":
			sc.Min = n
		case key == "end":
			sc.Max = n
		case n != 1:
			return bad()
		}
	}
	return sc
}

// showIf reads the row's relevant into a condition.
func (s *surveyReader) showIf(r row) *surveys.Condition {
	t := s.t
	expr := t.value(r, colRelevant)
	if expr == "" {
		return nil
	}
	at := t.path(r.num, t.column(colRelevant, ""))
	c, ok := parseRelevant(expr)
	if !ok {
		s.p.fail(at, msgRelevant, map[string]any{"Expression": expr})
		return nil
	}
	if ref, found := s.def.Question(c.question); found && ref.Type == surveys.TypeMulti && c.equals {
		// On a select_multiple, = means "exactly this selection".
		s.p.fail(at, msgRelevantMulti, map[string]any{"Expression": expr, "ID": c.question})
		return nil
	}
	return &surveys.Condition{Question: c.question, In: surveys.Values(c.in)}
}
