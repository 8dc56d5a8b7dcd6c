package surveys

import (
	"fmt"
	"slices"
	"strings"
)

// maxScaleSpan bounds max - min of a scale: 0..10 still fits, and a longer
// scale is hard to read out or answer by SMS.
const maxScaleSpan = 10

func (v *validator) checkQuestions() {
	ids := map[string]bool{}
	neighborhoodQuestions := 0
	for i := range v.s.Questions {
		q := &v.s.Questions[i]
		path := fmt.Sprintf("questions[%d]", i)
		v.checkID(path+".id", q.ID, ids)
		v.checkQuestionType(path, q)
		v.requiredText(path+".text", q.Text)
		v.optionalText(path+".sms_text", q.SMSText)
		v.optionalText(path+".help", q.Help)
		if q.ShowIf != nil {
			v.checkShowIf(path, i, q)
		}
		if q.Type == TypeNeighborhood {
			neighborhoodQuestions++
			if neighborhoodQuestions > 1 {
				v.fail(path+".type", msgNeighborhoodQDup, nil)
			}
		}
	}
	// Results are reported by neighborhood, so the list and the question
	// that asks for it only make sense together.
	switch {
	case len(v.s.Neighborhoods) > 0 && neighborhoodQuestions == 0 && len(v.s.Questions) > 0:
		v.fail("questions", msgNeighborhoodQMiss, nil)
	case neighborhoodQuestions > 0 && len(v.s.Neighborhoods) == 0:
		v.fail("neighborhoods", msgNeighborhoodsMiss, nil)
	}
}

// checkQuestionType checks the type and the fields that depend on it. With
// a missing or unknown type those fields cannot be judged, so they are not.
func (v *validator) checkQuestionType(path string, q *Question) {
	switch {
	case q.Type == "":
		v.required(path + ".type")
		return
	case !slices.Contains(QuestionTypes, q.Type):
		v.fail(path+".type", msgUnknownType, map[string]any{
			"Type": q.Type, "Types": strings.Join(QuestionTypes, ", "),
		})
		return
	}
	v.checkOptions(path, q)
	v.checkMaxChoices(path, q)
	v.checkScale(path, q)
	v.checkNumber(path, q)
}

func (v *validator) notAllowed(path, field string, q *Question) {
	v.fail(path+"."+field, msgFieldNotAllowed, map[string]any{"Field": field, "Type": q.Type})
}

func (v *validator) checkOptions(path string, q *Question) {
	if q.Type != TypeSingle && q.Type != TypeMulti {
		// A neighborhood question takes its choices from neighborhoods.
		if len(q.Options) > 0 {
			v.notAllowed(path, "options", q)
		}
		return
	}
	if len(q.Options) < 2 {
		v.fail(path+".options", msgTooFewOptions, map[string]any{"Type": q.Type})
	}
	ids := map[string]bool{}
	for j := range q.Options {
		o := &q.Options[j]
		p := fmt.Sprintf("%s.options[%d]", path, j)
		v.checkID(p+".id", o.ID, ids)
		v.requiredText(p+".text", o.Text)
	}
}

// checkMaxChoices: 0 means no limit; otherwise a limit above the number of
// options, or below one, cannot be what the organizer meant.
func (v *validator) checkMaxChoices(path string, q *Question) {
	if q.MaxChoices == 0 {
		return
	}
	if q.Type != TypeMulti {
		v.notAllowed(path, "max_choices", q)
		return
	}
	if q.MaxChoices < 1 || (len(q.Options) >= 2 && q.MaxChoices > len(q.Options)) {
		v.fail(path+".max_choices", msgMaxChoicesRange, map[string]any{
			"Value": q.MaxChoices, "Max": len(q.Options),
		})
	}
}

func (v *validator) checkScale(path string, q *Question) {
	if q.Type != TypeScale {
		if q.Scale != nil {
			v.notAllowed(path, "scale", q)
		}
		return
	}
	sc := q.Scale
	if sc == nil {
		v.fail(path+".scale", msgScaleRequired, nil)
		return
	}
	span := sc.Max - sc.Min // negative only when it overflows
	switch {
	case sc.Min >= sc.Max:
		v.fail(path+".scale", msgScaleRange, map[string]any{"Min": sc.Min, "Max": sc.Max})
	case span > maxScaleSpan || span < 0:
		v.fail(path+".scale", msgScaleTooLong, map[string]any{
			"Min": sc.Min, "Max": sc.Max, "Limit": maxScaleSpan,
		})
	}
	v.optionalText(path+".scale.low", sc.Low)
	v.optionalText(path+".scale.high", sc.High)
}

func (v *validator) checkNumber(path string, q *Question) {
	if q.Type != TypeNumber {
		if q.Number != nil {
			v.notAllowed(path, "number", q)
		}
		return
	}
	if r := q.Number; r != nil && r.Min != nil && r.Max != nil && *r.Min > *r.Max {
		v.fail(path+".number", msgNumberRange, map[string]any{"Min": *r.Min, "Max": *r.Max})
	}
}
