package results

import (
	"slices"
	"strings"
	"time"

	"canvass/surveys"
)

// Groups lists the groups the snapshot has frames of, sorted.
func (s *Snapshot) Groups() []string {
	var out []string
	if s != nil {
		for g := range s.Frames {
			out = append(out, g)
		}
	}
	slices.Sort(out)
	return out
}

// ViewTallies answers a published view (CheckPublished) from the frames,
// with what the rules hold back and hide.
func (s *Snapshot) ViewTallies(cur *surveys.Survey, view View) *ViewTallies {
	counters := map[Cell]*Tally{}
	groups := s.Groups()
	for _, g := range groups {
		for v, t := range s.Frames[g].Cells {
			c := Cell{Neighborhood: g}
			if v != "*" {
				c.Dim, c.Value, _ = strings.Cut(v, "=")
			}
			counters[c] = t
		}
	}
	out := TalliesFromCounters(cur, view, groups, counters)
	at := time.Time{}
	if s != nil {
		at = s.At
	}
	out.PublishedAt, out.Held = &at, map[string]Hold{}
	dim, value := view.Dim()
	if view.Split != "" {
		dim = SplitDim(view.Split)
	}
	for key, state := range s.scopes() {
		g, v, _ := strings.Cut(key, "|")
		switch {
		case view.Split != "" && scopeDim(v) == dim:
			_, opt, _ := strings.Cut(v, "=")
			out.Held[GroupKey(g, opt)] = state.hold()
		case v == scopeValue(dim, value):
			out.Held[g] = state.hold()
		case view.Split != "" && v == "*":
			out.Held[g] = state.hold()
		}
	}
	return out
}

func (s *Snapshot) scopes() map[string]*ScopeState {
	if s == nil {
		return nil
	}
	return s.Scopes
}

// hold is everything the rules hide of a scope.
func (st *ScopeState) hold() Hold {
	h := Hold{Group: st.Held.Group || st.Hidden.Group, Questions: map[string]bool{}}
	for _, m := range []map[string]bool{st.Held.Questions, st.Hidden.Questions} {
		for id, v := range m {
			h.Questions[id] = h.Questions[id] || v
		}
	}
	return h
}

// GroupTotals sums the live counters of the survey's counter
// neighborhoods ((nb, *) cells) by group of the current definition: what
// Due compares the published frames with.
func GroupTotals(cur *surveys.Survey, counters map[Cell]*Tally) map[string]int64 {
	out := map[string]int64{}
	for c, t := range counters {
		if c.Dim == DimAll && c.Neighborhood != "*" {
			out[currentGroup(cur, c.Neighborhood)] += t.N
		}
	}
	return out
}
