package conversation

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"canvass/surveys"
)

// ParseAnswer reads a resident's text message as an answer to q: the raw
// values a web form would post for the same choice, checked by the same
// ParseAnswer, so both channels store exactly the same answer. On failure
// the Problem's message is the short hint the question is re-asked with.
// Skip words and commands (LANG, HELP, STOP) are the conversation's
// business and must be handled before.
//
// Accepted: options and neighborhoods by their number in the list, by name
// in any of the survey's languages, or (neighborhoods) by a match word such
// as a ZIP code; several choices as "1 3", "1,3", "1 and 3", "1 y 3",
// "1 et 3", "١ و ٣" or "13" when the list has fewer than ten options; scales
// and numbers as digits of any script, "1,200" included; text as sent.
func (w *Words) ParseAnswer(s *surveys.Survey, q *surveys.Question, body string) (any, *surveys.Problem) {
	body = strings.TrimSpace(body)
	if body == "" {
		return nil, &surveys.Problem{Path: q.ID, MessageID: "answer.required"}
	}
	var raw []string
	var p *surveys.Problem
	switch q.Type {
	case surveys.TypeSingle:
		raw, p = singleReply(q, body)
	case surveys.TypeMulti:
		raw, p = w.multiReply(q, body)
	case surveys.TypeScale:
		raw, p = scaleReply(q, body)
	case surveys.TypeNumber:
		raw, p = numberReply(q, body)
	case surveys.TypeNeighborhood:
		raw, p = neighborhoodReply(s, q, body)
	case surveys.TypeText:
		raw = []string{body}
	default:
		p = &surveys.Problem{Path: q.ID, MessageID: "answer.invalid"}
	}
	if p != nil {
		return nil, p
	}
	return surveys.ParseAnswer(s, q, raw)
}

// smsToken is one number or word of a reply, folded. sep reports that a
// separator (, ; / + & or a line break) came just before it.
type smsToken struct {
	text string
	num  bool
	sep  bool
}

// tokenize splits a reply into numbers and words. A digit next to a letter
// ends a token too, because Arabic joins "و" to the number that follows
// ("١ و٣") and people type "1y3".
func tokenize(body string) []smsToken {
	var toks []smsToken
	var cur strings.Builder
	kind, sep := 0, false // kind: 0 between tokens, 1 digits, 2 letters
	flush := func() {
		if cur.Len() > 0 {
			toks = append(toks, smsToken{text: cur.String(), num: kind == 1, sep: sep})
			cur.Reset()
			sep = false
		}
		kind = 0
	}
	for _, r := range norm.NFD.String(body) {
		switch d, isDigit := surveys.ASCIIDigit(r); {
		case isDigit:
			if kind != 1 {
				flush()
			}
			kind = 1
			cur.WriteRune(d)
		case unicode.IsLetter(r) && r != 'ـ':
			if kind != 2 {
				flush()
			}
			kind = 2
			cur.WriteRune(foldArabic(unicode.ToLower(r)))
		case unicode.Is(unicode.Mn, r) || r == 'ـ':
			// accents and vowel marks belong to their word
		default:
			flush()
			if strings.ContainsRune(",;/+&\n،؛", r) {
				sep = true
			}
		}
	}
	flush()
	return toks
}

// numbers returns the numeric tokens' values; a number too long to be a
// choice counts as -1, which no list accepts.
func numbers(toks []smsToken) []int {
	var out []int
	for _, t := range toks {
		if t.num {
			n, err := strconv.Atoi(t.text)
			if err != nil || len(t.text) > 6 {
				n = -1
			}
			out = append(out, n)
		}
	}
	return out
}

// bareNumber reports whether the reply is one number and nothing else.
func bareNumber(toks []smsToken) bool { return len(toks) == 1 && toks[0].num }

// textIndex maps the folded texts of a list of choices, in every
// language, and their IDs, to the choice's ID. A text shared by two
// choices keeps the first.
func textIndex(add func(func(text, id string))) map[string]string {
	idx := map[string]string{}
	add(func(text, id string) {
		if f := FoldWord(text); f != "" {
			if _, ok := idx[f]; !ok {
				idx[f] = id
			}
		}
	})
	return idx
}

func optionIndex(q *surveys.Question) map[string]string {
	return textIndex(func(put func(string, string)) {
		for _, o := range q.Options {
			put(o.ID, o.ID)
			for _, t := range o.Text {
				put(t, o.ID)
			}
		}
	})
}

func singleReply(q *surveys.Question, body string) ([]string, *surveys.Problem) {
	toks := tokenize(body)
	if !bareNumber(toks) {
		if id, ok := optionIndex(q)[FoldWord(body)]; ok {
			return []string{id}, nil
		}
	}
	if nums := numbers(toks); len(nums) == 1 && nums[0] >= 1 && nums[0] <= len(q.Options) {
		return []string{q.Options[nums[0]-1].ID}, nil
	}
	return nil, &surveys.Problem{Path: q.ID, MessageID: "answer.choose_one"}
}

func scaleReply(q *surveys.Question, body string) ([]string, *surveys.Problem) {
	toks := tokenize(body)
	if q.Scale != nil && !bareNumber(toks) {
		f := FoldWord(body)
		for _, t := range q.Scale.Low {
			if FoldWord(t) == f && f != "" {
				return []string{strconv.Itoa(q.Scale.Min)}, nil
			}
		}
		for _, t := range q.Scale.High {
			if FoldWord(t) == f && f != "" {
				return []string{strconv.Itoa(q.Scale.Max)}, nil
			}
		}
	}
	if nums := numbers(toks); len(nums) == 1 {
		return []string{strconv.Itoa(nums[0])}, nil // ParseAnswer checks the range
	}
	min, max := 1, 5
	if q.Scale != nil {
		min, max = q.Scale.Min, q.Scale.Max
	}
	return nil, &surveys.Problem{Path: q.ID, MessageID: "answer.scale", Data: map[string]any{"Min": min, "Max": max}}
}

// wholeNumber finds numbers in text whose digits are already ASCII, with
// thousands written "1,200" or "1.200", and their minus sign: "-1" is
// negative, for the range check to refuse, not 1.
var wholeNumber = regexp.MustCompile(`-?(?:[0-9]{1,3}(?:[,.][0-9]{3})+|[0-9]+)`)

func numberReply(q *surveys.Question, body string) ([]string, *surveys.Problem) {
	ascii := strings.Map(func(r rune) rune {
		if d, ok := surveys.ASCIIDigit(r); ok {
			return d
		}
		if r == '\u2212' || r == '\uff0d' { // minus sign, fullwidth hyphen-minus
			return '-'
		}
		return r
	}, body)
	found := wholeNumber.FindAllString(ascii, 3)
	if len(found) != 1 || len(found[0]) > 16 {
		return nil, &surveys.Problem{Path: q.ID, MessageID: "answer.number"}
	}
	return []string{strings.NewReplacer(",", "", ".", "").Replace(found[0])}, nil
}
