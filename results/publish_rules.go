package results

import (
	"strings"

	"canvass/surveys"
)

// stepState decides the time and containment rules of one step
// (publish.go) over the frames it publishes.
type stepState struct {
	minN   int64
	groups []string
	values []string
	qs     []string
	frames map[string]*Frame
	prev   map[string]*ScopeState
	states map[string]*ScopeState
	cache  map[string]*Tally
}

func newStepState(cur *surveys.Survey, next, prev *Snapshot, minN int64) *stepState {
	st := &stepState{minN: minN, groups: next.Groups(), values: scopeValues(cur), frames: next.Frames,
		prev: prev.scopes(), states: map[string]*ScopeState{}, cache: map[string]*Tally{}}
	for _, q := range Questions(cur) {
		st.qs = append(st.qs, q.ID)
	}
	for _, g := range append(st.groups, AllNeighborhoods) {
		for _, v := range st.values {
			st.states[scopeKey(g, v)] = &ScopeState{Base: NewTally(), Held: newHold(), Hidden: newHold()}
		}
	}
	return st
}

func newHold() Hold { return Hold{Questions: map[string]bool{}} }

// cell is the tally of group g (or all of them) with value v.
func (st *stepState) cell(g, v string) *Tally {
	return st.cached("c|"+g+"|"+v, func() *Tally { return st.sum(g, func(f *Frame) *Tally { return f.Cells[v] }) })
}

func (st *stepState) cached(key string, fn func() *Tally) *Tally {
	if t, ok := st.cache[key]; ok {
		return t
	}
	t := fn()
	st.cache[key] = t
	return t
}

// meet is the tally of group g with both values a and b.
func (st *stepState) meet(g, a, b string) *Tally {
	switch {
	case a == "*":
		return st.cell(g, b)
	case b == "*" || a == b:
		return st.cell(g, a)
	case scopeDim(a) == scopeDim(b):
		return NewTally() // one attribute has one value
	}
	k := meetKey(a, b)
	return st.cached("m|"+g+"|"+k, func() *Tally { return st.sum(g, func(f *Frame) *Tally { return f.Meets[k] }) })
}

func (st *stepState) sum(g string, of func(*Frame) *Tally) *Tally {
	if g != AllNeighborhoods {
		if f := st.frames[g]; f != nil && of(f) != nil {
			return of(f)
		}
		return NewTally()
	}
	out := NewTally()
	for _, g := range st.groups {
		out.Add(st.sum(g, of))
	}
	return out
}

// field is N (0) or the answers to question i-1.
func (st *stepState) field(t *Tally, i int) int64 {
	if i == 0 {
		return t.N
	}
	return t.Question(st.qs[i-1]).N
}

func (st *stepState) small(d int64) bool {
	if d < 0 {
		d = -d
	}
	return d > 0 && d < st.minN
}

