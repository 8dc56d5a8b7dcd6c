package handlers_test

import (
	"regexp"
	"strconv"
	"testing"

	"canvass/auth"
	"canvass/results"
)

// hiddenRow is a row of a question's table on a results page: the group's
// n, then why its answers are hidden.
var hiddenRow = regexp.MustCompile(`<td class="n">(\d+)</td><td class="hidden" colspan="\d+">([^<]*)</td>`)

// TestResultsHiddenSaysWhy checks every hidden group gives the reason it
// is hidden, in the JSON and on the staff page: fewer than min_n only when
// it holds fewer, and otherwise that it protects a smaller group. (The
// complementary rule hid a group of 280 as "Hidden (fewer than 250)".)
func TestResultsHiddenSaysWhy(t *testing.T) {
	t.Parallel()
	a := newResultsApp(t, 300, 31)
	protects := 0
	for _, view := range []string{"?split=age", "?split=tenure", "?min_n=40"} {
		res := a.results(view, auth.RoleStaff)
		for key, g := range groupByKey(res) {
			want := results.ReasonFewer
			if g.N >= int64(res.MinN) {
				want = results.ReasonProtects
			}
			if g.Suppressed && g.Reason != want {
				t.Errorf("%s %s: n %d of min_n %d hidden for %q, want %q", view, key, g.N, res.MinN, g.Reason, want)
			}
		}
		_, body, _ := a.fetch("/admin/results/"+exampleSlug+view, auth.RoleStaff, "Accept", "text/html")
		fewer := "Hidden (fewer than " + strconv.Itoa(res.MinN) + ")"
		for _, m := range hiddenRow.FindAllStringSubmatch(string(body), -1) {
			n, _ := strconv.Atoi(m[1])
			switch {
			case m[2] == fewer && n >= res.MinN:
				t.Errorf("%s: a group of %d is labelled %q", view, n, m[2])
			case m[2] == "Hidden to protect a smaller group":
				protects++
			}
		}
	}
	if protects == 0 {
		t.Fatal("no page hid a group of min_n or more to protect another: the test checks nothing")
	}
}
