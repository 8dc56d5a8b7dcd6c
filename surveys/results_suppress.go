package surveys

// Small-cell suppression. A "family" is a set of groups that add up to a
// published margin: the neighborhoods to the overall row, the split groups
// of a neighborhood to the neighborhood. In each family:
//
//  1. a group of fewer than min_n responses is hidden (its n stays shown,
//     its answers do not);
//  2. complementary rule: if the hidden groups that hold anyone hold fewer
//     than min_n together, the margin minus the shown groups would give
//     their answers away, so the next smallest shown group is hidden too.
//     This covers design.md's rule (one hidden group could be worked out)
//     and also two tiny hidden groups that together are still tiny;
//  3. a group whose margin is hidden is hidden, or the margin could be
//     rebuilt by adding its groups up;
//  4. in a filtered view, a group that differs from the same group
//     unfiltered by fewer than min_n responses is hidden, or comparing the
//     two views would give the difference away.
//
// The same rules run again per question on the number who answered it, so
// an optional question answered by three people in a large group is not
// shown either. Every view and export goes through here, public or not.

// member is one group of a family as the rules see it.
type member struct {
	n      int64 // responses (or answers to one question) in view
	rest   int64 // how many fewer than unfiltered: 0 when not filtered
	forced bool  // hidden already (its margin, or its group, is)
}

// suppress returns which members to hide.
func suppress(ms []member, minN int64) []bool {
	hide := make([]bool, len(ms))
	for i, m := range ms {
		hide[i] = m.forced || m.n < minN || (m.rest > 0 && m.rest < minN)
	}
	for {
		var hidden int64
		for i, m := range ms {
			if hide[i] {
				hidden += m.n
			}
		}
		if hidden == 0 || hidden >= minN {
			return hide
		}
		next := -1
		for i, m := range ms {
			if !hide[i] && m.n > 0 && (next < 0 || m.n < ms[next].n) {
				next = i
			}
		}
		if next < 0 {
			return hide
		}
		hide[next] = true
	}
}

// familyTally is a group of a family with its unfiltered counterpart.
type familyTally struct {
	view, base *Tally // base is nil when the view is not filtered
	forced     bool
}

// suppressFamily decides, for each group of a family, whether it is hidden
// and which of its questions are, given the margin's hidden questions.
func suppressFamily(def *Survey, groups []familyTally, marginHidden map[string]bool, minN int64) (hidden []bool, hiddenQ []map[string]bool) {
	ms := make([]member, len(groups))
	for i, g := range groups {
		ms[i] = member{n: g.view.N, forced: g.forced}
		if g.base != nil {
			ms[i].rest = g.base.N - g.view.N
		}
	}
	hidden = suppress(ms, minN)
	hiddenQ = make([]map[string]bool, len(groups))
	for i := range hiddenQ {
		hiddenQ[i] = map[string]bool{}
	}
	for _, q := range ResultQuestions(def) {
		qs := make([]member, len(groups))
		for i, g := range groups {
			vn := g.view.Question(q.ID).N
			qs[i] = member{n: vn, forced: hidden[i] || marginHidden[q.ID]}
			if g.base != nil {
				qs[i].rest = g.base.Question(q.ID).N - vn
			}
		}
		for i, h := range suppress(qs, minN) {
			hiddenQ[i][q.ID] = h
		}
	}
	return hidden, hiddenQ
}

// ResultQuestions are the questions results report: all but the
// neighborhood question, which is the grouping itself.
func ResultQuestions(def *Survey) []*Question {
	var out []*Question
	for i := range def.Questions {
		if def.Questions[i].Type != TypeNeighborhood {
			out = append(out, &def.Questions[i])
		}
	}
	return out
}