// holdBack is the time rule: a scope (or one question in it) that changed
// by 1 to min_n-1 since its base is held; the complementary rule then runs
// on the changes within each family, so the held ones cannot be worked
// out as a margin's change less the others'. Bases move where not held.
func (st *stepState) holdBack() {
	fields := len(st.qs) + 1
	growth := map[string][]int64{}
	held := map[string][]bool{}
	for key := range st.states {
		g, v := splitScope(key)
		base := NewTally()
		if p := st.prev[key]; p != nil && p.Base != nil {
			base = p.Base
		}
		now := st.cell(g, v)
		growth[key], held[key] = make([]int64, fields), make([]bool, fields)
		for f := range fields {
			d := st.field(now, f) - st.field(base, f)
			if d < 0 {
				d = -d
			}
			growth[key][f] = d
			held[key][f] = st.small(d)
		}
	}
	hold := func(key string, f int) {
		if f == 0 {
			for i := range held[key] {
				held[key][i] = true
			}
		}
		held[key][f] = true
	}
	for key := range held {
		if held[key][0] {
			hold(key, 0)
		}
	}
	families := st.families()
	for changed := true; changed; {
		changed = false
		for f := range fields {
			for _, fam := range families {
				if held[fam.margin][f] {
					continue
				}
				var sum int64
				next := ""
				for _, m := range fam.members {
					switch {
					case held[m][f]:
						sum += growth[m][f]
					case growth[m][f] > 0 && (next == "" || growth[m][f] < growth[next][f]):
						next = m
					}
				}
				if !st.small(sum) {
					continue
				}
				if next == "" {
					next = fam.margin
				}
				hold(next, f)
				changed = true
			}
		}
	}
	for key, s := range st.states {
		g, v := splitScope(key)
		now := st.cell(g, v)
		if p := st.prev[key]; p != nil && p.Base != nil {
			s.Base = p.Base.Clone()
		}
		if !held[key][0] {
			s.Base.N = now.N
		}
		for i, id := range st.qs {
			if !held[key][i+1] {
				s.Base.question(id).N = now.Question(id).N
			}
		}
		s.Held.Group = held[key][0]
		for i, id := range st.qs {
			s.Held.Questions[id] = held[key][i+1]
		}
	}
}

type scopeFamily struct {
	margin  string
	members []string
}

// families lists the families a margin less the others would give a
// member's change away in: a group's values of one attribute, and the
// groups under one value (but splits, which have no overall row).
func (st *stepState) families() []scopeFamily {
	var out []scopeFamily
	byDim := map[string][]string{}
	var dims []string
	for _, v := range st.values[1:] {
		d := scopeDim(v)
		if byDim[d] == nil {
			dims = append(dims, d)
		}
		byDim[d] = append(byDim[d], v)
	}
	for _, g := range append(st.groups, AllNeighborhoods) {
		for _, d := range dims {
			if g == AllNeighborhoods && d != DimChannel && d != DimLanguage {
				continue
			}
			fam := scopeFamily{margin: scopeKey(g, "*")}
			for _, v := range byDim[d] {
				fam.members = append(fam.members, scopeKey(g, v))
			}
			out = append(out, fam)
		}
	}
	for _, v := range st.values {
		if !shownValue(AllNeighborhoods, v) && scopeDim(v) != DimChannel && scopeDim(v) != DimLanguage {
			continue
		}
		fam := scopeFamily{margin: scopeKey(AllNeighborhoods, v)}
		for _, g := range st.groups {
			fam.members = append(fam.members, scopeKey(g, v))
		}
		out = append(out, fam)
	}
	return out
}

// hideContained is the containment rule: for every shown scope A and
// every shown scope B of its group or of all groups, if every response of
// A is in B (their meet holds as many as A) and B holds 1 to min_n-1 more,
// A is hidden; the same per question, on those who answered it.
func (st *stepState) hideContained() {
	levels := func(g string) []string {
		if g == AllNeighborhoods {
			return []string{g}
		}
		return []string{g, AllNeighborhoods}
	}
	for _, g := range append(st.groups, AllNeighborhoods) {
		for _, a := range st.values {
			if !shownValue(g, a) {
				continue
			}
			s := st.states[scopeKey(g, a)]
			ta := st.cell(g, a)
			for _, h := range levels(g) {
				for _, b := range st.values {
					if (h == g && b == a) || !shownValue(h, b) {
						continue
					}
					tb, meet := st.cell(h, b), st.meet(g, a, b)
					for f := range len(st.qs) + 1 {
						if st.field(meet, f) == st.field(ta, f) && st.small(st.field(tb, f)-st.field(ta, f)) && st.field(tb, f) > st.field(ta, f) {
							if f == 0 {
								s.Hidden.Group = true
							} else {
								s.Hidden.Questions[st.qs[f-1]] = true
							}
						}
					}
				}
			}
		}
	}
}

// splitScope reads a scopeKey back.
func splitScope(key string) (group, value string) {
	group, value, _ = strings.Cut(key, "|")
	return group, value
}
