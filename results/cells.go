package results

import (
	"regexp"
	"strings"

	"canvass/surveys"
)

// A Cell names one live counter of a survey: the responses of one
// neighborhood, either all of them (Dim "") or those sharing one attribute:
// a channel, a language, or an answer to a demographic question. Each
// response adds to 3 + (demographic questions it answered) cells, and a
// results view reads one cell per neighborhood (or per neighborhood and
// split group), so a view never reads more than a few dozen small counters.
type Cell struct {
	Neighborhood string
	Dim          string
	Value        string
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
// the others. Every part is a slug, an ID or a checked token, so "|" and
// "=" cannot appear inside one.
func (c Cell) ID(slug string) string {
	if c.Dim == DimAll {
		return slug + "|" + c.Neighborhood + "|*"
	}
	return slug + "|" + c.Neighborhood + "|" + c.Dim + "=" + c.Value
}

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
// the definition of the version the resident answered.
func ResponseCells(def *surveys.Survey, r *surveys.Response) []Cell {
	nb := GroupOf(def, r)
	cells := []Cell{
		TotalCell(),
		{Neighborhood: nb},
		{Neighborhood: nb, Dim: DimChannel, Value: cellToken(r.Channel)},
		{Neighborhood: nb, Dim: DimLanguage, Value: cellToken(r.Language)},
	}
	for _, q := range def.SplitQuestions() {
		if v, ok := r.Answers[q.ID].(string); ok && hasOption(q, v) {
			cells = append(cells, Cell{Neighborhood: nb, Dim: SplitDim(q.ID), Value: v})
		}
	}
	return cells
}

// Fold adds up responses into counters in memory, exactly as the live
// counters add them up in the database: rebuilds and checks use it.
type Fold map[Cell]*Tally

// Add counts one response, read against def (its version's definition).
func (f Fold) Add(def *surveys.Survey, r *surveys.Response) {
	t := ResponseTally(def, r)
	for _, c := range ResponseCells(def, r) {
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
	nb, dim, ok := strings.Cut(rest, "|")
	if !ok || nb == "" {
		return Cell{}, false
	}
	if dim == "*" {
		return Cell{Neighborhood: nb}, true
	}
	d, v, ok := strings.Cut(dim, "=")
	if !ok || d == "" || v == "" {
		return Cell{}, false
	}
	return Cell{Neighborhood: nb, Dim: d, Value: v}, true
}
