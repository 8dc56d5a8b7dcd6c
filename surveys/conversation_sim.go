package surveys

import (
	"strconv"
	"time"
)

// SMSSimulator runs one resident's conversations in memory, applying each
// outcome the way the webhook applies it to the database. `canvass sms
// simulate` uses it so organizers can try a survey before launch, and
// tests use it to drive the conversation without a database.
type SMSSimulator struct {
	Conv       *SMSConversation
	Open       []*Record
	Respondent string
	// Now is the clock; time.Now when nil.
	Now func() time.Time

	OptedOut  bool
	Sessions  map[string]*SMSSession
	Responses []*Response
	Followups []*SMSFollowup
	sent      int
}

// Send delivers one message from the resident and returns the outcome,
// already applied.
func (m *SMSSimulator) Send(body string) SMSOutcome {
	now := time.Now()
	if m.Now != nil {
		now = m.Now()
	}
	m.sent++
	turn := SMSTurn{Body: body, MessageSID: "SIM" + strconv.Itoa(m.sent), Respondent: m.Respondent, Now: now, OptedOut: m.OptedOut, Open: m.Open}
	turn.Sessions = m.kept(now)
	turn.Session = CurrentSession(turn.Sessions)
	if turn.Session != nil {
		for _, r := range m.Open {
			if r.Slug == turn.Session.Survey {
				turn.Survey, turn.SurveyOpen = &r.Survey, r.Status == StatusOpen
			}
		}
	}
	out := m.Conv.Step(turn)
	m.apply(turn, out)
	return out
}

// Resend delivers the previous message again, as a Twilio retry does.
func (m *SMSSimulator) Resend(body string) SMSOutcome {
	m.sent--
	return m.Send(body)
}

// kept returns the resident's sessions that are live or ended; an
// expired live one is gone.
func (m *SMSSimulator) kept(now time.Time) []*SMSSession {
	var out []*SMSSession
	for id, s := range m.Sessions {
		if s.Stage != StageDone && !s.ExpiresAt.After(now) {
			delete(m.Sessions, id)
			continue
		}
		out = append(out, s)
	}
	return out
}

func (m *SMSSimulator) apply(t SMSTurn, out SMSOutcome) {
	if m.Sessions == nil {
		m.Sessions = map[string]*SMSSession{}
	}
	if out.OptOut != nil {
		m.OptedOut = *out.OptOut
	}
	if out.EndAll {
		for id, s := range m.Sessions {
			if s.ResponseID == "" {
				delete(m.Sessions, id)
			} else {
				m.Sessions[id] = Ended(s)
			}
		}
	}
	if r := out.Response; r != nil && !m.hasResponse(r.ID) {
		m.Responses = append(m.Responses, r)
	}
	if out.Followup != nil {
		m.Followups = append(m.Followups, out.Followup)
	}
	if out.Unchanged {
		return
	}
	if old := t.Session; old != nil && out.Session != nil && out.Session.ID != old.ID && old.Stage != StageDone && out.Session.Stage != StageDone {
		if old.ResponseID != "" {
			m.Sessions[old.ID] = Ended(old)
		} else {
			delete(m.Sessions, old.ID)
		}
	}
	if s := out.Session; s != nil {
		s.Rev++
		m.Sessions[s.ID] = s
	}
}

func (m *SMSSimulator) hasResponse(id string) bool {
	for _, r := range m.Responses {
		if r.ID == id {
			return true
		}
	}
	return false
}
