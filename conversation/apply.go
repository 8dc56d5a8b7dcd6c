package conversation

import (
	"context"

	"canvass/surveys"
)

// Effects are the writes that carry out an outcome. The webhook's are the
// database (handlers), the simulator's its memory: both go through Apply,
// so a conversation tried in `canvass sms simulate` ends as it would by
// SMS.
type Effects interface {
	// RecordOptOut records an opt-out (or opt-in) and the message that
	// asked for it.
	RecordOptOut(ctx context.Context, respondent string, out bool, messageSID, lang string) error
	// EndAll ends every conversation of the resident (kept as done once
	// it stored a response, forgotten otherwise) and drops their
	// follow-up consents.
	EndAll(ctx context.Context, respondent string) error
	// InsertResponse stores a response once, whatever the retries.
	InsertResponse(ctx context.Context, r *surveys.Response) error
	SaveFollowup(ctx context.Context, respondent string, f *Followup) error
	// EndSession keeps an ended session (Ended) in place of a live one.
	EndSession(ctx context.Context, s *Session) error
	DeleteSession(ctx context.Context, s *Session) error
	// SaveSession writes the session at the revision it was read at:
	// create it when it is new, else update it (a conflict when it
	// changed since).
	SaveSession(ctx context.Context, s *Session, isNew bool) error
}

// Apply carries out an outcome in the order the conversation promises:
// consent records, the response, then the session. The response's ID comes
// from the session, so storing it again on a retry counts it once; the
// session's write records the message and its reply, so a redelivery
// after it is answered without applying again.
func Apply(ctx context.Context, e Effects, t Turn, out Outcome) error {
	if out.OptOut != nil {
		if err := e.RecordOptOut(ctx, t.Respondent, *out.OptOut, t.MessageSID, out.Language); err != nil {
			return err
		}
	}
	if out.EndAll {
		if err := e.EndAll(ctx, t.Respondent); err != nil {
			return err
		}
	}
	if out.Response != nil {
		if err := e.InsertResponse(ctx, out.Response); err != nil {
			return err
		}
	}
	if out.Followup != nil {
		if err := e.SaveFollowup(ctx, t.Respondent, out.Followup); err != nil {
			return err
		}
	}
	if out.Unchanged || out.EndAll || out.Session == nil {
		return nil
	}
	next := out.Session
	// A conversation started with another survey's keyword ends the live
	// one it replaces: forgotten, or kept as ended once it stored a response.
	if old := t.Session; old != nil && old.ID != next.ID && old.Stage != StageDone && next.Stage != StageDone {
		var err error
		if old.ResponseID != "" {
			err = e.EndSession(ctx, Ended(old))
		} else {
			err = e.DeleteSession(ctx, old)
		}
		if err != nil {
			return err
		}
	}
	for _, prev := range t.Sessions {
		if prev.ID == next.ID {
			next.Rev = prev.Rev
			return e.SaveSession(ctx, next, false)
		}
	}
	return e.SaveSession(ctx, next, true)
}
