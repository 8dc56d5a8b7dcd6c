package results

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"canvass/surveys"
)

// Series are the rounds of one survey asked again over time (surveys
// sharing a `series`), compared with each other and against the targets
// the partnership set, such as "+30% feel safe by Fall 2027".
type Series struct {
	Series string `json:"series" bson:"series"`
	// Title names the series on pages; optional.
	Title   surveys.Text `json:"title,omitempty" bson:"title,omitempty"`
	Targets []Target     `json:"targets" bson:"targets"`
	// UpdatedAt and UpdatedBy record the last change (set by the server).
	UpdatedAt time.Time `json:"updated_at,omitzero" bson:"updated_at,omitempty"`
	UpdatedBy string    `json:"updated_by,omitempty" bson:"updated_by,omitempty"`
}

// Target units.
const (
	// UnitPercent is a relative change: +30 turns a 50% share into 65%.
	UnitPercent = "percent"
	// UnitPoints is a change in percentage points: +30 turns 50% into 80%.
	UnitPoints = "points"
)

// Target is a shared result the partnership aims for: the share of
// residents giving a top answer to one question should change by Change
// (in Unit) from the baseline round by the round named By.
type Target struct {
	Question string   `json:"question" bson:"question"`
	Top      []string `json:"top" bson:"top"`
	Change   float64  `json:"change" bson:"change"`
	Unit     string   `json:"unit" bson:"unit"`
	// Baseline is the slug of the round measured against; empty means the
	// series' first round.
	Baseline string `json:"baseline,omitempty" bson:"baseline,omitempty"`
	// By is the round the target is due, as the table says it ("Fall 2027").
	By string `json:"by,omitempty" bson:"by,omitempty"`
	// Due is the same as a date (YYYY-MM-DD), optional.
	Due string `json:"due,omitempty" bson:"due,omitempty"`
	// Neighborhoods limits the target to some neighborhoods; empty means
	// every neighborhood and the overall share.
	Neighborhoods []string `json:"neighborhoods,omitempty" bson:"neighborhoods,omitempty"`
	// Label is the target in words, per language, for pages.
	Label surveys.Text `json:"label,omitempty" bson:"label,omitempty"`
}

// Matches reports whether the target is about question's top answers top.
func (t *Target) Matches(question string, top []string) bool {
	if t.Question != question {
		return false
	}
	if len(top) == 0 {
		return true
	}
	a, b := slices.Clone(t.Top), slices.Clone(top)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// Applies reports whether the target covers neighborhood nb
// (AllNeighborhoods for the overall share).
func (t *Target) Applies(nb string) bool {
	return len(t.Neighborhoods) == 0 || slices.Contains(t.Neighborhoods, nb)
}

// CheckTop checks the top answers asked of question q: option IDs of a
// single question, values of a scale, one option of a multi question (the
// counters hold each option, not "any of several").
func CheckTop(q *surveys.Question, top []string, path string) surveys.Problems {
	var p surveys.Problems
	bad := func(id string, data map[string]any) {
		p = append(p, surveys.Problem{Path: path, MessageID: id, Data: data})
	}
	switch q.Type {
	case surveys.TypeScale:
		for _, v := range top {
			n, err := strconv.Atoi(v)
			if err != nil || q.Scale == nil || n < q.Scale.Min || n > q.Scale.Max {
				bad("series.top_invalid", map[string]any{"Value": v, "Question": q.ID})
			}
		}
	case surveys.TypeSingle, surveys.TypeMulti:
		for _, v := range top {
			if !hasOption(q, v) {
				bad("series.top_invalid", map[string]any{"Value": v, "Question": q.ID})
			}
		}
		if q.Type == surveys.TypeMulti && len(top) > 1 {
			bad("series.top_multi", map[string]any{"Question": q.ID})
		}
	default:
		bad("series.question_type", map[string]any{"Question": q.ID, "Type": q.Type})
	}
	if len(top) == 0 {
		bad("series.top_required", nil)
	}
	return p
}

// ValidateSeries checks a series' targets against its rounds (their
// current definitions): each target's question must be asked in a round,
// its top answers valid there, its baseline one of the rounds.
func ValidateSeries(s *Series, rounds []*surveys.Survey) surveys.Problems {
	var p surveys.Problems
	bad := func(path, id string, data map[string]any) {
		p = append(p, surveys.Problem{Path: path, MessageID: id, Data: data})
	}
	for i := range s.Targets {
		t := &s.Targets[i]
		path := fmt.Sprintf("targets[%d]", i)
		q := questionInRounds(rounds, t.Question)
		if q == nil {
			bad(path+".question", "series.question_unknown", map[string]any{"Question": t.Question})
		} else {
			p = append(p, CheckTop(q, t.Top, path+".top")...)
		}
		if t.Unit == "" {
			t.Unit = UnitPercent
		}
		if t.Unit != UnitPercent && t.Unit != UnitPoints {
			bad(path+".unit", "series.unit_invalid", map[string]any{"Unit": t.Unit})
		}
		if t.Change == 0 || t.Change < -100 || t.Change > 1000 {
			bad(path+".change", "series.change_invalid", nil)
		}
		if t.Baseline != "" && !slices.ContainsFunc(rounds, func(r *surveys.Survey) bool { return r.Slug == t.Baseline }) {
			bad(path+".baseline", "series.baseline_unknown", map[string]any{"Slug": t.Baseline})
		}
		if t.Due != "" {
			if _, err := time.Parse(time.DateOnly, t.Due); err != nil {
				bad(path+".due", "results.date_invalid", map[string]any{"Value": t.Due})
			}
		}
		for j, nb := range t.Neighborhoods {
			if !slices.ContainsFunc(rounds, func(r *surveys.Survey) bool { _, ok := r.Neighborhood(nb); return ok }) {
				bad(fmt.Sprintf("%s.neighborhoods[%d]", path, j), "series.neighborhood_unknown", map[string]any{"Neighborhood": nb})
			}
		}
	}
	return p
}

// questionInRounds returns the question as the latest round that asks it
// defines it.
func questionInRounds(rounds []*surveys.Survey, id string) *surveys.Question {
	for i := len(rounds) - 1; i >= 0; i-- {
		if q, ok := rounds[i].Question(id); ok {
			return q
		}
	}
	return nil
}
