package outreach

import (
	"context"

	"canvass/auth"
	"canvass/invite"
	"canvass/surveys"
)

// checkSending refuses a send when SMS is off or the cost was not confirmed.
func (s *Service) checkSending(req Request) error {
	if !s.SendingOn() {
		return surveys.Errorf(surveys.ErrConflict, "invite.sms_off", nil)
	}
	if req.EstimatedSegments == nil {
		return surveys.Errorf(surveys.ErrInvalid, "invite.confirm_required", nil)
	}
	return nil
}

// confirmEstimate checks the plan against the estimate the organizer saw:
// contacts added or opted out since the preview change the cost.
func confirmEstimate(req Request, p *Plan) error {
	if len(p.Recipients) == 0 {
		return surveys.Errorf(surveys.ErrInvalid, "invite.no_recipients", nil)
	}
	if *req.EstimatedSegments != p.Estimate.Segments {
		return surveys.Errorf(surveys.ErrConflict, "invite.estimate_changed", map[string]any{"Segments": p.Estimate.Segments, "Recipients": p.Estimate.Recipients})
	}
	return nil
}

// start stores the batch and queues its messages. Queueing is idempotent
// per message, so a batch found half-queued is completed; one found
// complete is returned with existed true and nothing done.
func (s *Service) start(ctx context.Context, actor *auth.Principal, b *invite.Batch, p *Plan) (stored *invite.Batch, existed bool, err error) {
	if actor != nil {
		b.CreatedBy = actor.Email
		if b.CreatedBy == "" {
			b.CreatedBy = actor.ID
		}
	}
	b.Sender = s.Sender
	stored, created, err := s.Queue.CreateBatch(ctx, b)
	if err != nil {
		return nil, false, err
	}
	if !created && stored.Enqueued {
		return stored, true, nil
	}
	segments := map[string]int{}
	for _, t := range p.Estimate.Texts {
		segments[t.Text] = t.Segments
	}
	msgs := make([]*invite.Message, len(p.Recipients))
	for i, r := range p.Recipients {
		msgs[i] = &invite.Message{ID: invite.MessageID(stored.ID, r.ID), Batch: stored.ID, Recipient: r.ID, Phone: r.Phone,
			Body: r.Body, Segments: segments[r.Body], Language: r.Language, Neighborhood: r.Neighborhood}
	}
	if _, err := s.Queue.EnqueueMessages(ctx, msgs); err != nil {
		return nil, false, err
	}
	if err := s.Queue.BatchEnqueued(ctx, stored.ID, len(msgs), p.Estimate.Excluded); err != nil {
		return nil, false, err
	}
	if s.Wake != nil {
		s.Wake()
	}
	stored, err = s.Queue.Batch(ctx, stored.ID)
	return stored, false, err
}
