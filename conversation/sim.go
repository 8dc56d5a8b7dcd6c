package conversation

import (
	"context"
	"strconv"
	"time"

	"canvass/surveys"
)

// Simulator runs one resident's conversations in memory, applying each
// outcome the way the webhook applies it to the database. `canvass sms
// simulate` uses it so organizers can try a survey before launch, and
// tests use it to drive the conversation without a database.
type Simulator struct {
	Conv       *Conversation
	Open       []*surveys.Record
	Respondent string
	// Now is the clock; time.Now when nil.
	Now func() time.Time

	OptedOut bool
	// OptOutLanguage is the language recorded with the opt-out.
	OptOutLanguage string
	Sessions       map[string]*Session
	Responses      []*surveys.Response
	Followups      []*Followup
	sent           int
}

// Send delivers one message from the resident and returns the outcome,
// already applied.
func (m *Simulator) Send(body string) Outcome { return m.SendMedia(body, 0) }

// SendMedia is Send with media attachments (a picture) along with body.
func (m *Simulator) SendMedia(body string, media int) Outcome {
	now := time.Now()
	if m.Now != nil {
		now = m.Now()
	}
	m.sent++
	turn := Turn{Body: body, Media: media, MessageSID: "SIM" + strconv.Itoa(m.sent), Respondent: m.Respondent, Now: now, OptedOut: m.OptedOut, OptOutLanguage: m.OptOutLanguage, Open: m.Open}
	turn.Sessions = m.kept(now)
	turn.Session = CurrentSession(turn.Sessions)
	if turn.Session != nil {
		for _, r := range m.Open {
			if r.Slug == turn.Session.Survey {
				turn.Survey, turn.SurveyOpen = &r.Survey, r.Status == surveys.StatusOpen
			}
		}
	}
	out := m.Conv.Step(turn)
	if m.Sessions == nil {
		m.Sessions = map[string]*Session{}
	}
	// Memory cannot fail to be written.
	_ = Apply(context.Background(), m, turn, out)
	return out
}

// Resend delivers the previous message again, as a Twilio retry does.
func (m *Simulator) Resend(body string) Outcome {
	m.sent--
	return m.Send(body)
}

// kept returns the resident's sessions that are live or ended; an
// expired live one lapses, as the store's sweep would have it.
func (m *Simulator) kept(now time.Time) []*Session {
	var out []*Session
	for id, s := range m.Sessions {
		if s.Stage != StageDone && !s.ExpiresAt.After(now) {
			if s = Lapse(s); s == nil {
				delete(m.Sessions, id)
				continue
			}
			m.Sessions[id] = s
		}
		out = append(out, s)
	}
	return out
}

// The simulator's Effects: the resident's records in memory.

func (m *Simulator) RecordOptOut(_ context.Context, _ string, out bool, _, lang string) error {
	m.OptedOut = out
	if lang != "" {
		m.OptOutLanguage = lang
	}
	return nil
}

func (m *Simulator) EndAll(_ context.Context, _ string) error {
	for id, s := range m.Sessions {
		switch {
		case s.Stage == StageDone:
		case s.ResponseID == "":
			delete(m.Sessions, id)
		default:
			m.Sessions[id] = Ended(s)
		}
	}
	m.Followups = nil
	return nil
}

func (m *Simulator) InsertResponse(_ context.Context, r *surveys.Response) error {
	if !m.hasResponse(r.ID) {
		m.Responses = append(m.Responses, r)
	}
	return nil
}

func (m *Simulator) SaveFollowup(_ context.Context, _ string, f *Followup) error {
	m.Followups = append(m.Followups, f)
	return nil
}

func (m *Simulator) EndSession(_ context.Context, s *Session) error {
	m.Sessions[s.ID] = s
	return nil
}

func (m *Simulator) DeleteSession(_ context.Context, s *Session) error {
	delete(m.Sessions, s.ID)
	return nil
}

func (m *Simulator) SaveSession(_ context.Context, s *Session, _ bool) error {
	s.Rev++
	m.Sessions[s.ID] = s
	return nil
}

func (m *Simulator) hasResponse(id string) bool {
	for _, r := range m.Responses {
		if r.ID == id {
			return true
		}
	}
	return false
}
