package handlers

import (
	"context"

	"canvass/sms"
	"canvass/store"
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
		var turn surveys.SMSTurn
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
func (rt *smsRuntime) turn(ctx context.Context, in *sms.Inbound, respondent string) (surveys.SMSTurn, error) {
	t := surveys.SMSTurn{Body: in.Body, MessageSID: in.MessageSID, Respondent: respondent, Now: rt.now()}
	all, err := rt.surveys.list(ctx)
	if err != nil {
		return t, err
	}
	ids := make([]string, 0, len(all))
	for _, r := range all {
		if r.SMS != nil {
			ids = append(ids, surveys.SMSSessionID(r.Slug, respondent))
		}
		if r.Status == surveys.StatusOpen {
			t.Open = append(t.Open, r)
		}
	}
	if t.OptedOut, t.OptOutSID, err = rt.st.OptOutState(ctx, respondent); err != nil {
		return t, err
	}
	if t.Sessions, err = rt.st.SMSSessions(ctx, ids); err != nil {
		return t, err
	}
	t.Session = surveys.CurrentSession(t.Sessions)
	if t.Session == nil {
		return t, nil
	}
	for _, r := range all {
		if r.Slug == t.Session.Survey {
			if t.Survey, err = rt.surveys.definition(ctx, r, t.Session.Version); err != nil {
				return t, err
			}
			t.SurveyOpen = r.Status == surveys.StatusOpen
		}
	}
	return t, nil
}

// apply carries out an outcome in the order the conversation promises:
// consent records, the response, then the session, written only at the
// revision it was read at (a conflict makes process apply the message
// again). The response's ID comes from the session, so storing it again
// on a retry counts it once; the session's write records the message and
// its reply, so a redelivery after it is answered without applying again.
func (rt *smsRuntime) apply(ctx context.Context, in *sms.Inbound, t surveys.SMSTurn, out surveys.SMSOutcome) error {
	st := rt.st
	if out.OptOut != nil {
		if err := st.RecordOptOut(ctx, t.Respondent, *out.OptOut, in.MessageSID); err != nil {
			return err
		}
		if *out.OptOut {
			if err := rt.endAll(ctx, t.Respondent); err != nil {
				return err
			}
		}
	}
	if out.Response != nil {
		if _, err := st.InsertResponse(ctx, out.Response); err != nil {
			return err
		}
	}
	if f := out.Followup; f != nil {
		err := st.SaveFollowup(ctx, &store.Followup{
			ID: surveys.SMSSessionID(f.Survey, t.Respondent), Survey: f.Survey, Respondent: t.Respondent,
			Phone: in.From, Language: f.Language, Neighborhood: f.Neighborhood,
		})
		if err != nil {
			return err
		}
	}
	if out.Unchanged || out.EndAll || out.Session == nil {
		return nil
	}
	next := out.Session
	// A conversation started with another survey's keyword ends the live
	// one it replaces: forgotten, or kept as ended once it stored a response.
	if old := t.Session; old != nil && old.ID != next.ID && old.Stage != surveys.StageDone && next.Stage != surveys.StageDone {
		var err error
		if old.ResponseID != "" {
			err = st.UpdateSMSSession(ctx, surveys.Ended(old))
		} else {
			err = st.DeleteSMSSession(ctx, old.ID, old.Rev)
		}
		if err != nil {
			return err
		}
	}
	for _, prev := range t.Sessions {
		if prev.ID == next.ID {
			next.Rev = prev.Rev
			return st.UpdateSMSSession(ctx, next)
		}
	}
	return st.CreateSMSSession(ctx, next)
}

// optOut records a revocation: the opt-out, every session ended, and
// every follow-up consent dropped with its phone number.
func (rt *smsRuntime) optOut(ctx context.Context, respondent string) error {
	if err := rt.st.RecordOptOut(ctx, respondent, true, ""); err != nil {
		return err
	}
	return rt.endAll(ctx, respondent)
}

// endAll ends every conversation of a resident who opted out and drops
// their follow-up consents with the phone numbers.
func (rt *smsRuntime) endAll(ctx context.Context, respondent string) error {
	if err := rt.st.DeleteSMSSessionsOf(ctx, respondent); err != nil {
		return err
	}
	return rt.st.DeleteFollowupsOf(ctx, respondent)
}
