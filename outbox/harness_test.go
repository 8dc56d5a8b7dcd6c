package outbox_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"canvass/invite"
	"canvass/outbox"
	"canvass/phone"
	"canvass/sms"
	"canvass/sms/twiliotest"
	"canvass/store"
	"canvass/store/storetest"
)

// harness is a real store, a fake Twilio and a batch of messages in the
// outbox, one to each of numbers.
type harness struct {
	t       testing.TB
	st      *store.Store
	queue   *watchedQueue // st, as the workers use it
	tw      *twiliotest.Server
	sealer  *phone.Sealer
	pseudo  *sms.Pseudonymizer
	batch   string
	numbers []string
	ids     map[string]string // number → pseudonym
}

const testFrom = "+15005550006"

func newHarness(t testing.TB, n int) *harness {
	t.Helper()
	return newHarnessOn(t, n, storetest.New(t))
}

// newHarnessOn is newHarness on a given store.
func newHarnessOn(t testing.TB, n int, st *store.Store) *harness {
	t.Helper()
	key := []byte(strings.Repeat("k", 32))
	sealer, err := phone.NewSealer(key)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, st: st, queue: &watchedQueue{Store: st, idle: make(chan struct{}, 1)}, tw: twiliotest.New(t),
		sealer: sealer, pseudo: sms.NewPseudonymizer(key), batch: "b-test", ids: map[string]string{}}
	ctx := context.Background()
	if _, _, err := h.st.CreateBatch(ctx, &invite.Batch{ID: h.batch, Kind: invite.KindInvitation, Survey: "s", Sender: testFrom}); err != nil {
		t.Fatal(err)
	}
	var msgs []*invite.Message
	for i := range n {
		num := fmt.Sprintf("+1617555%04d", 1000+i)
		id := h.pseudo.Pseudonym(num)
		h.numbers = append(h.numbers, num)
		h.ids[num] = id
		msgs = append(msgs, &invite.Message{ID: invite.MessageID(h.batch, id), Batch: h.batch, Recipient: id,
			Phone: sealer.Seal(num, id), Body: "Tell us how safe you feel: https://canvass.test/s/x", Segments: 1, Language: "en"})
	}
	if added, err := h.st.EnqueueMessages(ctx, msgs); err != nil || added != n {
		t.Fatalf("enqueue: %d, %v", added, err)
	}
	if err := h.st.BatchEnqueued(ctx, h.batch, n, nil); err != nil {
		t.Fatal(err)
	}
	return h
}

// worker returns a worker with test-sized leases and delays.
func (h *harness) worker(id string, rate float64) *outbox.Worker {
	return &outbox.Worker{
		Queue: h.queue, OptOuts: h.st, Phones: h.sealer, ID: id, PublicURL: "https://canvass.test", Rate: rate,
		Sender: sms.NewSender(sms.SenderConfig{AccountSID: twiliotest.AccountSID, AuthToken: twiliotest.AuthToken, From: testFrom, HTTPClient: h.tw.Client()}),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Lease:  time.Second, SendLease: time.Second, Poll: 50 * time.Millisecond,
		RetryBase: 50 * time.Millisecond, UnknownDelay: 200 * time.Millisecond,
	}
}

// running is a worker started in the background.
type running struct {
	w      *outbox.Worker
	cancel context.CancelFunc
	done   chan struct{}
}

func startWorker(w *outbox.Worker) *running {
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{w: w, cancel: cancel, done: make(chan struct{})}
	go func() { defer close(r.done); w.Run(ctx) }()
	return r
}

// kill stops the worker the hard way, like a crash.
func (r *running) kill() { r.cancel(); <-r.done }

// stop stops it gracefully.
func (r *running) stop() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r.w.Shutdown(ctx)
	r.cancel()
	<-r.done
}

// waitBatch waits until no message of the batch is pending.
func (h *harness) waitBatch() *invite.Batch {
	h.t.Helper()
	return storetest.WaitBatch(h.t, h.st, h.batch, func(b *invite.Batch) bool { return b.Pending() == 0 })
}

// watchedQueue is the real store as the workers' queue, showing the test
// what the store does not keep: every send slot booked, and the moments a
// worker looked at the outbox and found nothing due.
type watchedQueue struct {
	*store.Store
	idle  chan struct{} // gets a value when HasDue answers false
	mu    sync.Mutex
	slots []time.Time
}

func (q *watchedQueue) HasDue(ctx context.Context) (bool, error) {
	due, err := q.Store.HasDue(ctx)
	if err == nil && !due {
		select {
		case q.idle <- struct{}{}:
		default:
		}
	}
	return due, err
}

func (q *watchedQueue) ReserveSendSlot(ctx context.Context, sender string, interval time.Duration) (time.Time, error) {
	at, err := q.Store.ReserveSendSlot(ctx, sender, interval)
	if err == nil {
		q.mu.Lock()
		q.slots = append(q.slots, at)
		q.mu.Unlock()
	}
	return at, err
}

// bookedSlots returns the send slots booked so far.
func (q *watchedQueue) bookedSlots() []time.Time {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]time.Time(nil), q.slots...)
}

// assertOnce checks that Twilio got exactly one message to each number in
// want and none to any other.
func (h *harness) assertOnce(want []string) {
	h.t.Helper()
	got := h.tw.CountTo()
	for _, n := range want {
		if got[n] != 1 {
			h.t.Errorf("%s received %d messages, want 1", n, got[n])
		}
		delete(got, n)
	}
	for n, c := range got {
		h.t.Errorf("%s received %d messages, want none", n, c)
	}
}
