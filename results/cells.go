package results

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"canvass/surveys"
)

// A Cell names one live counter of a survey: the responses of one
// neighborhood, either all of them (Dim "") or those sharing one attribute:
// a channel, a language, or an answer to a demographic question. A pair
// cell narrows that to one channel or language as well (Also), for views
// with two of split, channel and language; a weekly cell to one week, for
// views with dates. A results view reads one cell per neighborhood (or per
// neighborhood and group), per week when dated, so its cost does not grow
// with the number of responses.
type Cell struct {
	Neighborhood string
	Dim          string
	Value        string
	// AlsoDim and AlsoValue narrow the cell to one channel or language
	// besides Dim (a pair cell); "" for none.
	AlsoDim   string
	AlsoValue string
	// Weekly cells count one week's responses, Week numbered as Week does
	// in the counters' time zone.
	Weekly bool
	Week   int
}

// Cell dimensions.
const (
	DimAll      = ""
	DimChannel  = "channel"
	DimLanguage = "language"
	// dimSplitPrefix starts the dimension of a demographic question, so a
	// question named "channel" cannot collide with the channel dimension.
	dimSplitPrefix = "q:"
)

// SplitDim is the dimension of demographic question id.
func SplitDim(id string) string { return dimSplitPrefix + id }

// ID is the counter document's _id: "<slug>|<neighborhood>|*" for all of
// a neighborhood's responses, "<slug>|<neighborhood>|<dim>=<value>" for
// the others, followed by "&<dim>=<value>" for a pair cell and
// "@<week>" for a weekly one. Every part is a slug, an ID, a number or a
// checked token, so "|", "=", "&" and "@" cannot appear inside one.
func (c Cell) ID(slug string) string {
	id := slug + "|" + c.Neighborhood + "|"
	if c.Dim == DimAll {
		id += "*"
	} else {
		id += c.Dim + "=" + c.Value
	}
	if c.AlsoDim != "" {
		id += "&" + c.AlsoDim + "=" + c.AlsoValue
	}
	if c.Weekly {
		id += "@" + strconv.Itoa(c.Week)
	}
	return id
}

// Plain reports whether the cell is neither a pair nor a weekly cell.
func (c Cell) Plain() bool { return c.AlsoDim == "" && !c.Weekly }

