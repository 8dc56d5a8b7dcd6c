package outbox

import (
	"context"
	"sync"
	"time"

	"canvass/invite"
	"canvass/sms"
)

// accountPause holds this process's sending while Twilio refuses the
// account (sms.FailAccount: credentials, a suspended account). Every
// message would fail the same way, and none of them is at fault, so
// instead of trying (and failing) each one, the workers send nothing but
// one probe at a time: a message sent as usual once the wait is over, the
// wait doubling after each refusal up to ProbeMax. The first answer Twilio
// gives about a message ends the pause. It lives in memory, per process:
// the account is refused because of this process's settings, and a process
// restarted with fixed ones sends at once.
type accountPause struct {
	mu      sync.Mutex
	on      bool
	next    time.Time     // when the next probe may go
	wait    time.Duration // the wait before next
	probing bool          // a probe is out
	// settled: a send of this process went through, so no pause recorded
	// by an earlier process is left to clear.
	settled bool
}

// admit reports whether a worker goroutine may claim a message now, and
// whether that message is the pause's probe.
func (p *accountPause) admit(now time.Time) (ok, probe bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case !p.on:
		return true, false
	case p.probing || now.Before(p.next):
		return false, false
	}
	p.probing = true
	return true, true
}

// refused records a refusal of the account; started is true for the one
// that begins a pause. A probe's refusal doubles the wait; the refusals
// of messages already out when the pause began change nothing.
func (p *accountPause) refused(now time.Time, probe bool, first, most time.Duration) (started bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.on {
		p.on, p.wait, p.next = true, first, now.Add(first)
		return true
	}
	if probe {
		p.wait = min(2*p.wait, most)
		p.next = now.Add(p.wait)
	}
	return false
}

// works records an answer from Twilio about a message: the account works.
// ended is true for the answer that ends a pause, first for the first
// answer of this process; either way the pause recorded in the database,
// by this process or an earlier one, is to be cleared.
func (p *accountPause) works() (ended, first bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ended, first = p.on, !p.settled
	p.on, p.settled = false, true
	return ended, first
}

// done ends a probe, with or without a verdict (its message may have been
// stopped, or Twilio did not answer): the next probe may go when the wait
// is over.
func (p *accountPause) done(probe bool) {
	if !probe {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.probing = false
}

// accountRefused gives a message back without counting its attempt and
// pauses sending. The refusal that starts the pause is logged, once, with
// what to do; it and each refused probe record the pause for the pages
// (again, in case another instance's success cleared it).
func (w *Worker) accountRefused(ctx context.Context, m *invite.Message, se *sms.SendError, probe, notSent bool) {
	now := time.Now()
	started := w.pause.refused(now, probe, w.RetryBase, w.ProbeMax)
	if started {
		w.Logger.Error("outbox: Twilio refuses canvass's account; sending is paused and retried with one message now and then",
			"code", se.Code, "status", se.Status, "problem", se.Problem, "fix", fixFor(se.Problem))
	}
	if started || probe {
		p := invite.Pause{Since: now.UTC(), Code: se.Code, Problem: se.Problem}
		if err := w.Queue.PauseSender(ctx, w.Sender.From(), p); err != nil && ctx.Err() == nil {
			w.Logger.Warn("outbox: recording the pause failed", "err", err)
		}
	}
	w.release(ctx, m, invite.Retry{NotBefore: now, Reason: safeError(se), NotSent: notSent, Uncounted: true})
}

// accountWorks ends a pause when Twilio answers about a message.
func (w *Worker) accountWorks(ctx context.Context) {
	ended, first := w.pause.works()
	if ended {
		w.Logger.Info("outbox: Twilio accepts canvass's account again; sending resumed")
	}
	if !ended && !first {
		return
	}
	if err := w.Queue.ResumeSender(ctx, w.Sender.From()); err != nil && ctx.Err() == nil {
		w.Logger.Warn("outbox: clearing the pause failed", "err", err)
	}
}

// fixFor is what the operator does about an account problem.
func fixFor(problem string) string {
	if problem == sms.AccountInactive {
		return "the Twilio account is not active: check its status and balance in Twilio's console; sending resumes on its own"
	}
	return "check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (the token may have been rotated) and restart canvass"
}
