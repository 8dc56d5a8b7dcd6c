package authoring

import (
	"context"
	"slices"

	"canvass/surveys"
)

// InTheWay is an open survey holding words of the survey to open.
type InTheWay struct {
	*surveys.Record
	// Shared are the keywords and aliases both hold, normalized.
	Shared []string
}

// RoundsInTheWay returns the open surveys that hold a keyword or alias of
// def: residents who text it reach them, so they must close before def
// opens. Typically the current round of def's series.
func (s *Service) RoundsInTheWay(ctx context.Context, def *surveys.Survey) ([]InTheWay, error) {
	open, err := s.Store.OpenSurveys(ctx)
	if err != nil {
		return nil, err
	}
	return roundsInTheWay(def, open), nil
}

func roundsInTheWay(def *surveys.Survey, open []*surveys.Record) []InTheWay {
	mine := def.Keywords()
	var out []InTheWay
	for _, r := range open {
		if r.Slug == def.Slug {
			continue
		}
		var shared []string
		for _, kw := range r.Keywords() {
			if slices.Contains(mine, kw) {
				shared = append(shared, kw)
			}
		}
		if len(shared) > 0 {
			out = append(out, InTheWay{Record: r, Shared: shared})
		}
	}
	return out
}

// inTheWay reports whether r is one of rounds.
func inTheWay(r *surveys.Record, rounds []InTheWay) bool {
	return slices.ContainsFunc(rounds, func(x InTheWay) bool { return x.Record == r })
}

// OpenInstead opens the survey slug in place of the open rounds that hold
// its keywords, closing them first. closing names the rounds the
// organizer agreed to close: if another one is in the way now (opened
// since the page was shown), nothing changes and the problems say which.
// Nothing closes either when the survey could not open for another
// reason. It returns the opened survey and the closed ones.
func (s *Service) OpenInstead(ctx context.Context, slug string, closing []string) (*surveys.Record, []*surveys.Record, error) {
	rec, err := s.Store.Survey(ctx, slug)
	if err != nil {
		return nil, nil, err
	}
	open, err := s.Store.OpenSurveys(ctx)
	if err != nil {
		return nil, nil, err
	}
	rounds := roundsInTheWay(&rec.Survey, open)
	var staying []*surveys.Record
	for _, r := range open {
		if !inTheWay(r, rounds) || !slices.Contains(closing, r.Slug) {
			staying = append(staying, r)
		}
	}
	if problems := s.check(&rec.Survey, staying, true); len(problems.Errors()) > 0 {
		return nil, nil, problems
	}
	var closed []*surveys.Record
	for _, r := range rounds {
		c, err := s.Store.SetSurveyStatus(ctx, r.Slug, surveys.StatusClosed)
		if err != nil {
			return nil, closed, err
		}
		closed = append(closed, c)
	}
	// SetStatus checks once more: a survey opening with the keyword in
	// the meantime still keeps this one closed.
	opened, err := s.SetStatus(ctx, slug, surveys.StatusOpen)
	return opened, closed, err
}
