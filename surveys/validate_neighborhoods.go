package surveys

import (
	"fmt"
	"strconv"
	"strings"
)

// NormalizeMatchWord is the form neighborhood match words and a resident's
// reply are compared in: lower case, trimmed, inner spaces collapsed.
func NormalizeMatchWord(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

func (v *validator) checkNeighborhoods() {
	ids := map[string]bool{}
	for i := range v.s.Neighborhoods {
		n := &v.s.Neighborhoods[i]
		path := fmt.Sprintf("neighborhoods[%d]", i)
		v.checkID(path+".id", n.ID, ids)
		v.requiredText(path+".name", n.Name)
	}
	v.checkMatchWords()
}

// checkMatchWords makes sure a resident's SMS reply leads to exactly one
// neighborhood: a reply may be a menu number, an ID, a name or a match word.
func (v *validator) checkMatchWords() {
	names := v.neighborhoodNames()
	claimed := map[string]int{} // word → index of the first neighborhood to claim it
	for i, n := range v.s.Neighborhoods {
		for j, w := range n.Match {
			path := fmt.Sprintf("neighborhoods[%d].match[%d]", i, j)
			v.checkMatchWord(path, i, NormalizeMatchWord(w), names, claimed)
		}
	}
}

func (v *validator) checkMatchWord(path string, i int, word string, names, claimed map[string]int) {
	if word == "" {
		v.fail(path, msgMatchEmpty, nil)
		return
	}
	if n, err := strconv.Atoi(word); err == nil && n >= 1 && n <= 99 {
		v.fail(path, msgMatchNumber, map[string]any{"Word": word})
		return
	}
	if other, ok := names[word]; ok && other != i {
		v.fail(path, msgMatchConflict, map[string]any{"Word": word, "Neighborhood": v.s.Neighborhoods[other].ID})
		return
	}
	first, ok := claimed[word]
	switch {
	case !ok:
		claimed[word] = i
	case first != i:
		v.fail(path, msgMatchClaimed, map[string]any{"Word": word, "Neighborhood": v.s.Neighborhoods[first].ID})
	}
}

// neighborhoodNames maps each neighborhood's normalized ID and names, in
// every language, to its index; the first neighborhood keeps a shared name.
func (v *validator) neighborhoodNames() map[string]int {
	names := map[string]int{}
	add := func(s string, i int) {
		s = NormalizeMatchWord(s)
		if _, ok := names[s]; !ok && s != "" {
			names[s] = i
		}
	}
	for i, n := range v.s.Neighborhoods {
		add(n.ID, i)
		for _, lang := range MapKeys(n.Name) {
			add(n.Name[lang], i)
		}
	}
	return names
}
