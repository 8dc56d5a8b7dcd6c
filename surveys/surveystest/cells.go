package surveystest

import (
	"fmt"
	"math/bits"
	"slices"
	"time"

	"canvass/results"
	"canvass/surveys"
)

// Population is a set of responses, by index (at most 512).
type Population [8]uint64

func (p *Population) add(i int) { p[i/64] |= 1 << (i % 64) }

// Within reports whether every response of p is in o.
func (p Population) Within(o Population) bool {
	for i := range p {
		if p[i]&^o[i] != 0 {
			return false
		}
	}
	return true
}

// Size is how many responses p holds.
func (p Population) Size() int {
	n := 0
	for _, w := range p {
		n += bits.OnesCount64(w)
	}
	return n
}

// Definition is what a shown cell's filters say it holds.
type Definition struct {
	Group, Split, Channel, Language string // Split: "<question>=<value>"; "" none
	From, To                        time.Time
}

// nests reports whether every response d's filters admit, o's admit too.
func (d Definition) nests(o Definition) bool {
	return (o.Group == results.AllNeighborhoods || o.Group == d.Group) &&
		(o.Split == "" || o.Split == d.Split) &&
		(o.Channel == "" || o.Channel == d.Channel) &&
		(o.Language == "" || o.Language == d.Language) &&
		(o.From.IsZero() || (!d.From.IsZero() && !d.From.Before(o.From))) &&
		(o.To.IsZero() || (!d.To.IsZero() && !d.To.After(o.To)))
}

type shown struct {
	where string
	def   Definition
}

// Cells records every cell a viewer was shown: a group's responses, or
// those of a group who answered one question (by kind: the question ID,
// "" for the group).
type Cells struct {
	byKind  map[string]map[Population][]shown
	tallies map[*surveys.Response]*results.Tally
}

// NewCells starts an empty record.
func NewCells() *Cells {
	return &Cells{byKind: map[string]map[Population][]shown{}, tallies: map[*surveys.Response]*results.Tally{}}
}

// Collect records what res, a view of def, shows, each group's
// population worked out from rs, the responses the numbers count. It
// returns an error when a group's n is not the size of its population
// (the test's model of a view would be wrong).
func (c *Cells) Collect(def *surveys.Survey, view results.View, res *results.Results, rs []*surveys.Response, where string) error {
	view = view.Aligned()
	groups := res.Groups
	if res.Overall != nil {
		groups = append([]results.Group{*res.Overall}, groups...)
	}
	tallies := make([]*results.Tally, len(rs))
	for i, r := range rs {
		if c.tallies[r] == nil {
			c.tallies[r] = results.ResponseTally(def, r)
		}
		tallies[i] = c.tallies[r]
	}
	for _, g := range groups {
		var pop Population
		answered := map[string]*Population{}
		for _, q := range results.Questions(def) {
			answered[q.ID] = &Population{}
		}
		for i, r := range rs {
			if !inGroup(def, view, g, r) {
				continue
			}
			pop.add(i)
			for id, p := range answered {
				if tallies[i].Question(id).N > 0 {
					p.add(i)
				}
			}
		}
		d := Definition{Group: g.Neighborhood, Channel: view.Channel, Language: view.Language, From: view.From, To: view.To}
		label := where + " " + g.Neighborhood
		if g.Split != nil {
			d.Split = view.Split + "=" + *g.Split
			label += "/" + *g.Split
		}
		if int64(pop.Size()) != g.N {
			return fmt.Errorf("%s: n %d, but %d responses are in it", label, g.N, pop.Size())
		}
		if g.Suppressed {
			continue
		}
		c.add("", pop, shown{label, d})
		for id, qr := range g.Questions {
			if qr != nil && !qr.Suppressed {
				c.add(id, *answered[id], shown{label, d})
			}
		}
	}
	return nil
}

func (c *Cells) add(kind string, p Population, s shown) {
	if c.byKind[kind] == nil {
		c.byKind[kind] = map[Population][]shown{}
	}
	c.byKind[kind][p] = append(c.byKind[kind][p], s)
}

// Distinct is how many distinct populations were shown, over all kinds.
func (c *Cells) Distinct() int {
	n := 0
	for _, m := range c.byKind {
		n += len(m)
	}
	return n
}

// Pairs is how many pairs of distinct shown populations of one kind
// there are: what Violations compares.
func (c *Cells) Pairs() int {
	n := 0
	for _, m := range c.byKind {
		n += len(m) * (len(m) - 1) / 2
	}
	return n
}

// Violations lists every pair of shown cells of one kind where one holds
// the other and they differ by 1 to minN-1 responses. byDefinition
// counts only pairs whose filters say so too (for live numbers, whose
// rule compares filters, not data).
func (c *Cells) Violations(minN int, byDefinition bool) []string {
	var out []string
	for kind, cells := range c.byKind {
		bySize := map[int][]Population{}
		for p := range cells {
			bySize[p.Size()] = append(bySize[p.Size()], p)
		}
		for a := range cells {
			for d := 1; d < minN; d++ {
				for _, b := range bySize[a.Size()+d] {
					if !a.Within(b) {
						continue
					}
					if sa, sb, ok := pair(cells[a], cells[b], byDefinition); ok {
						out = append(out, fmt.Sprintf("%q: %s (n %d) within %s (n %d)", kind, sa.where, a.Size(), sb.where, b.Size()))
					}
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

func pair(as, bs []shown, byDefinition bool) (shown, shown, bool) {
	for _, a := range as {
		for _, b := range bs {
			if !byDefinition || a.def.nests(b.def) {
				return a, b, true
			}
		}
	}
	return shown{}, shown{}, false
}

// inGroup reports whether a response is in a group of a view.
func inGroup(def *surveys.Survey, view results.View, g results.Group, r *surveys.Response) bool {
	if !view.Includes(r) {
		return false
	}
	if g.Neighborhood != results.AllNeighborhoods && results.GroupOf(def, r) != g.Neighborhood {
		return false
	}
	if g.Split == nil {
		return true
	}
	v, ok := r.Answers[view.Split].(string)
	if !ok {
		v = results.Unanswered
	}
	return v == *g.Split
}
