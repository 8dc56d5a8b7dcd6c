package outbox_test

import (
	"context"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"canvass/invite"
	"canvass/sms/twiliotest"
)

func TestSendsEveryMessageOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t, 12)
	r := startWorker(h.worker("w1", 200))
	b := h.waitBatch()
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

// assertPaced checks what pacing promises, and nothing that depends on how
// fast the machine is: the send slots booked, by all workers together,
// are interval apart or more, and no message reached Twilio before a slot
// of its own had come. How soon after its slot a message leaves is left
// unchecked; a slow machine makes it late, never early.
func assertPaced(t *testing.T, slots []time.Time, msgs []twiliotest.Message, interval time.Duration) {
	t.Helper()
	sort.Slice(slots, func(i, j int) bool { return slots[i].Before(slots[j]) })
	for i := 1; i < len(slots); i++ {
		if gap := slots[i].Sub(slots[i-1]); gap < interval {
			t.Errorf("slots %d and %d were booked %v apart, want %v or more", i-1, i, gap, interval)
		}
	}
	created := make([]time.Time, len(msgs))
	for i, m := range msgs {
		created[i] = m.Created
	}
	sort.Slice(created, func(i, j int) bool { return created[i].Before(created[j]) })
	if len(slots) < len(created) {
		t.Fatalf("%d messages sent on %d booked slots", len(created), len(slots))
	}
	// Each message waits for a slot of its own, so the k-th to reach
	// Twilio comes no earlier than the k-th slot.
	for k, at := range created {
		if at.Before(slots[k]) {
			t.Errorf("message %d reached Twilio %v before slot %d came", k, slots[k].Sub(at), k)
		}
	}
}

func TestPacingHoldsTheRate(t *testing.T) {
	t.Parallel()
	// Far below what this machine sends unpaced, so a worker that did
	// not wait for its slots would send early and show.
	const rate = 2.0
	h := newHarness(t, 5)
	w := h.worker("w1", rate)
	w.Concurrency = 4 // more than the rate needs: pacing, not latency, must limit
	r := startWorker(w)
	h.waitBatch()
	r.stop()
	h.assertOnce(h.numbers)
	assertPaced(t, h.queue.bookedSlots(), h.tw.Messages(), time.Second/rate)
}

func TestTwoWorkersShareTheRateAndSendEachOnce(t *testing.T) {
	t.Parallel()
	const rate = 6.0
	h := newHarness(t, 12)
	a, b := h.worker("instance-a", rate), h.worker("instance-b", rate)
	a.Concurrency, b.Concurrency = 3, 3
	ra, rb := startWorker(a), startWorker(b)
	h.waitBatch()
	ra.stop()
	rb.stop()
	h.assertOnce(h.numbers)
	assertPaced(t, h.queue.bookedSlots(), h.tw.Messages(), time.Second/rate)
}

func TestCrashMidBatchThenRestartSendsEachOnce(t *testing.T) {
	t.Parallel()
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
	done := h.waitBatch()
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
	t.Parallel()
	h := newHarness(t, 3)
	// Twilio creates the first message but answers 502.
	h.tw.FailNext(twiliotest.Failure{Status: http.StatusBadGateway, Code: 20500, Created: true})
	r := startWorker(h.worker("w1", 100))
	b := h.waitBatch()
	r.stop()
	h.assertOnce(h.numbers)
	if b.Counts.Accepted != 3 {
		t.Errorf("accepted %d, want 3", b.Counts.Accepted)
	}
}

func TestThrottledMessageIsRetried(t *testing.T) {
	t.Parallel()
	h := newHarness(t, 2)
	h.tw.FailNext(twiliotest.Failure{Status: http.StatusTooManyRequests, Code: 20429}, twiliotest.Failure{Status: http.StatusServiceUnavailable, Code: 20503})
	r := startWorker(h.worker("w1", 100))
	b := h.waitBatch()
	r.stop()
	h.assertOnce(h.numbers)
	if b.Counts.Accepted != 2 {
		t.Errorf("accepted %d, want 2", b.Counts.Accepted)
	}
}

func TestNoMessageToAnOptedOutNumber(t *testing.T) {
	t.Parallel()
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
	b := h.waitBatch()
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
	t.Parallel()
	h := newHarness(t, 5)
	b, err := h.st.CancelBatch(context.Background(), h.batch)
	if err != nil {
		t.Fatal(err)
	}
	if b.Counts.Canceled != 5 || b.State() != "canceled" {
		t.Errorf("after cancel: %+v, %s", b.Counts, b.State())
	}
	r := startWorker(h.worker("w1", 100))
	// A worker that found nothing due has had its chance at every
	// canceled message, and a graceful stop lets any it took reach Twilio.
	<-h.queue.idle
	r.stop()
	h.assertOnce(nil)
}
