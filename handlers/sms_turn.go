package handlers

import (
	"context"

	"canvass/conversation"
	"canvass/invite"
	"canvass/sms"
	"canvass/surveys"
)

// turnAttempts bounds how often a message is reapplied after another
// message (on another instance) changed the session under it.
const turnAttempts = 4

// process runs one message through the conversation and applies the
// outcome. The caller holds the resident's lock (two texts sent at once
// arrive together); across instances the session's revision catches a
// concurrent change, and the message is applied again to the session as
// it now is.
func (rt *smsRuntime) process(ctx context.Context, in *sms.Inbound, respondent string) ([]string, error) {
	var err error
	for range turnAttempts {
		var turn conversation.Turn
		turn, err = rt.turn(ctx, in, respondent)
		if err != nil {
			return nil, err
		}
		out := rt.conv.Step(turn)
		if err = rt.apply(ctx, in, turn, out); surveys.ErrorCode(err) == surveys.ErrConflict {
			continue
		}
		if err != nil {
			return nil, err
		}
		slug := ""
		if out.Session != nil {
			slug = out.Session.Survey
		} else if turn.Session != nil {
			slug = turn.Session.Survey
		}
		rt.logger.Debug("sms message", "survey", slug, "event", out.Event, "replies", len(out.Replies))
		return out.Replies, nil
	}
	// Still changing under us: busy, not wrong. A 503 makes Twilio retry.
	return nil, surveys.Wrap(surveys.ErrUnavailable, "error.unavailable", err)
}

// turn gathers what the conversation needs: the surveys, the resident's
// opt-out record and live session, and the definition the session follows.
func (rt *smsRuntime) turn(ctx context.Context, in *sms.Inbound, respondent string) (conversation.Turn, error) {
	t := conversation.Turn{Body: in.Body, Media: in.NumMedia, MessageSID: in.MessageSID, Respondent: respondent, Now: rt.now()}
	all, err := rt.surveys.Surveys(ctx)
	if err != nil {
		return t, err
	}
	ids := make([]string, 0, len(all))
	for _, r := range all {
		if r.SMS != nil {
			ids = append(ids, conversation.SessionID(r.Slug, respondent))
		}
		if r.Status == surveys.StatusOpen {
			t.Open = append(t.Open, r)
		}
	}
	if t.OptedOut, t.OptOutSID, t.OptOutLanguage, err = rt.st.OptOutState(ctx, respondent); err != nil {
		return t, err
	}
	if t.Sessions, err = rt.st.SMSSessions(ctx, ids); err != nil {
		return t, err
	}
	t.Session = conversation.CurrentSession(t.Sessions)
	if t.Session == nil {
		return t, nil
	}
	for _, r := range all {
		if r.Slug == t.Session.Survey {
			if t.Survey, err = rt.surveys.Version(ctx, r, t.Session.Version); err != nil {
				return t, err
			}
			t.SurveyOpen = r.Status == surveys.StatusOpen
		}
	}
	return t, nil
}

// apply carries out an outcome through the store (conversation.Apply).
func (rt *smsRuntime) apply(ctx context.Context, in *sms.Inbound, t conversation.Turn, out conversation.Outcome) error {
	return conversation.Apply(ctx, smsEffects{st: rt.st, phone: in.From}, t, out)
}

// smsEffects are conversation.Effects on the database, for one message
// from phone.
type smsEffects struct {
	st    SMSWrites
	phone string
}

func (e smsEffects) RecordOptOut(ctx context.Context, respondent string, out bool, sid, lang string) error {
	return e.st.RecordOptOut(ctx, respondent, out, sid, lang)
}

func (e smsEffects) EndAll(ctx context.Context, respondent string) error {
	return endAll(ctx, e.st, respondent)
}

func (e smsEffects) InsertResponse(ctx context.Context, r *surveys.Response) error {
	_, err := e.st.InsertResponse(ctx, r)
	return err
}

// SaveFollowup keeps the consent with the number the message came from,
// sealed by the store: results go back to it after the survey closes.
func (e smsEffects) SaveFollowup(ctx context.Context, respondent string, f *conversation.Followup) error {
	return e.st.SaveFollowup(ctx, &invite.Followup{
		ID: conversation.SessionID(f.Survey, respondent), Survey: f.Survey, Respondent: respondent,
		Phone: e.phone, Language: f.Language, Neighborhood: f.Neighborhood,
	})
}

func (e smsEffects) EndSession(ctx context.Context, s *conversation.Session) error {
	return e.st.UpdateSMSSession(ctx, s)
}

func (e smsEffects) DeleteSession(ctx context.Context, s *conversation.Session) error {
	return e.st.DeleteSMSSession(ctx, s.ID, s.Rev)
}

func (e smsEffects) SaveSession(ctx context.Context, s *conversation.Session, isNew bool) error {
	if isNew {
		return e.st.CreateSMSSession(ctx, s)
	}
	return e.st.UpdateSMSSession(ctx, s)
}

// optOut records a revocation: the opt-out, every session ended, and
// every follow-up consent dropped with its phone number.
func (rt *smsRuntime) optOut(ctx context.Context, respondent string) error {
	if err := rt.st.RecordOptOut(ctx, respondent, true, "", ""); err != nil {
		return err
	}
	return endAll(ctx, rt.st, respondent)
}

// endAll ends every conversation of a resident who opted out and drops
// their follow-up consents with the phone numbers.
func endAll(ctx context.Context, st SMSWrites, respondent string) error {
	if err := st.DeleteSMSSessionsOf(ctx, respondent); err != nil {
		return err
	}
	return st.DeleteFollowupsOf(ctx, respondent)
}
