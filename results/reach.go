package results

import (
	"slices"
	"time"

	"canvass/surveys"
)

// Counts is how many responses a population holds and how many of them
// answered each question results report (Q follows Questions).
// The rules of suppress.go need nothing more of a population.
type Counts struct {
	N int64
	Q []int64
}

// fields lists N then every Q: field 0 is the group, field i question i-1.
func (c Counts) field(i int) int64 {
	if i == 0 {
		return c.N
	}
	if i-1 < len(c.Q) {
		return c.Q[i-1]
	}
	return 0
}

func (c *Counts) add(o Counts, sign int64) {
	c.N += sign * o.N
	if len(c.Q) < len(o.Q) {
		c.Q = append(c.Q, make([]int64, len(o.Q)-len(c.Q))...)
	}
	for i, v := range o.Q {
		c.Q[i] += sign * v
	}
}

// ReachKey names a population beside a view's group: a group (GroupKey),
// and for each filter the view sets, "" for any value or one value
// (the view's, another one, or restValue for those a view cannot ask for).
type ReachKey struct {
	Group    string
	Channel  string
	Language string
}

// restValue stands for every channel or language a view cannot ask for
// (a language a later version dropped, an unknown one): never shown
// alone, yet what is left when the others are taken from the whole.
const restValue = "_rest"

// GroupKey names a group of a view: a neighborhood, one of its split
// groups ("<neighborhood>/<option>"), or AllNeighborhoods. IDs never hold
// a "/".
func GroupKey(nb, split string) string {
	if split == "" {
		return nb
	}
	return nb + "/" + split
}

// Reach holds, for one view, the counts of every population its groups
// are compared with: each group of the view (at every level it nests in:
// split group, neighborhood, all) under every mix of the view's filters
// kept, dropped or given another value, week by week when the view has
// dates (a single window otherwise).
type Reach struct {
	questions []string
	channel   string // the view's channel filter, "" for none
	language  string
	languages []string // the languages a view can ask for
	dated     bool
	from, to  int // the view's weeks when dated: from <= week < to
	loc       *time.Location
	counts    map[ReachKey]map[int]*Counts
	// sums remembers sum's answers: every group's rules ask for the same
	// wider populations.
	sums map[sumKey]Counts
}

type sumKey struct {
	k       ReachKey
	anyTime bool
}

func newReach(cur *surveys.Survey, view View) *Reach {
	x := &Reach{channel: view.Channel, language: view.Language, languages: cur.Languages, counts: map[ReachKey]map[int]*Counts{}}
	for _, q := range Questions(cur) {
		x.questions = append(x.questions, q.ID)
	}
	x.from, x.to, x.loc, x.dated = view.weeks()
	return x
}

// countsOf reads a tally as Counts of the reach's questions.
func (x *Reach) countsOf(t *Tally) Counts {
	c := Counts{Q: make([]int64, len(x.questions))}
	if t == nil {
		return c
	}
	c.N = t.N
	for i, id := range x.questions {
		c.Q[i] = t.Question(id).N
	}
	return c
}

func (x *Reach) add(k ReachKey, week int, c Counts, sign int64) {
	x.sums = nil
	byWeek := x.counts[k]
	if byWeek == nil {
		byWeek = map[int]*Counts{}
		x.counts[k] = byWeek
	}
	w := byWeek[week]
	if w == nil {
		w = &Counts{Q: make([]int64, len(x.questions))}
		byWeek[week] = w
	}
	w.add(c, sign)
}

// week is the window a response falls in.
func (x *Reach) week(r *surveys.Response) int {
	if !x.dated {
		return 0
	}
	return Week(r.CreatedAt, x.loc)
}

func (x *Reach) inRange(week int) bool { return !x.dated || (week >= x.from && week < x.to) }

// sum is a population's counts within the view's dates, or at any time.
// The result is shared: callers must not change it.
func (x *Reach) sum(k ReachKey, anyTime bool) Counts {
	anyTime = anyTime || !x.dated
	if c, ok := x.sums[sumKey{k, anyTime}]; ok {
		return c
	}
	out := Counts{Q: make([]int64, len(x.questions))}
	for w, c := range x.counts[k] {
		if anyTime || x.inRange(w) {
			out.add(*c, 1)
		}
	}
	if x.sums == nil {
		x.sums = map[sumKey]Counts{}
	}
	x.sums[sumKey{k, anyTime}] = out
	return out
}

// neighbours returns, for each field of a population, its count in the
// nearest week before the view's dates where it is not zero, and the same
// after (zero where there is none).
func (x *Reach) neighbours(k ReachKey) (before, after []int64) {
	n := len(x.questions) + 1
	before, after = make([]int64, n), make([]int64, n)
	if !x.dated {
		return before, after
	}
	byWeek := x.counts[k]
	weeks := make([]int, 0, len(byWeek))
	for w := range byWeek {
		weeks = append(weeks, w)
	}
	slices.Sort(weeks)
	for f := range n {
		for i := len(weeks) - 1; i >= 0 && before[f] == 0; i-- {
			if weeks[i] < x.from {
				before[f] = byWeek[weeks[i]].field(f)
			}
		}
		for i := 0; i < len(weeks) && after[f] == 0; i++ {
			if weeks[i] >= x.to {
				after[f] = byWeek[weeks[i]].field(f)
			}
		}
	}
	return before, after
}

// channelValue is what a response's channel counts as beside a view.
func channelValue(ch string) string {
	if ch == surveys.ChannelWeb || ch == surveys.ChannelSMS {
		return ch
	}
	return restValue
}

func (x *Reach) languageValue(l string) string {
	if slices.Contains(x.languages, l) {
		return l
	}
	return restValue
}

// addResponse counts one response (as tally t of group nb and split
// value, "" when the view has no split) in every population the view
// compares with.
func (x *Reach) addResponse(r *surveys.Response, nb, split string, t *Tally) {
	c := x.countsOf(t)
	groups := []string{nb, AllNeighborhoods}
	if split != "" {
		groups = append(groups, GroupKey(nb, split))
	}
	channels, languages := []string{""}, []string{""}
	if x.channel != "" {
		channels = append(channels, channelValue(r.Channel))
	}
	if x.language != "" {
		languages = append(languages, x.languageValue(r.Language))
	}
	week := x.week(r)
	for _, g := range groups {
		for _, ch := range channels {
			for _, l := range languages {
				x.add(ReachKey{Group: g, Channel: ch, Language: l}, week, c, 1)
			}
		}
	}
}
