package store_test

import (
	"context"
	"testing"
	"time"

	"canvass/invite"
	"canvass/sms"
	"canvass/store/storetest"
)

// A batch shows why its messages wait: the first failure to reach Twilio
// and the latest reason, until Twilio answers about one of them; and the
// pause of its sender while Twilio refuses the account.
func TestBatchShowsWaitingAndPause(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clock := storetest.NewClock(t0)
	st.SetClock(clock.Now)
	const sender = "+15005550006"
	if _, _, err := st.CreateBatch(ctx, &invite.Batch{ID: "b1", Kind: invite.KindInvitation, Survey: "s", Sender: sender}); err != nil {
		t.Fatal(err)
	}
	// One message: every claim below takes it, whatever order the
	// database gives messages due at the same time.
	msgs := []*invite.Message{{ID: "b1|r1", Batch: "b1", Recipient: "r1", Body: "hi", Segments: 1}}
	if _, err := st.EnqueueMessages(ctx, msgs); err != nil {
		t.Fatal(err)
	}
	if err := st.BatchEnqueued(ctx, "b1", 1, nil); err != nil {
		t.Fatal(err)
	}
	release := func(reason string, uncounted bool) *invite.Message {
		t.Helper()
		m, ok, err := st.ClaimNext(ctx, "w", time.Minute)
		if err != nil || !ok {
			t.Fatalf("claim: %v %v", ok, err)
		}
		if err := st.Release(ctx, m, "w", invite.Retry{NotBefore: clock.Now(), Reason: reason, NotSent: true, Uncounted: uncounted}); err != nil {
			t.Fatal(err)
		}
		return m
	}
	release("Twilio cannot be reached (no connection)", false)
	clock.Advance(time.Minute)
	release("no answer from Twilio in time", false)
	b, _ := st.Batch(ctx, "b1")
	if b.State() != invite.StateWaiting || !b.Waiting.Since.Equal(t0) || b.Waiting.Reason != "no answer from Twilio in time" {
		t.Errorf("state %s, waiting %+v; want since the first failure, with the latest reason", b.State(), b.Waiting)
	}

	pause := invite.Pause{Since: clock.Now(), Code: 20003, Problem: sms.AccountCredentials}
	if err := st.PauseSender(ctx, sender, pause); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	if err := st.PauseSender(ctx, sender, invite.Pause{Since: clock.Now(), Code: 20003, Problem: sms.AccountCredentials}); err != nil {
		t.Fatal(err)
	}
	b, _ = st.Batch(ctx, "b1")
	list, _ := st.Batches(ctx, "s", "")
	if b.State() != invite.StatePaused || *b.Paused != pause || len(list) != 1 || list[0].State() != invite.StatePaused {
		t.Errorf("state %s, paused %+v (list %+v); want the first pause", b.State(), b.Paused, list)
	}
	// A refused account does not bring a message nearer to giving up.
	m := release("Twilio refuses the account, error 20003", true)
	if again, _, _ := st.ClaimNext(ctx, "w", time.Minute); again.Attempts != m.Attempts {
		t.Errorf("attempts %d after an uncounted try, want %d", again.Attempts, m.Attempts)
	} else if err := st.Finish(ctx, again, invite.Result{Outcome: invite.OutcomeAccepted, SID: "SM1"}); err != nil {
		t.Fatal(err)
	}
	if err := st.ResumeSender(ctx, sender); err != nil {
		t.Fatal(err)
	}
	b, _ = st.Batch(ctx, "b1")
	if b.State() != invite.StateDone || b.Paused != nil || b.Waiting != nil {
		t.Errorf("after an accepted message and the pause's end: state %s, paused %+v, waiting %+v", b.State(), b.Paused, b.Waiting)
	}
}

// Cancel makes a message waiting for a retry due now, marked to stop, when
// it may already be at Twilio: a worker looks for it there at once rather
// than at its retry time.
func TestCancelMakesAWaitingMessageDue(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	enqueue(t, st, "b1", "r1", "r2")
	m, _, _ := st.ClaimNext(ctx, "w", time.Minute)
	if _, ok, err := st.MarkSending(ctx, m, "w", time.Minute); !ok || err != nil {
		t.Fatalf("mark: %v %v", ok, err)
	}
	// No answer from Twilio: the message waits an hour, maybe sent.
	if err := st.Release(ctx, m, "w", invite.Retry{NotBefore: time.Now().Add(time.Hour), Reason: "no answer from Twilio in time"}); err != nil {
		t.Fatal(err)
	}
	b, err := st.CancelBatch(ctx, "b1")
	if err != nil || b.Counts.Canceled != 1 || b.State() != invite.StateCanceling {
		t.Fatalf("cancel: %+v %s %v; want the other message canceled, this one left to a worker", b.Counts, b.State(), err)
	}
	due, ok, err := st.ClaimNext(ctx, "w", time.Minute)
	if err != nil || !ok || due.ID != m.ID || due.Stop != invite.OutcomeCanceled || !due.MaybeSent {
		t.Fatalf("claim after cancel: %+v %v %v; want the maybe-sent message, due and marked to stop", due, ok, err)
	}
}
