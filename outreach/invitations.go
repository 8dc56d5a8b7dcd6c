package outreach

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"canvass/auth"
	"canvass/ids"
	"canvass/invite"
	"canvass/surveys"
)

// PlanInvitation picks the request's audience of contacts, leaves out
// those who opted out, and writes each the invitation in their language.
func (s *Service) PlanInvitation(ctx context.Context, rec *surveys.Record, req Request) (*Plan, error) {
	a, err := req.Audience(rec)
	if err != nil {
		return nil, err
	}
	var contacts []*invite.Contact
	if err := s.Recipients.EachContact(ctx, a, func(ct *invite.Contact) error {
		contacts = append(contacts, ct)
		return nil
	}); err != nil {
		return nil, err
	}
	pseudonyms := make([]string, len(contacts))
	for i, ct := range contacts {
		pseudonyms[i] = ct.ID
	}
	opted, err := s.OptedOut(ctx, pseudonyms)
	if err != nil {
		return nil, err
	}
	p, excluded := &Plan{}, map[string]int{}
	planner, texts := invite.NewPlanner(), map[string]string{}
	for i, ct := range contacts {
		if opted[i] {
			excluded[invite.ReasonOptedOut]++
			continue
		}
		lang := invite.MessageLanguage(&rec.Survey, ct.Language)
		text, ok := texts[lang]
		if !ok {
			text = invite.InvitationText(s.Catalog.Localizer(lang), &rec.Survey, lang, string(s.Site))
			texts[lang] = text
		}
		planner.Add(lang, "", text)
		p.Recipients = append(p.Recipients, invite.Recipient{ID: ct.ID, Phone: ct.Phone, Language: lang, Neighborhood: ct.Neighborhood, Body: text})
	}
	p.Estimate = s.estimate(planner.Estimate(), excluded)
	return p, nil
}

// SendInvitation queues an invitation to the request's audience, once its
// estimate matches the one the organizer confirmed, as batch batchID
// (BatchID). Sending a batch ID again returns the first send's batch with
// existed true (and finishes queueing it if the first was cut short)
// instead of inviting twice.
func (s *Service) SendInvitation(ctx context.Context, actor *auth.Principal, rec *surveys.Record, req Request, batchID string) (b *invite.Batch, existed bool, err error) {
	a, err := req.Audience(rec)
	if err != nil {
		return nil, false, err
	}
	if rec.Status != surveys.StatusOpen {
		return nil, false, surveys.Errorf(surveys.ErrConflict, "invite.survey_not_open", nil)
	}
	if err := s.checkSending(req); err != nil {
		return nil, false, err
	}
	p, err := s.PlanInvitation(ctx, rec, req)
	if err != nil {
		return nil, false, err
	}
	if err := confirmEstimate(req, p); err != nil {
		return nil, false, err
	}
	b = &invite.Batch{ID: batchID, Kind: invite.KindInvitation, Survey: rec.Slug, Audience: a, Estimate: p.Estimate.Estimate}
	return s.start(ctx, actor, b, p)
}

// BatchID is an invitation batch's ID: derived from the request's
// Idempotency-Key per user and survey, so a repeated request is the same
// batch, or random when key is empty.
func BatchID(actorID, slug, prefix, key string) string {
	if key != "" {
		h := sha256.Sum256([]byte(actorID + "\x00" + slug + "\x00" + prefix + "\x00" + key))
		return prefix + "-" + hex.EncodeToString(h[:10])
	}
	return prefix + "-" + ids.Hex(10)
}
