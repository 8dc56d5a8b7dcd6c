// Package reports decides what each viewer sees of a survey's results, and
// reads it: live numbers only for those who may read every response
// (watching live numbers before and after one submission shows what that
// person answered), published numbers for everyone else; a partner's own
// neighborhoods only; the public page's questions; a series' rounds
// compared. Handlers, exports and the results texts all read results here,
// so each of these rules has one home.
package reports

import (
	"context"
	"slices"
	"time"

	"canvass/auth"
	"canvass/results"
	"canvass/surveys"
)

// Store is what reading results needs of the database.
type Store interface {
	ViewTallies(ctx context.Context, rec *surveys.Record, view results.View) (*results.ViewTallies, error)
	PublishedTallies(ctx context.Context, rec *surveys.Record, view results.View) (*results.ViewTallies, error)
	Series(ctx context.Context, name string) (*results.Series, error)
}

// Service reads results for viewers.
type Service struct {
	Store Store
	// Location is the time zone whose days and weeks date filters count
	// in (CANVASS_TIME_ZONE); nil is UTC.
	Location *time.Location
}

// Live reports whether p sees live numbers rather than published ones.
func Live(p *auth.Principal) bool { return p != nil && p.Can(auth.ResponsesRead) }

// Limits are the neighborhoods p may see: a partner's own; everyone else
// sees all.
func Limits(p *auth.Principal) results.Options {
	if p != nil && len(p.Neighborhoods) > 0 {
		return results.Options{Neighborhoods: p.Neighborhoods}
	}
	return results.Options{}
}

// Sees reports whether p may open sv's results: a partner only a survey
// that covers one of their neighborhoods (any other would show them an
// empty page); everyone else every survey.
func Sees(p *auth.Principal, sv *surveys.Survey) bool {
	limits := Limits(p).Neighborhoods
	if limits == nil {
		return true
	}
	for _, n := range sv.Neighborhoods {
		if slices.Contains(limits, n.ID) {
			return true
		}
	}
	return false
}

func (s *Service) location() *time.Location {
	if s.Location == nil {
		return time.UTC
	}
	return s.Location
}

// ParseView reads the view p asks for from query parameters: filters that
// published numbers cannot answer (dates, two filters at once) are a
// problem for whoever does not see live numbers.
func (s *Service) ParseView(p *auth.Principal, rec *surveys.Record, query func(string) string) (results.View, error) {
	view, err := results.ParseView(&rec.Survey, query, s.location())
	if err != nil {
		return results.View{}, err
	}
	if problems := results.CheckPublished(view); !Live(p) && len(problems) > 0 {
		return results.View{}, problems
	}
	return view, nil
}

// Results reads view of rec as p may see it, suppressed.
func (s *Service) Results(ctx context.Context, p *auth.Principal, rec *surveys.Record, view results.View) (*results.Results, error) {
	return s.compute(ctx, rec, view, Live(p), Limits(p))
}

// Public is what residents see of rec, on its public page and in the
// texts that send results back: published numbers of the whole survey by
// neighborhood.
func (s *Service) Public(ctx context.Context, rec *surveys.Record) (*results.Results, error) {
	return s.compute(ctx, rec, results.View{MinN: rec.MinN}, false, results.Options{})
}

// Total is the number of responses a list shows p for rec (the results
// index, a series' rounds): the total of the results p would open for the
// whole survey, so a partner sees their neighborhoods' and a viewer of
// published numbers the published count.
func (s *Service) Total(ctx context.Context, p *auth.Principal, rec *surveys.Record) (int64, error) {
	if Live(p) && Limits(p).Neighborhoods == nil {
		return rec.Responses, nil
	}
	res, err := s.Results(ctx, p, rec, results.View{MinN: rec.MinN})
	if err != nil {
		return 0, err
	}
	return res.Total, nil
}

func (s *Service) compute(ctx context.Context, rec *surveys.Record, view results.View, live bool, opts results.Options) (*results.Results, error) {
	read := s.Store.PublishedTallies
	if live {
		read = s.Store.ViewTallies
	}
	t, err := read(ctx, rec, view)
	if err != nil {
		return nil, err
	}
	return results.Compute(&rec.Survey, view, t, opts), nil
}
