package xlsform

import (
	"fmt"

	"canvass/surveys"
)

// questionSheets makes the survey and choices sheets. Each select's list
// is named after its question, so lists never clash; the neighborhood
// question's list holds the neighborhoods.
func questionSheets(def *surveys.Survey, langs []string) (*sheetRows, *sheetRows, error) {
	survey := &sheetRows{name: sheetSurvey, header: []string{colType, colName}}
	survey.textHeaders(colLabel, langs)
	survey.textHeaders(colHint, langs)
	survey.header = append(survey.header, colRequired, colRelevant, colConstraint, colParameters,
		colNeighborhood, colDemographic)
	survey.textHeaders(colSMSLabel, langs)
	survey.textHeaders(colScaleLow, langs)
	survey.textHeaders(colScaleHigh, langs)

	choices := &sheetRows{name: sheetChoices, header: []string{colListName, colName}}
	choices.textHeaders(colLabel, langs)
	choices.header = append(choices.header, colMatch)

	for i := range def.Questions {
		q := &def.Questions[i]
		row, err := questionRow(def, q)
		if err != nil {
			return nil, nil, err
		}
		survey.rows = append(survey.rows, row)
		for _, o := range q.Options {
			c := map[string]any{colListName: q.ID, colName: o.ID}
			putText(c, colLabel, o.Text)
			choices.rows = append(choices.rows, c)
		}
		if q.Type == surveys.TypeNeighborhood {
			for _, n := range def.Neighborhoods {
				c := map[string]any{colListName: q.ID, colName: n.ID, colMatch: joinWords(n.Match)}
				putText(c, colLabel, n.Name)
				choices.rows = append(choices.rows, c)
			}
		}
	}
	return survey, choices, nil
}

func questionRow(def *surveys.Survey, q *surveys.Question) (map[string]any, error) {
	row := map[string]any{
		colName:        q.ID,
		colRequired:    flag(!q.Optional),
		colDemographic: canvassFlag(q.Demographic),
	}
	switch q.Type {
	case surveys.TypeSingle:
		row[colType] = typeSelectOne + " " + q.ID
	case surveys.TypeMulti:
		row[colType] = typeSelectMulti + " " + q.ID
		if q.MaxChoices > 0 {
			row[colConstraint] = formatMaxChoices(q.MaxChoices)
		}
	case surveys.TypeNeighborhood:
		row[colType] = typeSelectOne + " " + q.ID
		row[colNeighborhood] = yes
	case surveys.TypeScale:
		row[colType] = typeRange
		if sc := q.Scale; sc != nil {
			row[colParameters] = fmt.Sprintf("start=%d end=%d step=1", sc.Min, sc.Max)
			putText(row, colScaleLow, sc.Low)
			putText(row, colScaleHigh, sc.High)
		}
	case surveys.TypeNumber:
		row[colType] = typeInteger
		if q.Number != nil {
			row[colConstraint] = formatRange(q.Number)
		}
	case surveys.TypeText:
		row[colType] = typeText
	default:
		return nil, fmt.Errorf("xlsform: question %q: type %q has no XLSForm type", q.ID, q.Type)
	}
	if c := q.ShowIf; c != nil {
		refType := ""
		if ref, ok := def.Question(c.Question); ok {
			refType = ref.Type
		}
		row[colRelevant] = formatRelevant(c, refType)
	}
	putText(row, colLabel, q.Text)
	putText(row, colHint, q.Help)
	putText(row, colSMSLabel, q.SMSText)
	return row, nil
}
