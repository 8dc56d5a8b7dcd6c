package results

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"

	"canvass/surveys"
)

// ExportRespondent is the respondent column of raw exports: the stored
// pseudonym hashed again with the survey's slug, so two exports of one
// survey agree on who answered twice, but exports of different surveys
// cannot be joined on it, and the stored pseudonym itself never leaves.
func ExportRespondent(slug, pseudonym string) string {
	if pseudonym == "" {
		return ""
	}
	return exportHash("respondent|" + slug + "|" + pseudonym)
}

// ExportResponseID stands for a response's stored ID (its submission key)
// in raw exports: stable across exports, so rows can be matched, without
// handing out the key.
func ExportResponseID(id string) string { return exportHash("response|" + id) }

func exportHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:8])
}

// phoneLike finds runs of 7 or more digits, allowing the separators people
// type in phone numbers ("+1 (617) 555-0100", "617.555.0100").
var phoneLike = regexp.MustCompile(`\+?\(?\d[\d\s().\-]{5,}\d`)

// PhoneMask replaces what looks like a phone number in free text.
const PhoneMask = "[number removed]"

// RedactPhoneNumbers masks phone numbers a resident typed into a free-text
// answer, so no raw export ever carries one, even one the resident gave.
func RedactPhoneNumbers(s string) string {
	return phoneLike.ReplaceAllStringFunc(s, func(m string) string {
		digits := 0
		for _, r := range m {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		if digits < 7 {
			return m
		}
		return PhoneMask
	})
}

// ExportColumn is one answer column of a raw export: a question, or one
// option of a multi question.
type ExportColumn struct {
	Question *surveys.Question
	Option   *surveys.Option // for a multi question's option
}

// ID is the column's machine name: the question ID, or
// "<question>.<option>".
func (c ExportColumn) ID() string {
	if c.Option != nil {
		return c.Question.ID + "." + c.Option.ID
	}
	return c.Question.ID
}

// ExportColumns lists the answer columns of a raw export of def: one per
// question but the neighborhood question (the neighborhood has its own
// column), one per option of a multi question.
func ExportColumns(def *surveys.Survey) []ExportColumn {
	var out []ExportColumn
	for i := range def.Questions {
		q := &def.Questions[i]
		switch q.Type {
		case surveys.TypeNeighborhood:
		case surveys.TypeMulti:
			for j := range q.Options {
				out = append(out, ExportColumn{Question: q, Option: &q.Options[j]})
			}
		default:
			out = append(out, ExportColumn{Question: q})
		}
	}
	return out
}

// Value is a response's answer in the column as text: the option ID or
// number, the (redacted) text, or for a multi option "1" when chosen, "0"
// when the question was answered without it, "" when not answered.
func (c ExportColumn) Value(r *surveys.Response) string {
	v, ok := r.Answers[c.Question.ID]
	if !ok || v == nil {
		return ""
	}
	if c.Option != nil {
		for _, o := range surveys.AnswerValues(v) {
			if o == c.Option.ID {
				return "1"
			}
		}
		return "0"
	}
	s := surveys.AnswerString(v)
	if c.Question.Type == surveys.TypeText {
		s = RedactPhoneNumbers(s)
	}
	return strings.TrimSpace(s)
}
