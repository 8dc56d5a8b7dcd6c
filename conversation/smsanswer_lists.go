package conversation

import (
	"strconv"
	"strings"

	"canvass/surveys"
)

// neighborhoodReply reads a neighborhood by, in order: the whole reply
// being a name, ID or match word ("Riverside", "01421"); one word of the
// reply being a match word ("my zip is 01421"); the number in the list;
// the reply containing exactly one neighborhood's name ("near Elm Park").
func neighborhoodReply(s *surveys.Survey, q *surveys.Question, body string) ([]string, *surveys.Problem) {
	names := textIndex(func(put func(string, string)) {
		for _, n := range s.Neighborhoods {
			put(n.ID, n.ID)
			for _, t := range n.Name {
				put(t, n.ID)
			}
			for _, m := range n.Match {
				put(m, n.ID)
			}
		}
	})
	f := FoldWord(body)
	if id, ok := names[f]; ok {
		return []string{id}, nil
	}
	toks := tokenize(body)
	if id, ok := uniqueMatch(toks, names); ok {
		return []string{id}, nil
	}
	if nums := numbers(toks); len(nums) == 1 && nums[0] >= 1 && nums[0] <= len(s.Neighborhoods) {
		return []string{s.Neighborhoods[nums[0]-1].ID}, nil
	}
	if id, ok := uniqueSubstring(f, names); ok {
		return []string{id}, nil
	}
	return nil, &surveys.Problem{Path: q.ID, MessageID: "answer.choose_one"}
}

// uniqueMatch returns the one entry any single token names; none or two
// different ones is no match. Bare small numbers are left to the list.
func uniqueMatch(toks []smsToken, names map[string]string) (string, bool) {
	found := ""
	for _, t := range toks {
		if t.num && len(t.text) < 3 {
			continue
		}
		if id, ok := names[t.text]; ok {
			if found != "" && found != id {
				return "", false
			}
			found = id
		}
	}
	return found, found != ""
}

// uniqueSubstring returns the one entry whose name (four letters or more,
// so "elm" inside "helmet" does not count) the folded reply contains.
func uniqueSubstring(f string, names map[string]string) (string, bool) {
	found := ""
	for name, id := range names {
		if len([]rune(name)) >= 4 && strings.Contains(f, name) {
			if found != "" && found != id {
				return "", false
			}
			found = id
		}
	}
	return found, found != ""
}

// multiReply reads several choices: numbers joined by anything ("1 3",
// "1,3", "1 and 3", "1 y 3", "١ و ٣"), a run of single digits ("13") when
// no option has a two-digit number, or option names separated by commas or
// "and" words ("housing, jobs").
func (w *Words) multiReply(q *surveys.Question, body string) ([]string, *surveys.Problem) {
	unknown := &surveys.Problem{Path: q.ID, MessageID: "answer.unknown_option"}
	toks := tokenize(body)
	if ids, ok, bad := w.numberList(q, toks); ok {
		if bad {
			return nil, unknown
		}
		return ids, nil
	}
	idx := optionIndex(q)
	if id, ok := idx[FoldWord(body)]; ok {
		return []string{id}, nil
	}
	var ids []string
	for _, phrase := range w.phrases(toks) {
		id, ok := idx[phrase]
		if n, err := strconv.Atoi(phrase); err == nil && n >= 1 && n <= len(q.Options) {
			id, ok = q.Options[n-1].ID, true
		}
		if !ok {
			return nil, unknown
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil, unknown
	}
	return ids, nil
}

// numberList reads a reply made only of numbers and "and" words. ok is
// false for any other reply; bad is true when a number is not an option.
func (w *Words) numberList(q *surveys.Question, toks []smsToken) (ids []string, ok, bad bool) {
	var nums []int
	for _, t := range toks {
		switch {
		case t.num:
			nums = append(nums, numbers([]smsToken{t})[0])
		case !w.isAnd(t.text):
			return nil, false, false
		}
	}
	if len(nums) == 0 {
		return nil, false, false
	}
	if len(nums) == 1 && nums[0] > len(q.Options) && len(q.Options) <= 9 {
		if split, ok := digitsOf(toks); ok {
			nums = split
		}
	}
	for _, n := range nums {
		if n < 1 || n > len(q.Options) {
			return nil, true, true
		}
		ids = append(ids, q.Options[n-1].ID)
	}
	return ids, true, false
}

// digitsOf splits the one number of a reply into its digits ("13" → 1, 3).
func digitsOf(toks []smsToken) ([]int, bool) {
	for _, t := range toks {
		if t.num {
			out := make([]int, 0, len(t.text))
			for _, d := range t.text {
				out = append(out, int(d-'0'))
			}
			return out, len(out) <= 9
		}
	}
	return nil, false
}

func (w *Words) isAnd(word string) bool {
	switch word {
	case "and", "y", "e", "et", "و", "ak", "iyo", "va":
		return true
	}
	return w.and[word]
}

// phrases groups a reply's tokens into the choices it names: a number is a
// choice of its own; words run together until a separator, an "and" word
// or a number.
func (w *Words) phrases(toks []smsToken) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for _, t := range toks {
		if t.sep || t.num || w.isAnd(t.text) {
			flush()
		}
		switch {
		case t.num:
			out = append(out, t.text)
		case !w.isAnd(t.text):
			cur.WriteString(t.text)
		}
	}
	flush()
	return out
}
