package outbox

import (
	"context"
	"errors"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"canvass/invite"
	"canvass/sms"
)

// deliver takes one claimed message to its outcome, or gives it back to
// the outbox for later. probe says it is the one message let through while
// Twilio refuses the account (accountPause).
func (w *Worker) deliver(ctx context.Context, m *invite.Message, probe bool) {
	if m.Stop != "" && !m.MaybeSent {
		w.finish(ctx, m, invite.StopResult(m.Stop))
		return
	}
	to, err := w.Phones.Open(m.Phone, m.Recipient)
	if err != nil {
		w.Logger.Error("outbox: a sealed number does not open; is CANVASS_PSEUDONYM_KEY the same on every instance?", "message", m.ID)
		w.finish(ctx, m, invite.Result{Outcome: invite.OutcomeFailed, Reason: invite.ReasonUnseal})
		return
	}
	if m.MaybeSent {
		sid, found, err := w.Sender.FindSent(to, m.Body, m.FirstSendAt.Add(-clockSkew))
		if se := sendError(err); se != nil && se.Kind == sms.FailAccount {
			w.accountRefused(ctx, m, se, probe, false)
			return
		}
		if err != nil {
			// Never send without knowing: ask again later.
			w.release(ctx, m, invite.Retry{NotBefore: w.backoff(m.Attempts), Reason: "checking Twilio's log: " + safeError(err)})
			return
		}
		w.accountWorks(ctx)
		if found {
			w.finish(ctx, m, invite.Result{Outcome: invite.OutcomeAccepted, SID: sid})
			return
		}
		// Twilio never took it: it may be sent (again) below.
	}
	if m.Stop != "" {
		w.finish(ctx, m, invite.StopResult(m.Stop))
		return
	}
	if m.Attempts > w.MaxAttempts {
		w.finish(ctx, m, invite.Result{Outcome: invite.OutcomeFailed, Reason: invite.ReasonGaveUp})
		return
	}
	// Checked at send time as well as when the batch was queued: a
	// resident may text STOP while their message waits.
	out, err := w.OptOuts.IsOptedOut(ctx, m.Recipient)
	if err != nil {
		// canvass's database, not Twilio: nothing to show on the batch.
		w.Logger.Warn("outbox: checking an opt-out failed; the message waits", "message", m.ID, "err", err)
		w.release(ctx, m, invite.Retry{NotBefore: w.backoff(m.Attempts)})
		return
	}
	if out {
		w.finish(ctx, m, invite.Result{Outcome: invite.OutcomeSkipped, Reason: invite.ReasonOptedOut})
		return
	}
	w.send(ctx, m, to, probe)
}

// send marks the message as possibly sent, sends it and records the
// outcome Twilio's answer gives.
func (w *Worker) send(ctx context.Context, m *invite.Message, to string, probe bool) {
	wasMaybeSent := m.MaybeSent
	stop, ok, err := w.Queue.MarkSending(ctx, m, w.ID, w.SendLease)
	if err != nil || !ok {
		if stop != "" {
			w.finish(ctx, m, invite.StopResult(stop))
		}
		// Otherwise the claim was lost (the lease ran out: this process
		// stalled, or the database did): another worker has it now.
		return
	}
	sid, err := w.Sender.Send(to, m.Body, w.callbackURL(m.ID))
	if err == nil {
		w.accountWorks(ctx)
		w.finish(ctx, m, invite.Result{Outcome: invite.OutcomeAccepted, SID: sid})
		return
	}
	se := sendError(err)
	if se.Kind == sms.FailAccount {
		w.accountRefused(ctx, m, se, probe, !wasMaybeSent)
		return
	}
	if se.Answered() && se.Kind != sms.FailUnknown {
		// Twilio spoke about the message itself. (A server error may come
		// from in front of Twilio's account check: it proves nothing.)
		w.accountWorks(ctx)
	}
	switch se.Kind {
	case sms.FailRejected:
		code := strconv.Itoa(se.Code)
		if code == sms.ErrorOptedOut {
			// Twilio knows of a STOP canvass missed: record it, so this
			// resident is left out of every later batch too.
			if err := w.OptOuts.SetOptOut(ctx, m.Recipient, true); err != nil {
				w.Logger.Warn("outbox: recording an opt-out Twilio reported failed", "err", err)
			}
		}
		w.finish(ctx, m, invite.Result{Outcome: invite.OutcomeFailed, ErrorCode: code})
	case sms.FailRetry:
		w.Logger.Warn("outbox: Twilio did not take a message now; retrying later", "message", m.ID, "status", se.Status, "code", se.Code)
		w.release(ctx, m, invite.Retry{NotBefore: w.backoff(m.Attempts), Reason: safeError(se), NotSent: !wasMaybeSent})
	default:
		w.Logger.Warn("outbox: no clear answer from Twilio; its log will be checked before any resend", "message", m.ID, "status", se.Status, "code", se.Code)
		w.release(ctx, m, invite.Retry{NotBefore: time.Now().Add(w.UnknownDelay), Reason: safeError(se)})
	}
}

// sendError is err as a classified send failure; nil for nil.
func sendError(err error) *sms.SendError {
	if err == nil {
		return nil
	}
	var se *sms.SendError
	if !errors.As(err, &se) {
		se = &sms.SendError{Kind: sms.FailUnknown, Err: err}
	}
	return se
}

func (w *Worker) finish(ctx context.Context, m *invite.Message, r invite.Result) {
	if err := w.Queue.Finish(ctx, m, r); err != nil && ctx.Err() == nil {
		// The claim's lease runs out and the message is claimed again;
		// a sent one is then found in Twilio's log, not resent.
		w.Logger.Error("outbox: recording a message's outcome failed", "message", m.ID, "outcome", r.Outcome, "err", err)
	}
}

func (w *Worker) release(ctx context.Context, m *invite.Message, r invite.Retry) {
	if err := w.Queue.Release(ctx, m, w.ID, r); err != nil && ctx.Err() == nil {
		w.Logger.Warn("outbox: giving a message back failed; its lease will run out", "message", m.ID, "err", err)
	}
}

// backoff is when the attempt-th try of a message may go again:
// exponential from RetryBase up to 10 min, with jitter so retries spread.
func (w *Worker) backoff(attempt int) time.Time {
	d := w.RetryBase << min(max(attempt-1, 0), 7)
	d = min(d, 10*time.Minute)
	return time.Now().Add(d/2 + rand.N(d/2+1))
}

// safeError describes an error without its text, which may hold a phone
// number (Twilio's messages and URLs do), so it can be logged, stored and
// shown on the batch's page.
func safeError(err error) string {
	se := sendError(err)
	switch {
	case se.Kind == sms.FailAccount:
		return "Twilio refuses the account, error " + strconv.Itoa(se.Code)
	case se.Answered():
		return "Twilio answered HTTP " + strconv.Itoa(se.Status) + ", error " + strconv.Itoa(se.Code)
	case se.Kind == sms.FailRetry:
		// The one retry without an answer: no connection was made.
		return "Twilio cannot be reached (no connection)"
	case errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "Client.Timeout"):
		return "no answer from Twilio in time"
	}
	return "error talking to Twilio"
}