// tokenPattern is what a channel or language value must look like to be
// part of a counter key.
var tokenPattern = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,15}$`)

func cellToken(s string) string {
	if tokenPattern.MatchString(s) {
		return s
	}
	return otherValue
}

// GroupOf returns the neighborhood group of a response as def (the version
// it answered) knows it: its neighborhood, or Unassigned.
func GroupOf(def *surveys.Survey, r *surveys.Response) string {
	if r.Neighborhood != "" {
		if _, ok := def.Neighborhood(r.Neighborhood); ok {
			return r.Neighborhood
		}
	}
	return Unassigned
}

// TotalCell counts every response of a survey, whatever its neighborhood:
// it is the survey's one response count, written with the other counters
// of each response and recounted with them. "*" is never a neighborhood ID.
func TotalCell() Cell { return Cell{Neighborhood: "*"} }

// ResponseCells lists the counters one response adds to, read against def,
// the definition of the version the resident answered; weeks are counted
// in loc, the zone results' date filters use. They are its BaseCells,
// expanded.
func ResponseCells(def *surveys.Survey, r *surveys.Response, loc *time.Location) []Cell {
	var cells []Cell
	for _, b := range BaseCells(def, r, loc) {
		cells = append(cells, b.Expand()...)
	}
	return cells
}

// dimChannelLanguage is the pseudo-dimension of base cells: a channel
// and a language at once, "<channel>+<language>".
const dimChannelLanguage = "cl"

// BaseCells lists the finest counters one response adds to: the survey's
// total (kept on its own, so the response count is one read), and the
// response's week, channel and language in its neighborhood, all of it
// and by each demographic answer. Every other counter is a sum of base
// cells (Expand), so a store that keeps the counters in memory writes
// only these: 2 + (demographic answers) per response, the total shared by
// all of a batch's.
func BaseCells(def *surveys.Survey, r *surveys.Response, loc *time.Location) []Cell {
	nb := GroupOf(def, r)
	base := Cell{Neighborhood: nb, AlsoDim: dimChannelLanguage, AlsoValue: cellToken(r.Channel) + "+" + cellToken(r.Language),
		Weekly: true, Week: Week(r.CreatedAt, loc)}
	cells := []Cell{TotalCell(), base}
	for _, q := range def.SplitQuestions() {
		if v, ok := r.Answers[q.ID].(string); ok && hasOption(q, v) {
			c := base
			c.Dim, c.Value = SplitDim(q.ID), v
			cells = append(cells, c)
		}
	}
	return cells
}

// Expand lists the counters a base cell adds to: with a demographic
// answer, that answer's counter, by channel, by language and by week;
// without, the neighborhood's, by channel, by language, by both, and
// each of those by week. Any other cell (the total) is only itself.
func (c Cell) Expand() []Cell {
	if c.AlsoDim != dimChannelLanguage {
		return []Cell{c}
	}
	ch, lang, _ := strings.Cut(c.AlsoValue, "+")
	week := c.Week
	nb := c.Neighborhood
	channel := Cell{Neighborhood: nb, Dim: DimChannel, Value: ch}
	language := Cell{Neighborhood: nb, Dim: DimLanguage, Value: lang}
	weekly := func(c Cell) Cell {
		c.Weekly, c.Week = true, week
		return c
	}
	if c.Dim != DimAll {
		split := Cell{Neighborhood: nb, Dim: c.Dim, Value: c.Value}
		return []Cell{split, split.also(channel), split.also(language), weekly(split)}
	}
	whole := Cell{Neighborhood: nb}
	return []Cell{whole, channel, language, channel.also(language), weekly(whole), weekly(channel), weekly(language)}
}

// Expanded is a fold of base cells as the counters they add to.
func (f Fold) Expanded() Fold {
	out := Fold{}
	for b, t := range f {
		for _, c := range b.Expand() {
			if out[c] == nil {
				out[c] = NewTally()
			}
			out[c].Add(t)
		}
	}
	return out
}

// also narrows c to the responses of o's attribute as well (a pair cell).
func (c Cell) also(o Cell) Cell {
	c.AlsoDim, c.AlsoValue = o.Dim, o.Value
	return c
}

// Fold adds up responses into counters in memory, exactly as the live
// counters add them up in the database: rebuilds and checks use it.
type Fold map[Cell]*Tally

// Add counts one response, read against def (its version's definition),
// its week in loc.
func (f Fold) Add(def *surveys.Survey, r *surveys.Response, loc *time.Location) {
	f.add(def, r, ResponseCells(def, r, loc))
}

// AddBase counts one response in its base cells only.
func (f Fold) AddBase(def *surveys.Survey, r *surveys.Response, loc *time.Location) {
	f.add(def, r, BaseCells(def, r, loc))
}

func (f Fold) add(def *surveys.Survey, r *surveys.Response, cells []Cell) {
	t := ResponseTally(def, r)
	for _, c := range cells {
		if f[c] == nil {
			f[c] = NewTally()
		}
		f[c].Add(t)
	}
}

// CellFromID parses a counter _id back into its cell (for checks that
// compare the stored counters with a fold).
func CellFromID(slug, id string) (Cell, bool) {
	rest, ok := strings.CutPrefix(id, slug+"|")
	if !ok {
		return Cell{}, false
	}
	var c Cell
	if head, week, ok := strings.Cut(rest, "@"); ok {
		w, err := strconv.Atoi(week)
		if err != nil {
			return Cell{}, false
		}
		rest, c.Weekly, c.Week = head, true, w
	}
	if head, also, ok := strings.Cut(rest, "&"); ok {
		d, v, ok := strings.Cut(also, "=")
		if !ok || d == "" || v == "" {
			return Cell{}, false
		}
		rest, c.AlsoDim, c.AlsoValue = head, d, v
	}
	nb, dim, ok := strings.Cut(rest, "|")
	if !ok || nb == "" {
		return Cell{}, false
	}
	c.Neighborhood = nb
	if dim == "*" {
		return c, true
	}
	d, v, ok := strings.Cut(dim, "=")
	if !ok || d == "" || v == "" {
		return Cell{}, false
	}
	c.Dim, c.Value = d, v
	return c, true
}
