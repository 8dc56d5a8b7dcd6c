package results

import (
	"time"

	"canvass/surveys"
)

// Round is one survey of a series with its (suppressed) results.
type Round struct {
	Def     *surveys.Survey
	Date    time.Time // when it opened; rounds are compared in this order
	Results *Results  // unsplit and unfiltered
}

// Comparison is GET /api/v1/series/{series}/compare: per neighborhood and
// round the share giving a top answer, the change between rounds, and the
// progress toward the series' target for that question.
type Comparison struct {
	Series        string       `json:"series"`
	Question      string       `json:"question"`
	Top           []string     `json:"top"`
	Rounds        []RoundInfo  `json:"rounds"`
	Target        *Target      `json:"target,omitempty"`
	Overall       *CompareRow  `json:"overall,omitempty"`
	Neighborhoods []CompareRow `json:"neighborhoods"`
}

// RoundInfo names a round.
type RoundInfo struct {
	Survey string    `json:"survey"`
	Round  string    `json:"round"`
	Date   time.Time `json:"date,omitzero"`
	Total  int64     `json:"total"`
	MinN   int       `json:"min_n"`
}

// CompareRow is one neighborhood (or the overall row) across rounds.
type CompareRow struct {
	Neighborhood string       `json:"neighborhood"`
	Rounds       []RoundShare `json:"rounds"`
	// Changes compares each round with the one before, when both show.
	Changes []Change        `json:"changes"`
	Target  *TargetProgress `json:"target,omitempty"`
}

// RoundShare is a row's share in one round; only N is given when the
// group or question is suppressed there.
type RoundShare struct {
	Survey     string   `json:"survey"`
	N          int64    `json:"n"`
	Suppressed bool     `json:"suppressed"`
	Top        *int64   `json:"top,omitempty"`
	Share      *float64 `json:"share,omitempty"`
	MOE        *float64 `json:"moe,omitempty"`
	Low        *float64 `json:"ci_low,omitempty"`
	High       *float64 `json:"ci_high,omitempty"`
	share      *Share
}

// TargetProgress is a row's way from the baseline toward the goal.
type TargetProgress struct {
	BaselineRound string   `json:"baseline_round"`
	Baseline      *float64 `json:"baseline"`
	Goal          *float64 `json:"goal"`
	CurrentRound  string   `json:"current_round,omitempty"`
	Current       *float64 `json:"current"`
	// Progress is the percent of the way covered (see Progress).
	Progress *float64 `json:"progress"`
	Met      bool     `json:"met"`
}

// Compare builds the comparison of question's top answers across rounds
// (oldest first). target may be nil.
func Compare(series, question string, top []string, rounds []Round, target *Target) *Comparison {
	c := &Comparison{Series: series, Question: question, Top: top, Target: target, Neighborhoods: []CompareRow{}}
	for _, r := range rounds {
		label := r.Def.Round
		if label == "" {
			label = r.Def.Slug
		}
		c.Rounds = append(c.Rounds, RoundInfo{Survey: r.Def.Slug, Round: label, Date: r.Date, Total: r.Results.Total, MinN: r.Results.MinN})
	}
	if len(rounds) > 0 && rounds[0].Results.Overall != nil {
		row := compareRow(AllNeighborhoods, question, top, rounds, target, func(res *Results) *Group { return res.Overall })
		c.Overall = &row
	}
	for _, nb := range compareNeighborhoods(rounds) {
		c.Neighborhoods = append(c.Neighborhoods, compareRow(nb, question, top, rounds, target, func(res *Results) *Group {
			for i := range res.Groups {
				if g := &res.Groups[i]; g.Neighborhood == nb && g.Split == nil {
					return g
				}
			}
			return nil
		}))
	}
	return c
}

// compareNeighborhoods lists the neighborhoods shown in any round, the
// latest round's order first.
func compareNeighborhoods(rounds []Round) []string {
	var out []string
	seen := map[string]bool{}
	for i := len(rounds) - 1; i >= 0; i-- {
		for _, g := range rounds[i].Results.Groups {
			if g.Split == nil && !seen[g.Neighborhood] {
				seen[g.Neighborhood] = true
				out = append(out, g.Neighborhood)
			}
		}
	}
	return out
}

func compareRow(nb, question string, top []string, rounds []Round, target *Target, group func(*Results) *Group) CompareRow {
	row := CompareRow{Neighborhood: nb, Changes: []Change{}}
	for _, r := range rounds {
		row.Rounds = append(row.Rounds, roundShare(r.Def.Slug, group(r.Results), question, top))
	}
	for i := 1; i < len(row.Rounds); i++ {
		a, b := row.Rounds[i-1], row.Rounds[i]
		if a.share != nil && b.share != nil {
			row.Changes = append(row.Changes, ChangeBetween(a.Survey, b.Survey, *a.share, *b.share))
		}
	}
	if target != nil && target.Applies(nb) {
		row.Target = targetProgress(target, rounds, row.Rounds)
	}
	return row
}

func roundShare(slug string, g *Group, question string, top []string) RoundShare {
	rs := RoundShare{Survey: slug, Suppressed: true}
	if g == nil {
		return rs
	}
	rs.N = g.N
	if g.Suppressed {
		return rs
	}
	qr := g.Questions[question]
	if qr == nil {
		rs.N = 0
		return rs
	}
	rs.N = qr.N
	if qr.Suppressed || qr.N == 0 {
		return rs
	}
	var n int64
	for _, v := range top {
		n += qr.Counts[v]
	}
	s := NewShare(n, qr.N)
	rs.Suppressed, rs.share = false, &s
	rs.Top, rs.Share, rs.MOE, rs.Low, rs.High = &s.Top, &s.Share, &s.MOE, &s.Low, &s.High
	return rs
}

// progress measures the latest shown round after the baseline against the
// goal set from the baseline round's share.
func targetProgress(t *Target, rounds []Round, shares []RoundShare) *TargetProgress {
	base := 0
	if t.Baseline != "" {
		base = -1
		for i, r := range rounds {
			if r.Def.Slug == t.Baseline {
				base = i
			}
		}
		if base < 0 {
			return nil
		}
	}
	tp := &TargetProgress{BaselineRound: rounds[base].Def.Slug}
	if shares[base].share == nil {
		return tp
	}
	b := shares[base].share.Share
	goal := t.Goal(b)
	tp.Baseline, tp.Goal = &b, &goal
	for i := len(shares) - 1; i > base; i-- {
		if s := shares[i].share; s != nil {
			cur := s.Share
			tp.CurrentRound, tp.Current = shares[i].Survey, &cur
			tp.Progress = Progress(b, goal, cur)
			tp.Met = (goal >= b && cur >= goal) || (goal < b && cur <= goal)
			break
		}
	}
	return tp
}
