package surveys

import (
	"regexp"
	"strconv"
	"strings"
)

// Translate renders a message ID with data in the reader's language.
type Translate func(id string, data map[string]any) string

// Message IDs of the parts of a problem's place (locales/validation.*).
const (
	msgPathQuestion     = "path.question"     // N, ID ("" when unknown)
	msgPathOption       = "path.option"       // N, ID
	msgPathNeighborhood = "path.neighborhood" // N, ID
	msgPathLanguage     = "path.language"     // N, Name ("" when unknown)
	msgPathWord         = "path.word"         // N
	msgPathValue        = "path.value"        // N
	msgPathItem         = "path.item"         // Field, N
)

// pathSegment is one segment of a path: "options[1]" is options, index 1.
var pathSegment = regexp.MustCompile(`^([^\[\]]*)((?:\[\d+\])*)$`)

// textFields are the fields whose keys are languages ("title.es").
var textFields = map[string]bool{
	"title": true, "round_label": true, "intro": true, "thanks": true, "invitation": true,
	"name": true, "text": true, "sms_text": true, "help": true, "low": true, "high": true, "aliases": true,
}

// HumanPath names the place of a problem as a person counts and reads it:
// "questions[4].options[1].text.es" becomes "question 5 (needs) › option 2
// (jobs) › text › Español". Lists count from 1; the IDs and language
// names come from def when it is given (it is nil when the definition did
// not decode). The API keeps the path itself, which scripts index by.
func HumanPath(path string, def *Survey, t Translate) string {
	if path == "" {
		return ""
	}
	var parts []string
	var q *Question
	prev := ""
	for _, seg := range strings.Split(path, ".") {
		m := pathSegment.FindStringSubmatch(seg)
		if m == nil {
			parts = append(parts, seg)
			continue
		}
		field := m[1]
		if field != "" {
			if textFields[prev] && prev != "" {
				parts = append(parts, LanguageName(field))
			} else {
				parts = append(parts, field)
			}
		}
		for _, ix := range indexes(m[2]) {
			parts = append(parts, t(stepMessage(field, prev, ix, def, &q)))
		}
		prev = field
	}
	return strings.Join(dropListNames(parts), " › ")
}

// indexes reads "[4][1]" as 4, 1.
func indexes(s string) []int {
	var out []int
	for _, x := range strings.Split(strings.Trim(s, "[]"), "][") {
		if n, err := strconv.Atoi(x); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// stepMessage names item ix of the list field; q tracks the question the
// path is in, for its options' IDs.
func stepMessage(field, prev string, ix int, def *Survey, q **Question) (string, map[string]any) {
	data := map[string]any{"N": ix + 1, "ID": "", "Field": field}
	switch field {
	case "questions":
		*q = nil
		if def != nil && ix < len(def.Questions) {
			*q = &def.Questions[ix]
			data["ID"] = (*q).ID
		}
		return msgPathQuestion, data
	case "options":
		if *q != nil && ix < len((*q).Options) {
			data["ID"] = (*q).Options[ix].ID
		}
		return msgPathOption, data
	case "neighborhoods":
		if def != nil && ix < len(def.Neighborhoods) {
			data["ID"] = def.Neighborhoods[ix].ID
		}
		return msgPathNeighborhood, data
	case "languages", "plain_letters":
		data["Name"] = ""
		if def != nil {
			list := def.Languages
			if field == "plain_letters" && def.SMS != nil {
				list = def.SMS.PlainLetters
			}
			if ix < len(list) {
				data["Name"] = LanguageName(list[ix])
			}
		}
		return msgPathLanguage, data
	case "match":
		return msgPathWord, data
	case "in":
		return msgPathValue, data
	}
	if textFields[prev] {
		return msgPathWord, data // an alias: sms.aliases.es[0]
	}
	return msgPathItem, data
}

// dropListNames removes a list's name where its item names it already:
// "questions › question 5" reads "question 5".
func dropListNames(parts []string) []string {
	out := parts[:0:0]
	for i, p := range parts {
		if i+1 < len(parts) && listNames[p] {
			continue
		}
		out = append(out, p)
	}
	return out
}

// listNames are the lists whose items HumanPath names in words.
var listNames = map[string]bool{
	"questions": true, "options": true, "neighborhoods": true, "languages": true,
	"plain_letters": true, "match": true, "in": true,
}
