package outbox_test

import (
	"context"
	"math"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"canvass/invite"
	"canvass/sms/twiliotest"
)

func TestSendsEveryMessageOnce(t *testing.T) {
	h := newHarness(t, 12)
	r := startWorker(h.worker("w1", 200))
	b := h.waitBatch(20 * time.Second)
	r.stop()
	h.assertOnce(h.numbers)
	if b.Counts.Accepted != 12 || b.Counts.Segments != 12 || b.Counts.Delivery["accepted"] != 12 || b.State() != "done" {
		t.Errorf("batch counts %+v, state %s", b.Counts, b.State())
	}
	for _, m := range h.tw.Messages() {
		id := h.ids[m.To]
		if !strings.HasSuffix(m.StatusCallback, "/sms/twilio/status?ref="+strings.ReplaceAll(invite.MessageID(h.batch, id), "|", "%7C")) {
			t.Errorf("status callback %q does not carry the message's ref", m.StatusCallback)
		}
		sent, err := h.st.SentMessage(context.Background(), invite.MessageID(h.batch, id))
		if err != nil || sent.SID != m.SID || sent.Outcome != invite.OutcomeAccepted {
			t.Errorf("recorded %+v, %v; want SID %s", sent, err, m.SID)
		}
	}
}

// sendRate is the rate Twilio saw: messages over the time from the second
// to the last (the first pays for opening connections, which would make
// the window look shorter than the schedule).
func sendRate(t *testing.T, msgs []twiliotest.Message) float64 {
	t.Helper()
	if len(msgs) < 3 {
		t.Fatalf("only %d messages", len(msgs))
	}
	times := make([]time.Time, len(msgs))
	for i, m := range msgs {
		times[i] = m.Created
	}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	times = times[1:]
	return float64(len(times)-1) / times[len(times)-1].Sub(times[0]).Seconds()
}

func TestPacingHoldsTheRate(t *testing.T) {
	// First, how fast this machine sends with pacing out of the way (it
	// is shared and may run -race): the paced rate is then set well below
	// it, so the test measures the pacer and not the machine.
	free := newHarness(t, 15)
	w := free.worker("w0", 1000)
	w.Concurrency = 4
	r := startWorker(w)
	free.waitBatch(60 * time.Second)
	r.stop()
	capacity := sendRate(t, free.tw.Messages())
	rate := math.Max(1, math.Min(20, math.Floor(capacity/3)))
	n := max(10, int(3*rate))

	h := newHarness(t, n)
	w = h.worker("w1", rate)
	w.Concurrency = 4 // more than the rate needs: pacing, not latency, must limit
	r = startWorker(w)
	h.waitBatch(time.Duration(float64(n)/rate*3+30) * time.Second)
	r.stop()
	h.assertOnce(h.numbers)
	got := sendRate(t, h.tw.Messages())
	t.Logf("unpaced %.1f/s; paced at %.0f/s, Twilio saw %.2f/s over %d messages", capacity, rate, got, n)
	// The schedule spaces sends exactly; what Twilio sees can only be
	// bunched by request latency jitter, a few ms over seconds.
	if got > rate*1.1 {
		t.Errorf("Twilio saw %.2f messages/s, configured %.0f", got, rate)
	}
	if got < rate*0.5 {
		t.Errorf("Twilio saw only %.2f messages/s, configured %.0f (unpaced: %.1f/s): the pacer waits too long", got, rate, capacity)
	}
}

func TestTwoWorkersShareTheRateAndSendEachOnce(t *testing.T) {
	const rate = 12.0
	h := newHarness(t, 30)
	a, b := h.worker("instance-a", rate), h.worker("instance-b", rate)
	a.Concurrency, b.Concurrency = 3, 3
	ra, rb := startWorker(a), startWorker(b)
	h.waitBatch(30 * time.Second)
	ra.stop()
	rb.stop()
	h.assertOnce(h.numbers)
	if got := sendRate(t, h.tw.Messages()); got > rate*1.1 {
		t.Errorf("two instances together sent %.2f messages/s; the sender's rate is %.0f", got, rate)
	}
}

