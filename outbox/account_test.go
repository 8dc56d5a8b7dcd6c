package outbox_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"canvass/invite"
	"canvass/sms"
	"canvass/sms/twiliotest"
	"canvass/store/storetest"
)

// logBuffer collects a worker's log lines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) count(s string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Count(l.buf.String(), s)
}

const refusedLog = "Twilio refuses canvass's account"

// Twilio answering 20003 to every request pauses the batch: no message
// fails, however often it is tried (MaxAttempts is 2 here), the pause is
// logged once, probes go one at a time with a doubling wait, and sending
// resumes on its own once the account works.
func TestRefusedCredentialsPauseTheBatchUntilTheyWork(t *testing.T) {
	t.Parallel()
	h := newHarness(t, 6)
	h.tw.RefuseAccount(twiliotest.Failure{Status: http.StatusUnauthorized, Code: 20003})
	logs := &logBuffer{}
	w := h.worker("w1", 100)
	w.Logger = slog.New(slog.NewTextHandler(logs, nil))
	w.Concurrency, w.MaxAttempts, w.ProbeMax = 3, 2, 400*time.Millisecond
	r := startWorker(w)
	defer r.stop()

	paused := storetest.WaitBatch(t, h.st, h.batch, func(b *invite.Batch) bool { return b.State() == invite.StatePaused })
	if p := paused.Paused; p.Code != 20003 || p.Problem != sms.AccountCredentials || p.Since.IsZero() {
		t.Errorf("pause %+v", p)
	}
	// 8 requests are more tries than MaxAttempts allows a message.
	const probes = 8
	h.tw.WaitRequests(t, probes)
	times := h.tw.Requests()
	b, _ := h.st.Batch(context.Background(), h.batch)
	if b.Counts.Failed != 0 || b.Pending() != 6 || b.State() != invite.StatePaused {
		t.Errorf("during the pause: state %s, counts %+v", b.State(), b.Counts)
	}
	// At most one request a goroutine was out before the pause; the rest
	// are probes, each waiting for the refusal of the one before and then
	// twice the wait before (50ms, 100ms, …, capped at ProbeMax).
	var least time.Duration
	for i, wait := 0, 50*time.Millisecond; i < probes-w.Concurrency; i, wait = i+1, min(2*wait, w.ProbeMax) {
		least += wait
	}
	if took := times[len(times)-1].Sub(times[0]); took < least {
		t.Errorf("%d requests in %v; probes one at a time with their waits take %v or more", len(times), took, least)
	}
	if n := logs.count(refusedLog); n != 1 {
		t.Errorf("the refused account was logged %d times, want once:\n%s", n, logs.buf.String())
	}
	if !strings.Contains(logs.buf.String(), "TWILIO_AUTH_TOKEN") {
		t.Errorf("the log does not say what to fix:\n%s", logs.buf.String())
	}
	t.Logf("measured: %d requests to Twilio for 6 messages during a %v pause", len(times), times[len(times)-1].Sub(times[0]))

	h.tw.AcceptAccount()
	done := h.waitBatch()
	if done.Counts.Accepted != 6 || done.Paused != nil || done.Waiting != nil || done.State() != invite.StateDone {
		t.Errorf("after the account works again: state %s, counts %+v, paused %+v", done.State(), done.Counts, done.Paused)
	}
	h.assertOnce(h.numbers)
	if n := logs.count("sending resumed"); n != 1 {
		t.Errorf("the end of the pause was logged %d times, want once", n)
	}
}

