// Package outreach plans and queues the texts canvass sends residents:
// invitations to a survey, and its results back. A plan is worked out
// before anything is sent (who gets which text, who is left out and why,
// what it costs); a send queues the plan's messages in the outbox, once,
// after the organizer has confirmed its cost. Package invite holds the
// texts and the batch types, package outbox sends what is queued.
package outreach

import (
	"context"
	"math"

	"golang.org/x/sync/errgroup"

	"canvass/invite"
	"canvass/links"
	"canvass/locales"
	"canvass/results"
	"canvass/surveys"
)

// Recipients is what picking a batch's recipients needs of the database:
// the contacts of an audience, the respondents who asked to hear back,
// and who has opted out.
type Recipients interface {
	EachContact(ctx context.Context, a invite.Audience, fn func(*invite.Contact) error) error
	Followups(ctx context.Context, slug string, fn func(*invite.Followup) error) error
	IsOptedOut(ctx context.Context, pseudonym string) (bool, error)
}

// Queue is what queueing a batch needs of the database.
type Queue interface {
	CreateBatch(ctx context.Context, b *invite.Batch) (*invite.Batch, bool, error)
	EnqueueMessages(ctx context.Context, msgs []*invite.Message) (int, error)
	BatchEnqueued(ctx context.Context, id string, total int, excluded map[string]int) error
	Batch(ctx context.Context, id string) (*invite.Batch, error)
	Batches(ctx context.Context, survey, kind string) ([]*invite.Batch, error)
}

// Results reads what residents may see of a survey's results
// (reports.Service), so a text never shows what the public page hides.
type Results interface {
	Public(ctx context.Context, rec *surveys.Record) (*results.Results, error)
}

// Service plans and queues invitations and results back.
type Service struct {
	Recipients Recipients
	Queue      Queue
	Results    Results
	Catalog    *locales.Catalog
	// Site is where the links in texts point (CANVASS_PUBLIC_URL).
	Site links.Site
	// Sender is the Twilio sender (TWILIO_FROM); empty means SMS is off:
	// plans and costs can be previewed, nothing sent.
	Sender string
	// Wake tells the outbox worker new messages are waiting.
	Wake func()
	// SegmentPrice, when set, turns segment estimates into money.
	SegmentPrice float64
	Currency     string
}

// Request is an organizer's invitation or results-back request. The
// estimate shown in the preview must come back with the send, so nobody
// sends without having seen the cost.
type Request struct {
	Neighborhoods     []string `json:"neighborhoods"`
	Languages         []string `json:"languages"`
	Question          string   `json:"question"`
	EstimatedSegments *int     `json:"estimated_segments"`
}

// Audience checks the request's audience against the survey.
func (r Request) Audience(rec *surveys.Record) (invite.Audience, error) {
	for _, nb := range r.Neighborhoods {
		if _, ok := rec.Neighborhood(nb); !ok {
			return invite.Audience{}, surveys.Errorf(surveys.ErrInvalid, "invite.audience_neighborhood", map[string]any{"Value": nb})
		}
	}
	for _, l := range r.Languages {
		if !surveys.KnownLanguage(l) {
			return invite.Audience{}, surveys.Errorf(surveys.ErrInvalid, "invite.audience_language", map[string]any{"Value": l})
		}
	}
	return invite.Audience{Neighborhoods: r.Neighborhoods, Languages: r.Languages}, nil
}

// Plan is a batch worked out before it is sent: its messages, and its
// estimate.
type Plan struct {
	Recipients []invite.Recipient
	Estimate   Estimate
}

// Estimate is what sending a plan would cost, per text and in all, and
// who was left out, by reason (invite.ReasonOptedOut, no_neighborhood).
type Estimate struct {
	invite.Estimate
	Excluded map[string]int
	// Cost is nil when no segment price is configured.
	Cost *Money
	// SendingOn is false when SMS is not set up: the preview works, the
	// send does not.
	SendingOn bool
}

// Money is a number of segments priced.
type Money struct {
	PerSegment float64
	Total      float64
	Currency   string
}

// Cost prices segments, or is nil when no segment price is configured.
func (s *Service) Cost(segments int) *Money {
	if s.SegmentPrice <= 0 {
		return nil
	}
	total := math.Round(float64(segments)*s.SegmentPrice*100) / 100
	return &Money{PerSegment: s.SegmentPrice, Total: total, Currency: s.Currency}
}

// SendingOn reports whether texts can be sent, not just planned.
func (s *Service) SendingOn() bool { return s.Sender != "" }

// estimate prices a planner's sums.
func (s *Service) estimate(e invite.Estimate, excluded map[string]int) Estimate {
	return Estimate{Estimate: e, Excluded: excluded, Cost: s.Cost(e.Segments), SendingOn: s.SendingOn()}
}

// optOutChecks is how many opt-out lookups run at once: each is one
// lookup by _id, and thousands of contacts are checked per batch.
const optOutChecks = 8

// OptedOut returns which of the pseudonyms opted out, by index.
func (s *Service) OptedOut(ctx context.Context, pseudonyms []string) ([]bool, error) {
	out := make([]bool, len(pseudonyms))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(optOutChecks)
	for i, id := range pseudonyms {
		g.Go(func() error {
			o, err := s.Recipients.IsOptedOut(ctx, id)
			out[i] = o
			return err
		})
	}
	return out, g.Wait()
}
