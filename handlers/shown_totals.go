package handlers

import (
	"context"

	"canvass/auth"
	"canvass/surveys"
)

// shownResponses is the number of responses a list shows p for a survey
// (the results index, a series' rounds): the total of the results p would
// open for the whole survey. A partner limited to some neighborhoods so
// sees their neighborhoods' responses, never the survey's, and whoever
// sees published results sees the published count, never the live one
// that moves with each submission. Only a viewer of live results for
// every neighborhood gets the survey's own counter, which is that total.
func (s *Server) shownResponses(ctx context.Context, p *auth.Principal, rec *surveys.Record) (int64, error) {
	req := &resultsRequest{rec: rec, view: surveys.View{MinN: rec.MinN}, opts: resultsOptions(p), live: seesLiveResults(p)}
	if req.live && req.opts.Neighborhoods == nil {
		return rec.Responses, nil
	}
	res, err := s.compute(ctx, req)
	if err != nil {
		return 0, err
	}
	return res.Total, nil
}
