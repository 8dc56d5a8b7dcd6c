package outreach

import (
	"context"
	"strconv"

	"canvass/auth"
	"canvass/invite"
	"canvass/links"
	"canvass/results"
	"canvass/surveys"
)

// ReasonNoNeighborhood excludes a respondent whose neighborhood has no
// results to send: the survey no longer has it.
const ReasonNoNeighborhood = "no_neighborhood"

// PlanResultsBack reads a survey's results as residents see them
// (suppressed like every other view) and writes each SMS respondent who
// asked to hear back the summary of their own neighborhood, on question
// (the survey's headline question when empty), in their language.
func (s *Service) PlanResultsBack(ctx context.Context, rec *surveys.Record, question string) (*Plan, error) {
	q, ok := invite.HeadlineQuestion(&rec.Survey, question)
	if !ok {
		if question == "" {
			return nil, surveys.Errorf(surveys.ErrInvalid, "results.no_question", nil)
		}
		return nil, surveys.Errorf(surveys.ErrInvalid, "results.question_unknown", map[string]any{"Question": question})
	}
	res, err := s.Results.Public(ctx, rec)
	if err != nil {
		return nil, err
	}
	groups := map[string]*results.Group{}
	for i := range res.Groups {
		if g := &res.Groups[i]; g.Split == nil {
			groups[g.Neighborhood] = g
		}
	}
	var fs []*invite.Followup
	if err := s.Recipients.Followups(ctx, rec.Slug, func(f *invite.Followup) error {
		fs = append(fs, f)
		return nil
	}); err != nil {
		return nil, err
	}
	pseudonyms := make([]string, len(fs))
	for i, f := range fs {
		pseudonyms[i] = f.Respondent
	}
	opted, err := s.OptedOut(ctx, pseudonyms)
	if err != nil {
		return nil, err
	}
	p, excluded := &Plan{}, map[string]int{}
	planner, texts := invite.NewPlanner(), map[[2]string]string{}
	for i, f := range fs {
		g, ok := groups[f.Neighborhood]
		switch {
		case opted[i]:
			excluded[invite.ReasonOptedOut]++
			continue
		case !ok:
			excluded[ReasonNoNeighborhood]++
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
		p.Recipients = append(p.Recipients, invite.Recipient{ID: f.Respondent, Phone: f.SealedPhone,
			Language: lang, Neighborhood: g.Neighborhood, Body: text})
	}
	p.Estimate = s.estimate(planner.Estimate(), excluded)
	return p, nil
}

// resultsLink is the public results page in lang, or "" when the survey's
// results are not public.
func (s *Service) resultsLink(rec *surveys.Record, lang string) string {
	if !rec.PublicResults {
		return ""
	}
	return s.Site.URL(links.Results(rec.Slug, links.InText(lang, rec.DefaultLanguage)))
}

// SendResultsBack queues the results texts of a closed survey. A survey's
// results go back once: a second send is refused unless the first was
// canceled; a send cut short before all was queued is completed.
func (s *Service) SendResultsBack(ctx context.Context, actor *auth.Principal, rec *surveys.Record, req Request) (*invite.Batch, error) {
	if rec.Status != surveys.StatusClosed {
		return nil, surveys.Errorf(surveys.ErrConflict, "results.survey_not_closed", nil)
	}
	if err := s.checkSending(req); err != nil {
		return nil, err
	}
	// One live results batch per survey, and its ID says so: two sends at
	// once both try to create it, and the second finds it taken.
	earlier, err := s.Queue.Batches(ctx, rec.Slug, invite.KindResults)
	if err != nil {
		return nil, err
	}
	round := 1
	for _, b := range earlier {
		if b.Canceled {
			round++
		}
	}
	p, err := s.PlanResultsBack(ctx, rec, req.Question)
	if err != nil {
		return nil, err
	}
	if err := confirmEstimate(req, p); err != nil {
		return nil, err
	}
	b := &invite.Batch{ID: "res-" + rec.Slug + "-" + strconv.Itoa(round), Kind: invite.KindResults, Survey: rec.Slug, Estimate: p.Estimate.Estimate}
	stored, existed, err := s.start(ctx, actor, b, p)
	if err != nil {
		return nil, err
	}
	if existed {
		return nil, surveys.Errorf(surveys.ErrConflict, "results.already_sent", map[string]any{"ID": stored.ID})
	}
	return stored, nil
}