// A token twilio-go refuses before sending pauses the batch without one
// request reaching Twilio; a process restarted with the right token sends
// the batch and clears the pause the first one recorded.
func TestMalformedTokenPausesUntilARestartFixesIt(t *testing.T) {
	t.Parallel()
	h := newHarness(t, 4)
	bad := h.worker("w1", 100)
	bad.Sender = sms.NewSender(sms.SenderConfig{AccountSID: twiliotest.AccountSID, AuthToken: twiliotest.AuthToken + "\n", From: testFrom, HTTPClient: h.tw.Client()})
	r := startWorker(bad)
	paused := storetest.WaitBatch(t, h.st, h.batch, func(b *invite.Batch) bool { return b.Paused != nil })
	r.stop()
	if paused.Paused.Code != 21224 || paused.Counts.Failed != 0 {
		t.Errorf("paused %+v, counts %+v", paused.Paused, paused.Counts)
	}
	if n := len(h.tw.Requests()); n != 0 {
		t.Errorf("%d requests reached Twilio with a malformed token", n)
	}

	r = startWorker(h.worker("w2", 100))
	done := h.waitBatch()
	r.stop()
	if done.Counts.Accepted != 4 || done.Paused != nil {
		t.Errorf("after the restart: counts %+v, paused %+v", done.Counts, done.Paused)
	}
	h.assertOnce(h.numbers)
}

// A Twilio nobody can connect to shows on the batch as waiting, since
// the first failure and with the stored reason; once it is back, the
// messages go and the wait ends.
func TestUnreachableTwilioShowsWhyTheBatchWaits(t *testing.T) {
	t.Parallel()
	h := newHarness(t, 3)
	h.tw.Down(t)
	start := time.Now().UTC()
	r := startWorker(h.worker("w1", 100))
	defer r.stop()
	b := storetest.WaitBatch(t, h.st, h.batch, func(b *invite.Batch) bool { return b.State() == invite.StateWaiting })
	if b.Waiting.Reason != "Twilio cannot be reached (no connection)" || b.Waiting.Since.Before(start.Add(-time.Second)) {
		t.Errorf("waiting %+v", b.Waiting)
	}
	for _, n := range h.numbers {
		if strings.Contains(b.Waiting.Reason, n[2:]) {
			t.Errorf("the reason shown holds a phone number: %q", b.Waiting.Reason)
		}
	}
	h.tw.Up()
	done := h.waitBatch()
	if done.Counts.Accepted != 3 || done.Waiting != nil {
		t.Errorf("after Twilio came back: counts %+v, waiting %+v", done.Counts, done.Waiting)
	}
	h.assertOnce(h.numbers)
}

// Cancel finishes a batch whose messages wait for a retry an hour away:
// at once, after Twilio's log is checked for those that may have gone. The
// one Twilio did create is accepted, not canceled, and nothing is sent.
func TestCancelFinishesMessagesWaitingForARetry(t *testing.T) {
	t.Parallel()
	h := newHarness(t, 3)
	for _, n := range h.numbers[1:] {
		h.tw.Refuse(n, twiliotest.Failure{Status: http.StatusServiceUnavailable, Code: 20503})
	}
	h.tw.FailNext(twiliotest.Failure{Status: http.StatusServiceUnavailable, Code: 20503, Created: true})
	w := h.worker("w1", 100)
	w.UnknownDelay = time.Hour
	r := startWorker(w)
	defer r.stop()
	b := storetest.WaitBatch(t, h.st, h.batch, func(b *invite.Batch) bool { return b.Waiting != nil })
	<-h.queue.idle // every message tried once and waiting for its hour
	if b.Waiting.Reason != "Twilio answered HTTP 503, error 20503" {
		t.Errorf("waiting %+v", b.Waiting)
	}
	if _, err := h.st.CancelBatch(context.Background(), h.batch); err != nil {
		t.Fatal(err)
	}
	done := storetest.WaitBatch(t, h.st, h.batch, (*invite.Batch).Finished)
	if done.State() != invite.StateCanceled || done.Counts.Canceled != 2 || done.Counts.Accepted != 1 {
		t.Errorf("after cancel: state %s, counts %+v", done.State(), done.Counts)
	}
	if h.tw.Lists() < 3 {
		t.Errorf("Twilio's log was read %d times, want each message looked for", h.tw.Lists())
	}
	h.assertOnce(h.numbers[:1])
}
