// Package outbox sends the texts waiting in the database's outbox through
// Twilio, paced per sender, exactly once as far as Twilio allows.
//
// Guarantees, and the window left open:
//   - A message Twilio accepted (it has a SID) is never sent again: the SID
//     is recorded as soon as Twilio answers, and a message is marked as
//     possibly sent before the call. A worker that dies between Twilio's
//     answer and the record leaves the mark; whoever claims the message
//     next asks Twilio's message log (same recipient, same text, since the
//     first attempt) before sending, and Twilio's status callback, which
//     carries the message's outbox ID, records the SID on its own too.
//   - Nothing is dropped: a claim is a lease; a worker that dies lets it
//     expire and another worker claims the message again.
//   - The window: Twilio offers no idempotency key for Messages, so a
//     second send is still possible if Twilio's log does not yet show a
//     message it accepted when it is looked for (the log is read only
//     after the first attempt's lease has run out, minutes later), or if a
//     process stalls, between marking a message and its HTTP request
//     leaving, for longer than the send lease (SendLease ≫ sms.SendTimeout).
//     A messaging service with Smart Encoding rewrites curly quotes and
//     dashes; the log search folds those back (sms.FindSent).
//
// Pacing: each worker books the sender's next send time in the database
// (store.ReserveSendSlot) before it claims a message, so the rate holds
// across every worker of every instance, and a claim is held only for one
// REST call. Several instances need MongoDB: FerretDB's updates are atomic
// only within one process (store/cas.go).
package outbox

import (
	"context"
	"log/slog"
	"math"
	"net/url"
	"sync"
	"time"

	"canvass/invite"
)

// Queue is what the worker needs of the outbox (package store).
type Queue interface {
	HasDue(ctx context.Context) (bool, error)
	ClaimNext(ctx context.Context, worker string, lease time.Duration) (*invite.Message, bool, error)
	MarkSending(ctx context.Context, m *invite.Message, worker string, lease time.Duration) (stop string, ok bool, err error)
	Release(ctx context.Context, m *invite.Message, worker string, r invite.Retry) error
	Finish(ctx context.Context, m *invite.Message, r invite.Result) error
	ReserveSendSlot(ctx context.Context, sender string, interval time.Duration) (time.Time, error)
	PauseSender(ctx context.Context, sender string, p invite.Pause) error
	ResumeSender(ctx context.Context, sender string) error
}

// Sender sends through Twilio (sms.Sender).
type Sender interface {
	From() string
	Send(to, body, statusCallback string) (string, error)
	FindSent(to, body string, since time.Time) (sid string, found bool, err error)
}

// OptOuts is canvass's own opt-out record.
type OptOuts interface {
	IsOptedOut(ctx context.Context, pseudonym string) (bool, error)
	SetOptOut(ctx context.Context, pseudonym string, out bool) error
}

// Opener opens sealed phone numbers (phone.Sealer).
type Opener interface {
	Open(sealed []byte, owner string) (string, error)
}

// Worker sends the outbox's messages. Run several (in one process or
// many): each message is claimed by one at a time, and the send rate is
// booked in the database per sender, so Rate holds across all of them.
type Worker struct {
	Queue   Queue
	Sender  Sender
	OptOuts OptOuts
	Phones  Opener
	Logger  *slog.Logger
	// ID names this worker in claims; unique per process.
	ID string
	// PublicURL is canvass's public base URL; status callbacks go to
	// PublicURL/sms/twilio/status?ref=<message ID>.
	PublicURL string
	// Rate is the sender's messages a second, shared by every worker.
	Rate float64
	// Concurrency is how many messages this worker has in flight; 0 picks
	// enough to reach Rate with Twilio answering in about half a second.
	Concurrency int
	// Lease is how long a claim holds before the message is marked as
	// sending; SendLease how long from then until its outcome is recorded.
	// Both far exceed one REST call (sms.SendTimeout).
	Lease, SendLease time.Duration
	// Poll is how often an idle worker looks at the outbox (Wake makes it
	// look at once).
	Poll time.Duration
	// MaxAttempts bounds how often a message is tried before it fails.
	MaxAttempts int
	// RetryBase is the first wait after Twilio did not take a message; it
	// doubles with each attempt, up to ten minutes.
	RetryBase time.Duration
	// UnknownDelay is how long a message whose send had no clear answer
	// waits before Twilio's log is asked about it.
	UnknownDelay time.Duration
	// ProbeMax is the longest wait between two tries while Twilio refuses
	// the account; the first wait is RetryBase.
	ProbeMax time.Duration

	wake     chan struct{}
	stopping chan struct{}
	stopOnce sync.Once
	running  sync.WaitGroup
	cancel   context.CancelFunc
	mu       sync.Mutex
	pause    accountPause
}

// Defaults of the durations.
const (
	DefaultLease     = 2 * time.Minute
	DefaultSendLease = 2 * time.Minute
	DefaultPoll      = 2 * time.Second
	// clockSkew widens the search of Twilio's log for a message, whose
	// creation time is Twilio's clock, not ours.
	clockSkew = 5 * time.Minute
)

