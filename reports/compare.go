package reports

import (
	"context"
	"strconv"

	"canvass/auth"
	"canvass/results"
	"canvass/surveys"
)

// Compare compares a series' rounds on question's top answers (the series
// target's when top is empty), each round's results read for p with its
// own min_n, raised to minN where that is higher.
func (s *Service) Compare(ctx context.Context, p *auth.Principal, series string, rounds []*surveys.Record, question string, top []string, minN string) (*results.Comparison, error) {
	set, err := s.Store.Series(ctx, series)
	if err != nil {
		return nil, err
	}
	var target *results.Target
	for i := range set.Targets {
		if set.Targets[i].Matches(question, top) {
			target = &set.Targets[i]
			break
		}
	}
	if len(top) == 0 && target != nil {
		top = target.Top
	}
	if err := checkComparison(rounds, question, top); err != nil {
		return nil, err
	}
	out := make([]results.Round, 0, len(rounds))
	for _, rec := range rounds {
		view, err := results.ParseView(&rec.Survey, func(k string) string {
			if k == "min_n" {
				return raisedMinN(minN, rec.MinN)
			}
			return ""
		}, s.location())
		if err != nil {
			return nil, err
		}
		res, err := s.Results(ctx, p, rec, view)
		if err != nil {
			return nil, err
		}
		date := rec.OpenedAt
		if date.IsZero() {
			date = rec.CreatedAt
		}
		out = append(out, results.Round{Def: &rec.Survey, Date: date, Results: res})
	}
	return results.Compare(series, question, top, out, target), nil
}

// raisedMinN passes on a requested min_n only where it raises a round's
// own: rounds may differ, and one request must not fail for the round with
// the higher threshold.
func raisedMinN(requested string, own int) string {
	if requested == "" {
		return ""
	}
	if n, err := strconv.Atoi(requested); err == nil && n <= own {
		return ""
	}
	return requested
}

// checkComparison checks the question and its top answers against the
// latest round that asks it.
func checkComparison(rounds []*surveys.Record, question string, top []string) error {
	if question == "" {
		return surveys.Problems{{Path: "question", MessageID: "series.question_required"}}
	}
	for i := len(rounds) - 1; i >= 0; i-- {
		if q, ok := rounds[i].Question(question); ok {
			if p := results.CheckTop(q, top, "top"); len(p) > 0 {
				return p
			}
			return nil
		}
	}
	return surveys.Problems{{Path: "question", MessageID: "series.question_unknown", Data: map[string]any{"Question": question}}}
}
