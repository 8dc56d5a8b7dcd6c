// Package authoring is what organizers do with a survey's definition:
// check it (every problem at once, errors and warnings, against the
// surveys open now), save it (a new survey, or a change that makes a new
// version once it has responses), and open or close it. The API and the
// organizer pages both author through it, so a definition accepted by one
// is accepted by the other.
package authoring

import (
	"context"

	"canvass/conversation"
	"canvass/sms"
	"canvass/surveys"
)

// Store is what authoring needs of the database.
type Store interface {
	Survey(ctx context.Context, slug string) (*surveys.Record, error)
	OpenSurveys(ctx context.Context) ([]*surveys.Record, error)
	CreateSurvey(ctx context.Context, def *surveys.Survey, source string) (*surveys.Record, error)
	UpdateSurvey(ctx context.Context, def *surveys.Survey, source string) (*surveys.Record, error)
	SetSurveyStatus(ctx context.Context, slug string, status surveys.Status) (*surveys.Record, error)
}

// Service checks and saves definitions.
type Service struct {
	Store Store
	// Texts renders the SMS conversation's messages (the locale catalog's
	// sms texts), to count what each costs.
	Texts conversation.Translator
}

// Parse parses a YAML or JSON definition and checks it: every problem,
// errors and warnings alike. The error is only for internal failures.
func (s *Service) Parse(ctx context.Context, source []byte) (*surveys.Survey, surveys.Problems, error) {
	def, problems, err := parseDefinition(source) // YAML, JSON or an XLSForm (xlsform.go)
	if err != nil {
		return nil, nil, err
	}
	if def != nil && len(problems.Errors()) == 0 {
		more, err := s.Check(ctx, def)
		if err != nil {
			return nil, nil, err
		}
		problems = append(problems, more...)
	}
	return def, problems, nil
}

// Check validates a definition against the surveys open now. An open
// survey must not share their SMS keywords; a draft may, warned that
// opening it will mean closing theirs. It also warns of SMS messages
// longer than one segment. A definition that was fine when saved may not
// be later, so pages check it again each time they show it.
func (s *Service) Check(ctx context.Context, def *surveys.Survey) (surveys.Problems, error) {
	open, err := s.Store.OpenSurveys(ctx)
	if err != nil {
		return nil, err
	}
	return s.check(def, open, isOpen(def.Slug, open)), nil
}

// check validates def against the open surveys; live says whether def is
// open or about to open, when its keywords must be free.
func (s *Service) check(def *surveys.Survey, open []*surveys.Record, live bool) surveys.Problems {
	problems := surveys.Validate(def, surveys.ValidationEnv{OpenKeywords: openKeywords(open), Live: live})
	return append(problems, s.Cost(def).Warnings()...)
}

// Cost is what each message of def's SMS conversation costs, per
// language; nil for a survey without SMS.
func (s *Service) Cost(def *surveys.Survey) *conversation.CostReport {
	return conversation.Cost(def, s.Texts, sms.Count)
}

// Create stores a new survey, a draft.
func (s *Service) Create(ctx context.Context, def *surveys.Survey, source string) (*surveys.Record, error) {
	return s.Store.CreateSurvey(ctx, def, source)
}

// Update changes the survey def names: in place while it has no
// responses, else as a new version.
func (s *Service) Update(ctx context.Context, def *surveys.Survey, source string) (*surveys.Record, error) {
	return s.Store.UpdateSurvey(ctx, def, source)
}

// SetStatus opens or closes a survey. Another survey may have opened with
// the same keyword since this one was saved, so opening checks the
// definition again at the moment it goes live.
func (s *Service) SetStatus(ctx context.Context, slug string, status surveys.Status) (*surveys.Record, error) {
	if status == surveys.StatusOpen {
		rec, err := s.Store.Survey(ctx, slug)
		if err != nil {
			return nil, err
		}
		open, err := s.Store.OpenSurveys(ctx)
		if err != nil {
			return nil, err
		}
		if problems := s.check(&rec.Survey, open, true); len(problems.Errors()) > 0 {
			return nil, problems
		}
	}
	return s.Store.SetSurveyStatus(ctx, slug, status)
}

// openKeywords maps every keyword and alias of the open surveys to the slug
// that owns it.
func openKeywords(open []*surveys.Record) map[string]string {
	out := map[string]string{}
	for _, r := range open {
		for _, kw := range r.Keywords() {
			out[kw] = r.Slug
		}
	}
	return out
}

// isOpen reports whether slug is among the open surveys.
func isOpen(slug string, open []*surveys.Record) bool {
	for _, r := range open {
		if r.Slug == slug {
			return true
		}
	}
	return false
}