func (w *Worker) defaults() {
	if w.Lease <= 0 {
		w.Lease = DefaultLease
	}
	if w.SendLease <= 0 {
		w.SendLease = DefaultSendLease
	}
	if w.Poll <= 0 {
		w.Poll = DefaultPoll
	}
	if w.MaxAttempts <= 0 {
		w.MaxAttempts = 10
	}
	if w.RetryBase <= 0 {
		w.RetryBase = 5 * time.Second
	}
	if w.UnknownDelay <= 0 {
		w.UnknownDelay = time.Minute
	}
	if w.ProbeMax <= 0 {
		w.ProbeMax = 10 * time.Minute
	}
	if w.Concurrency <= 0 {
		w.Concurrency = int(math.Min(16, math.Max(1, math.Ceil(w.Rate/2))))
	}
	if w.Logger == nil {
		w.Logger = slog.New(slog.DiscardHandler)
	}
}

// interval is the time between two messages of the sender.
func (w *Worker) interval() time.Duration {
	return time.Duration(float64(time.Second) / w.Rate)
}

// Run sends until Shutdown finishes or ctx ends. Ending ctx is a hard stop,
// like a crash: messages in flight keep their claims until the leases
// expire. Shutdown is the graceful one.
func (w *Worker) Run(ctx context.Context) {
	w.mu.Lock()
	w.defaults()
	if w.wake == nil {
		w.wake = make(chan struct{}, 1)
	}
	if w.stopping == nil {
		w.stopping = make(chan struct{})
	}
	ctx, w.cancel = context.WithCancel(ctx)
	w.mu.Unlock()
	defer w.cancel()
	for range w.Concurrency {
		w.running.Add(1)
		go func() {
			defer w.running.Done()
			w.loop(ctx)
		}()
	}
	w.running.Wait()
}

// Shutdown stops claiming, lets messages in flight reach their outcome and
// returns when they have, or hard-stops them when ctx ends first.
func (w *Worker) Shutdown(ctx context.Context) {
	w.mu.Lock()
	if w.stopping == nil {
		w.stopping = make(chan struct{})
	}
	w.stopOnce.Do(func() { close(w.stopping) })
	cancel := w.cancel
	w.mu.Unlock()
	done := make(chan struct{})
	go func() { w.running.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		if cancel != nil {
			cancel()
		}
		<-done
	}
}

// Wake makes an idle worker look at the outbox now (new messages).
func (w *Worker) Wake() {
	w.mu.Lock()
	if w.wake == nil {
		w.wake = make(chan struct{}, 1)
	}
	ch := w.wake
	w.mu.Unlock()
	select {
	case ch <- struct{}{}:
	default:
	}
}

// loop sends one message after another, unless Twilio refuses the account:
// then only the pause's probe goes (accountPause).
func (w *Worker) loop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-w.stopping:
			return
		default:
		}
		ok, probe := w.pause.admit(time.Now())
		if !ok {
			w.idle(ctx)
			continue
		}
		w.sendOne(ctx, probe)
		w.pause.done(probe)
	}
}

// sendOne books a send slot if something is due, and claims a message only
// when the slot comes: a claim is then held for one REST call, never while
// waiting for the rate, so claims do not expire under a worker that is
// merely waiting its turn.
func (w *Worker) sendOne(ctx context.Context, probe bool) {
	due, err := w.Queue.HasDue(ctx)
	if err != nil && ctx.Err() == nil {
		w.Logger.Warn("outbox: looking for due messages failed", "err", err)
	}
	if err != nil || !due {
		w.idle(ctx)
		return
	}
	if !w.waitForSlot(ctx) {
		return
	}
	m, ok, err := w.Queue.ClaimNext(ctx, w.ID, w.Lease)
	if err != nil && ctx.Err() == nil {
		w.Logger.Warn("outbox: claiming a message failed", "err", err)
	}
	if err != nil || !ok {
		return // another worker took it; the slot is lost, erring slow
	}
	w.deliver(ctx, m, probe)
}

// waitForSlot books the sender's next send time and waits for it.
func (w *Worker) waitForSlot(ctx context.Context) bool {
	at, err := w.Queue.ReserveSendSlot(ctx, w.Sender.From(), w.interval())
	if err != nil {
		if ctx.Err() == nil {
			w.Logger.Warn("outbox: booking a send slot failed", "err", err)
		}
		w.idle(ctx)
		return false
	}
	t := time.NewTimer(time.Until(at))
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-w.stopping:
		return false
	}
}

// idle waits for the next look at the outbox.
func (w *Worker) idle(ctx context.Context) {
	t := time.NewTimer(w.Poll)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-w.stopping:
	case <-w.wake:
	case <-t.C:
	}
}

// callbackURL is where Twilio reports the message's delivery status.
func (w *Worker) callbackURL(id string) string {
	if w.PublicURL == "" {
		return ""
	}
	return w.PublicURL + "/sms/twilio/status?ref=" + url.QueryEscape(id)
}
