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
// outcome. Messages of one resident are handled one at a time in this
// process (two texts sent at once arrive together); across instances the
// session's revision catches a concurrent change, and the message is
// applied again to the session as it now is.
func (rt *smsRuntime) process(ctx context.Context, in *sms.Inbound) ([]string, error) {
	respondent := rt.cfg.Pseudonyms.Pseudonym(in.From)
	unlock := rt.locks.Lock(respondent)
	defer unlock()
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
		ids = append(ids, surveys.SMSSessionID(r.Slug, respondent))
		if r.Status == surveys.StatusOpen {
			t.Open = append(t.Open, r)
		}
	}
	if t.OptedOut, err = rt.st.IsOptedOut(ctx, respondent); err != nil {
		return t, err
	}
	sess, err := rt.st.LiveSMSSession(ctx, ids)
	if surveys.IsNotFound(err) {
		return t, nil
	}
	if err != nil {
		return t, err
	}
	t.Session = sess
	for _, r := range all {
		if r.Slug == sess.Survey {
			if t.Survey, err = rt.surveys.definition(ctx, r, sess.Version); err != nil {
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
// on a retry counts it once.
func (rt *smsRuntime) apply(ctx context.Context, in *sms.Inbound, t surveys.SMSTurn, out surveys.SMSOutcome) error {
	st := rt.st
	if out.OptOut != nil {
		if *out.OptOut {
			if err := rt.optOut(ctx, t.Respondent); err != nil {
				return err
			}
		} else if err := st.SetOptOut(ctx, t.Respondent, false); err != nil {
			return err
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
	if out.Unchanged || out.EndAll {
		return nil
	}
	old, next := t.Session, out.Session
	if old != nil && (next == nil || next.ID != old.ID) {
		if err := st.DeleteSMSSession(ctx, old.ID, old.Rev); err != nil {
			return err
		}
	}
	switch {
	case next == nil:
		return nil
	case old != nil && next.ID == old.ID:
		next.Rev = old.Rev
		return st.UpdateSMSSession(ctx, next)
	}
	return st.CreateSMSSession(ctx, next)
}

// optOut records a revocation: the opt-out, every session ended, and
// every follow-up consent dropped with its phone number.
func (rt *smsRuntime) optOut(ctx context.Context, respondent string) error {
	if err := rt.st.SetOptOut(ctx, respondent, true); err != nil {
		return err
	}
	if err := rt.st.DeleteSMSSessionsOf(ctx, respondent); err != nil {
		return err
	}
	return rt.st.DeleteFollowupsOf(ctx, respondent)
}
