package surveys

import "sort"

// closestName returns the known field name an unknown one was most likely
// meant to be ("optoins" → "options"), or "" when none is close: a wrong
// suggestion would be worse than none.
func closestName[V any](name string, known map[string]V) string {
	if len(name) > 64 {
		return "" // no field name is this long; spare the distance table
	}
	best, bestDist := "", 3 // suggest at most two edits away
	names := make([]string, 0, len(known))
	for k := range known {
		names = append(names, k)
	}
	sort.Strings(names) // equal distances resolve the same way every time
	for _, k := range names {
		if d := editDistance(name, k); d < bestDist && d < len([]rune(name)) {
			best, bestDist = k, d
		}
	}
	return best
}

// editDistance counts the insertions, deletions, substitutions and swaps of
// adjacent letters that turn a into b (optimal string alignment).
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}
