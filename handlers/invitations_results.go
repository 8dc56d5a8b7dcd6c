package handlers

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v5"

	"canvass/invite"
	"canvass/store"
	"canvass/surveys"
)

// resultsPlan reads a closed survey's results, suppressed like every other
// view, and writes each SMS respondent who asked to hear back the summary
// of their own neighborhood in their language.
func (s *Server) planResultsBack(ctx context.Context, rec *surveys.Record, questionID string) (*plan, error) {
	q, ok := invite.HeadlineQuestion(&rec.Survey, questionID)
	if !ok {
		if questionID == "" {
			return nil, surveys.Errorf(surveys.ErrInvalid, "results.no_question", nil)
		}
		return nil, surveys.Errorf(surveys.ErrInvalid, "results.question_unknown", map[string]any{"Question": questionID})
	}
	res, err := s.surveyResults(ctx, rec)
	if err != nil {
		return nil, err
	}
	groups := map[string]*surveys.Group{}
	for i := range res.Groups {
		if g := &res.Groups[i]; g.Split == nil {
			groups[g.Neighborhood] = g
		}
	}
	var fs []*store.Followup
	if err := s.Invite.Store.Followups(ctx, rec.Slug, func(f *store.Followup) error {
		fs = append(fs, f)
		return nil
	}); err != nil {
		return nil, err
	}
	ids := make([]string, len(fs))
	for i, f := range fs {
		ids[i] = f.Respondent
	}
	opted, err := s.optedOut(ctx, ids)
	if err != nil {
		return nil, err
	}
	p := &plan{excluded: map[string]int{}}
	planner, texts := invite.NewPlanner(), map[[2]string]string{}
	for i, f := range fs {
		g, ok := groups[f.Neighborhood]
		switch {
		case opted[i]:
			p.excluded[invite.ReasonOptedOut]++
			continue
		case !ok:
			p.excluded["no_neighborhood"]++
			continue
		}
		lang := invite.MessageLanguage(&rec.Survey, f.Language)
		key := [2]string{g.Neighborhood, lang}
		text, ok := texts[key]
		if !ok {
			text = invite.ResultsText(s.Catalog.Localizer(lang), &rec.Survey, g, q, lang, s.resultsLink(rec, lang))
			texts[key] = text
		}
		planner.Add(lang, g.Neighborhood, text)
		// Sealed for the respondent when they asked, as a message's
		// number is: only the outbox opens it, to send.
		p.recipients = append(p.recipients, invite.Recipient{ID: f.Respondent, Phone: f.SealedPhone,
			Language: lang, Neighborhood: g.Neighborhood, Body: text})
	}
	p.estimate = planner.Estimate()
	return p, nil
}

// resultsLink is the public results page in lang, or "" when the survey's
// results are not public.
func (s *Server) resultsLink(rec *surveys.Record, lang string) string {
	if !rec.PublicResults {
		return ""
	}
	link := s.Options.PublicURL + "/s/" + url.PathEscape(rec.Slug) + "/results"
	if lang != rec.DefaultLanguage {
		link += "?lang=" + url.QueryEscape(lang)
	}
	return link
}

// surveyResults computes the survey's results by neighborhood exactly as
// the public results page does: the published numbers and the results
// package's suppression, so a text can never show what a view hides, nor
// differ from the public page by a few residents.
func (s *Server) surveyResults(ctx context.Context, rec *surveys.Record) (*surveys.Results, error) {
	view := surveys.View{MinN: rec.MinN}
	t, err := s.Invite.Store.PublishedTallies(ctx, rec, view)
	if err != nil {
		return nil, err
	}
	return surveys.ComputeResults(&rec.Survey, view, t, surveys.ResultsOptions{}), nil
}

func (s *Server) resultsRequest(c *echo.Context) (*surveys.Record, *sendRequest, error) {
	rec, err := s.Invite.Store.Survey(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return nil, nil, err
	}
	req, err := readSendRequest(c)
	return rec, req, err
}

func (s *Server) previewResultsBack(c *echo.Context) error {
	rec, req, err := s.resultsRequest(c)
	if err != nil {
		return err
	}
	p, err := s.planResultsBack(c.Request().Context(), rec, req.Question)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.estimateJSON(p))
}

// sendResultsBack queues the results texts of a closed survey. A survey's
// results go back once: a second send is refused unless the first was
// canceled; a send cut short before all was queued is completed.
func (s *Server) sendResultsBack(c *echo.Context) error {
	rec, req, err := s.resultsRequest(c)
	if err != nil {
		return err
	}
	b, err := s.queueResultsBack(c, rec, req)
	if err != nil {
		return err
	}
	return s.batchAccepted(c, b)
}

// queueResultsBack checks and queues a results batch (API and page).
func (s *Server) queueResultsBack(c *echo.Context, rec *surveys.Record, req *sendRequest) (*invite.Batch, error) {
	ctx := c.Request().Context()
	if rec.Status != surveys.StatusClosed {
		return nil, surveys.Errorf(surveys.ErrConflict, "results.survey_not_closed", nil)
	}
	if err := s.checkSending(req); err != nil {
		return nil, err
	}
	// One live results batch per survey, and its ID says so: two sends at
	// once both try to create it, and the second finds it taken.
	earlier, err := s.Invite.Store.Batches(ctx, rec.Slug, invite.KindResults)
	if err != nil {
		return nil, err
	}
	round := 1
	for _, b := range earlier {
		if b.Canceled {
			round++
		}
	}
	p, err := s.planResultsBack(ctx, rec, req.Question)
	if err != nil {
		return nil, err
	}
	if err := confirmEstimate(req, p); err != nil {
		return nil, err
	}
	b := &invite.Batch{ID: "res-" + rec.Slug + "-" + strconv.Itoa(round), Kind: invite.KindResults, Survey: rec.Slug, Estimate: p.estimate}
	stored, existed, err := s.startBatch(c, b, p)
	if err != nil {
		return nil, err
	}
	if existed {
		return nil, surveys.Errorf(surveys.ErrConflict, "results.already_sent", map[string]any{"ID": stored.ID})
	}
	s.audit(c, actionResultsSend, rec.Slug, map[string]string{"batch": stored.ID, "recipients": strconv.Itoa(stored.Total), "segments": strconv.Itoa(p.estimate.Segments)})
	return stored, nil
}
