package results

import "canvass/surveys"

// Small-cell suppression: the one rule every results view, export and page
// goes through, public or not. A group (or one question's answers in it)
// is hidden when:
//
//  1. it holds fewer than min_n responses (its n stays shown, its answers
//     do not);
//  2. complementary rule: within a family of groups that add up to a
//     shown margin (the neighborhoods to the overall row; a neighborhood's
//     split groups to the neighborhood; the values of a channel or
//     language filter to the group unfiltered), the hidden groups that
//     hold anyone must hold at least min_n together, or the next smallest
//     shown group is hidden too;
//  3. its margin is hidden;
//  4. nesting rule: some population that another view can show and that
//     contains this group differs from it by 1 to min_n-1 responses. The
//     group is compared with every way of widening it: to its
//     neighborhood and to all of them, and dropping each filter (channel,
//     language, dates). Rather than each difference, each region those
//     widenings cut the population into must hold 0 or at least min_n
//     (the split group's own answers aside), so every difference between
//     two of them is 0 or at least min_n as well, and the regions three
//     or four views could isolate by adding and subtracting them (all less
//     web less English plus web in English) are covered too;
//  5. dates: weeks are the windows, and a range's nearest non-empty week
//     on each side (in every widening the range does not already differ
//     from) must hold 0 or at least min_n, so no longer range that
//     contains this one can differ from it by fewer;
//  6. it is held back by published numbers (publish.go).
//
// The same rules run per question on the number who answered it. A
// raised min_n first applies the survey's own, then hides more: what a
// higher threshold shows is a subset of what the survey's shows.

// member is one group of a family as the complementary rule sees it.
type member struct {
	n      int64 // responses (or answers to one question) in view
	forced bool  // hidden already
}

// suppress returns which members to hide (rules 1 and 2).
func suppress(ms []member, minN int64) []bool {
	hide := make([]bool, len(ms))
	for i, m := range ms {
		hide[i] = m.forced || m.n < minN
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

// hidden is what is hidden of one group: all of it, or some questions.
type hidden struct {
	group bool
	q     map[string]bool
}

func (h *hidden) merge(group bool, q map[string]bool) {
	h.group = h.group || group
	for id, v := range q {
		if v {
			h.q[id] = true
		}
	}
}

// familyTally is a group of a family with what is already hidden of it.
type familyTally struct {
	view   *Tally
	forced hidden
}

// suppressFamily applies rules 1 to 3 to a family, given the margin's
// hidden questions.
func suppressFamily(def *surveys.Survey, groups []familyTally, marginHidden map[string]bool, minN int64) []hidden {
	ms := make([]member, len(groups))
	for i, g := range groups {
		ms[i] = member{n: g.view.N, forced: g.forced.group}
	}
	out := make([]hidden, len(groups))
	for i, h := range suppress(ms, minN) {
		out[i] = hidden{group: h, q: map[string]bool{}}
	}
	for _, q := range Questions(def) {
		qs := make([]member, len(groups))
		for i, g := range groups {
			qs[i] = member{n: g.view.Question(q.ID).N, forced: out[i].group || marginHidden[q.ID] || g.forced.q[q.ID]}
		}
		for i, h := range suppress(qs, minN) {
			out[i].q[q.ID] = h
		}
	}
	return out
}

// Widenings of a view's group, as bits: which filters are dropped.
const (
	wideChannel = 1 << iota
	wideLanguage
	wideDates
)

// nestingHides applies rules 2 (to the values of the view's filters), 4
// and 5 to one group, given as the chain of groups it nests in (itself,
// its neighborhood, all). It returns, per field (0 the group, i question
// i-1), whether the field is hidden.
func (x *Reach) nestingHides(chain []string, minN int64) []bool {
	out := make([]bool, len(x.questions)+1)
	small := func(v int64) bool { return v > 0 && v < minN }
	var dims int
	if x.channel != "" {
		dims |= wideChannel
	}
	if x.language != "" {
		dims |= wideLanguage
	}
	if x.dated {
		dims |= wideDates
	}
	key := func(level, wide int) ReachKey {
		k := ReachKey{Group: chain[level]}
		if wide&wideChannel == 0 {
			k.Channel = x.channel
		}
		if wide&wideLanguage == 0 {
			k.Language = x.language
		}
		return k
	}
	count := func(level, wide int) Counts {
		if level < 0 {
			return Counts{}
		}
		return x.sum(key(level, wide), wide&wideDates != 0)
	}
	// Rule 4: region (level, T) is the population of chain[level] outside
	// chain[level-1], inside the view's filter for the dimensions not in T
	// and outside it for those in T (inclusion-exclusion over T).
	for level := range chain {
		for t := dims; ; t = (t - 1) & dims {
			if level > 0 || t != 0 {
				var region Counts
				for s := t; ; s = (s - 1) & t {
					sign := int64(1)
					if bitCount(t^s)%2 == 1 {
						sign = -1
					}
					region.add(count(level, s), sign)
					region.add(count(level-1, s), -sign)
					if s == 0 {
						break
					}
				}
				for f := range out {
					out[f] = out[f] || small(region.field(f))
				}
			}
			if t == 0 {
				break
			}
		}
	}
	if x.dated {
		self := count(0, 0)
		for level := range chain {
			for s := dims &^ wideDates; ; s = (s - 1) & (dims &^ wideDates) {
				c := count(level, s)
				before, after := x.neighbours(key(level, s))
				for f := range out {
					if c.field(f) == self.field(f) && (small(before[f]) || small(after[f])) {
						out[f] = true
					}
				}
				if s == 0 {
					break
				}
			}
		}
	}
	x.filterFamilies(chain[0], out, minN)
	return out
}

// filterFamilies is rule 2 across views: the group under each value of a
// filter the view sets adds up to the group without it, so a value hidden
// for being small must not be the only one hidden. Values no view can
// ask for are always hidden.
func (x *Reach) filterFamilies(group string, out []bool, minN int64) {
	for _, fam := range []struct {
		set    bool
		values []string
		key    func(v string) ReachKey
	}{
		{x.channel != "", []string{surveys.ChannelWeb, surveys.ChannelSMS, restValue}, func(v string) ReachKey {
			return ReachKey{Group: group, Channel: v, Language: x.language}
		}},
		{x.language != "", append(append([]string{}, x.languages...), restValue), func(v string) ReachKey {
			return ReachKey{Group: group, Channel: x.channel, Language: v}
		}},
	} {
		if !fam.set {
			continue
		}
		counts := make([]Counts, len(fam.values))
		self := -1
		for i, v := range fam.values {
			counts[i] = x.sum(fam.key(v), false)
			if k := fam.key(v); k.Channel == x.channel && k.Language == x.language {
				self = i
			}
		}
		for f := range out {
			ms := make([]member, len(fam.values))
			for i, v := range fam.values {
				ms[i] = member{n: counts[i].field(f), forced: v == restValue}
			}
			if self >= 0 && suppress(ms, minN)[self] {
				out[f] = true
			}
		}
	}
}

func bitCount(b int) int {
	n := 0
	for ; b != 0; b &= b - 1 {
		n++
	}
	return n
}