func TestCrashMidBatchThenRestartSendsEachOnce(t *testing.T) {
	h := newHarness(t, 24)
	a := h.worker("instance-a", 100)
	a.Concurrency = 3
	ra := startWorker(a)
	// Kill instance A the moment Twilio has accepted its 8th message and
	// before A hears back: the worst moment, SID not recorded.
	h.tw.OnCreate(func(n int, _ twiliotest.Message) {
		if n == 8 {
			ra.cancel()
		}
	})
	<-ra.done
	h.tw.OnCreate(nil)
	before := len(h.tw.Messages())
	if before >= 24 {
		t.Fatalf("instance A sent all %d before it was killed; the test proves nothing", before)
	}
	b, _ := h.st.Batch(context.Background(), h.batch)
	if b.Pending() == 0 {
		t.Fatal("no message left pending after the crash")
	}
	rb := startWorker(h.worker("instance-b", 100))
	done := h.waitBatch(30 * time.Second)
	rb.stop()
	h.assertOnce(h.numbers)
	if done.Counts.Accepted != 24 {
		t.Errorf("accepted %d, want 24 (%+v)", done.Counts.Accepted, done.Counts)
	}
	if h.tw.Lists() == 0 {
		t.Error("instance B never looked in Twilio's log for the messages A may have sent")
	}
}

func TestAnswerLostIsFoundInTwiliosLogNotResent(t *testing.T) {
	h := newHarness(t, 3)
	// Twilio creates the first message but answers 502.
	h.tw.FailNext(twiliotest.Failure{Status: http.StatusBadGateway, Code: 20500, Created: true})
	r := startWorker(h.worker("w1", 100))
	b := h.waitBatch(20 * time.Second)
	r.stop()
	h.assertOnce(h.numbers)
	if b.Counts.Accepted != 3 {
		t.Errorf("accepted %d, want 3", b.Counts.Accepted)
	}
}

func TestThrottledMessageIsRetried(t *testing.T) {
	h := newHarness(t, 2)
	h.tw.FailNext(twiliotest.Failure{Status: http.StatusTooManyRequests, Code: 20429}, twiliotest.Failure{Status: http.StatusServiceUnavailable, Code: 20503})
	r := startWorker(h.worker("w1", 100))
	b := h.waitBatch(20 * time.Second)
	r.stop()
	h.assertOnce(h.numbers)
	if b.Counts.Accepted != 2 {
		t.Errorf("accepted %d, want 2", b.Counts.Accepted)
	}
}

func TestNoMessageToAnOptedOutNumber(t *testing.T) {
	h := newHarness(t, 6)
	ctx := context.Background()
	// Two residents texted STOP after the batch was queued; Twilio knows
	// of a third that canvass missed.
	for _, n := range h.numbers[:2] {
		if err := h.st.SetOptOut(ctx, h.ids[n], true); err != nil {
			t.Fatal(err)
		}
	}
	h.tw.Refuse(h.numbers[2], twiliotest.Failure{Status: http.StatusBadRequest, Code: 21610})
	r := startWorker(h.worker("w1", 100))
	b := h.waitBatch(20 * time.Second)
	r.stop()
	h.assertOnce(h.numbers[3:])
	if b.Counts.Skipped != 2 || b.Counts.Failed != 1 || b.Counts.Accepted != 3 {
		t.Errorf("counts %+v; want 2 skipped, 1 failed, 3 accepted", b.Counts)
	}
	if out, _ := h.st.IsOptedOut(ctx, h.ids[h.numbers[2]]); !out {
		t.Error("Twilio's 21610 was not recorded as an opt-out")
	}
	failed, _ := h.st.SentMessage(ctx, invite.MessageID(h.batch, h.ids[h.numbers[2]]))
	if failed == nil || failed.ErrorCode != "21610" {
		t.Errorf("refused message recorded as %+v", failed)
	}
}

func TestCanceledBatchSendsNothingMore(t *testing.T) {
	h := newHarness(t, 5)
	b, err := h.st.CancelBatch(context.Background(), h.batch)
	if err != nil {
		t.Fatal(err)
	}
	if b.Counts.Canceled != 5 || b.State() != "canceled" {
		t.Errorf("after cancel: %+v, %s", b.Counts, b.State())
	}
	r := startWorker(h.worker("w1", 100))
	time.Sleep(200 * time.Millisecond)
	r.stop()
	h.assertOnce(nil)
}
