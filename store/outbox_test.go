package store_test

import (
	"context"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"canvass/invite"
	"canvass/sms"
	"canvass/store"
	"canvass/store/storetest"
)

func enqueue(t *testing.T, st *store.Store, batch string, recipients ...string) {
	t.Helper()
	ctx := context.Background()
	if _, _, err := st.CreateBatch(ctx, &invite.Batch{ID: batch, Kind: invite.KindInvitation, Survey: "s"}); err != nil {
		t.Fatal(err)
	}
	var msgs []*invite.Message
	for _, r := range recipients {
		msgs = append(msgs, &invite.Message{ID: invite.MessageID(batch, r), Batch: batch, Recipient: r, Body: "hi", Segments: 2})
	}
	if n, err := st.EnqueueMessages(ctx, msgs); err != nil || n != len(recipients) {
		t.Fatalf("enqueue: %d, %v", n, err)
	}
	// Enqueueing again adds nothing: the message IDs are taken.
	if n, err := st.EnqueueMessages(ctx, msgs); err != nil || n != 0 {
		t.Fatalf("enqueue again: %d, %v", n, err)
	}
	if err := st.BatchEnqueued(ctx, batch, len(recipients), map[string]int{"opted_out": 1}); err != nil {
		t.Fatal(err)
	}
}

func TestClaimLeaseAndReclaim(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	clock := storetest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	st.SetClock(clock.Now)
	enqueue(t, st, "b1", "r1")
	m, ok, err := st.ClaimNext(ctx, "w1", time.Minute)
	if err != nil || !ok {
		t.Fatalf("claim: %v, %v", ok, err)
	}
	if _, ok, _ := st.ClaimNext(ctx, "w2", time.Minute); ok {
		t.Fatal("a claimed message was claimed again before its lease ran out")
	}
	if _, ok, err := st.MarkSending(ctx, m, "w1", time.Minute); !ok || err != nil {
		t.Fatalf("mark sending: %v, %v", ok, err)
	}
	// w1 dies: its lease runs out with nobody renewing it.
	clock.Advance(time.Minute - time.Millisecond)
	if _, ok, _ := st.ClaimNext(ctx, "w2", time.Minute); ok {
		t.Fatal("a message was claimed again before its sending lease ran out")
	}
	clock.Advance(time.Millisecond)
	m2, ok, err := st.ClaimNext(ctx, "w2", time.Minute)
	if err != nil || !ok || !m2.MaybeSent || m2.FirstSendAt.IsZero() || m2.Attempts != 2 {
		t.Fatalf("reclaim: %+v, %v, %v; want the possibly-sent mark kept", m2, ok, err)
	}
	// The dead worker's late write must not go through.
	if _, ok, _ := st.MarkSending(ctx, m, "w1", time.Minute); ok {
		t.Error("a worker whose lease expired marked the message")
	}
	if err := st.Finish(ctx, m2, invite.Result{Outcome: invite.OutcomeAccepted, SID: "SM1"}); err != nil {
		t.Fatal(err)
	}
	// Finishing twice (a callback racing the sender) counts once.
	if err := st.Finish(ctx, m2, invite.Result{Outcome: invite.OutcomeAccepted, SID: "SM1"}); err != nil {
		t.Fatal(err)
	}
	b, _ := st.Batch(ctx, "b1")
	if b.Counts.Accepted != 1 || b.Counts.Segments != 2 || b.Excluded["opted_out"] != 1 || b.State() != "done" {
		t.Errorf("batch %+v state %s", b, b.State())
	}
	if _, ok, _ := st.ClaimNext(ctx, "w3", time.Minute); ok {
		t.Error("a finished message is still claimable")
	}
}

func TestStatusCallbacksUpdateTheBatch(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	enqueue(t, st, "b1", "r1", "r2", "r3")
	finish := func(rec, sid string) {
		m, _, _ := st.ClaimNext(ctx, "w", time.Minute)
		for m.Recipient != rec { // ClaimNext picks at random; put others back
			_ = st.Release(ctx, m, "w", invite.Retry{NotBefore: time.Now(), NotSent: true})
			m, _, _ = st.ClaimNext(ctx, "w", time.Minute)
		}
		if _, ok, err := st.MarkSending(ctx, m, "w", time.Minute); !ok || err != nil {
			t.Fatalf("mark: %v %v", ok, err)
		}
		if sid != "" {
			if err := st.Finish(ctx, m, invite.Result{Outcome: invite.OutcomeAccepted, SID: sid}); err != nil {
				t.Fatal(err)
			}
		}
	}
	finish("r1", "SM1")
	finish("r2", "SM2")
	finish("r3", "") // Twilio took it; the sender died before recording the SID
	cb := func(ref, sid, status, code string) {
		t.Helper()
		if _, err := st.RecordDelivery(ctx, sms.Delivery{SID: sid, Status: status, ErrorCode: code, Ref: ref}); err != nil {
			t.Fatal(err)
		}
	}
	cb("b1|r1", "SM1", "sent", "")
	cb("b1|r1", "SM1", "delivered", "")
	cb("b1|r1", "SM1", "sent", "") // late: must not move it back
	cb("b1|r2", "SM2", "undelivered", "30003")
	cb("b1|r2", "SM2", "undelivered", "30003") // repeated
	cb("b1|r3", "SM3", "sent", "")             // records the SID the sender lost
	cb("nope|x", "SM9", "delivered", "")       // not ours
	b, err := st.Batch(ctx, "b1")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"delivered": 1, "undelivered": 1, "sent": 1}
	for k, v := range want {
		if b.Counts.Delivery[k] != v {
			t.Errorf("delivery[%s] = %d, want %d (all: %v)", k, b.Counts.Delivery[k], v, b.Counts.Delivery)
		}
	}
	if b.Counts.Delivery["accepted"] != 0 || b.Counts.Accepted != 3 || b.Pending() != 0 {
		t.Errorf("counts %+v, pending %d", b.Counts, b.Pending())
	}
	r3, err := st.SentMessage(ctx, "b1|r3")
	if err != nil || r3.SID != "SM3" {
		t.Errorf("r3 recorded as %+v, %v; want SID SM3 from the callback", r3, err)
	}
	recount, err := st.RecountBatch(ctx, "b1")
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range b.Counts.Delivery {
		if v != 0 && recount.Delivery[k] != v {
			t.Errorf("recount delivery[%s] = %d, counters say %d", k, recount.Delivery[k], v)
		}
	}
	if recount.Accepted != b.Counts.Accepted || recount.Segments != b.Counts.Segments {
		t.Errorf("recount %+v differs from counters %+v", recount, b.Counts)
	}
}

func TestPaceSlotsAreSpaced(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clock := storetest.NewClock(start)
	st.SetClock(clock.Now)
	const interval = 50 * time.Millisecond
	reserve := func(sender string) time.Time {
		t.Helper()
		at, err := st.ReserveSendSlot(ctx, sender, interval)
		if err != nil {
			t.Fatal(err)
		}
		return at
	}
	// Booked faster than they come due, slots queue up interval apart.
	for i := range 5 {
		if at, want := reserve("+15005550006"), start.Add(time.Duration(i)*interval); !at.Equal(want) {
			t.Errorf("slot %d at %v, want %v", i, at, want)
		}
	}
	// Another sender has its own schedule: its first slot is now.
	if at := reserve("+15005550007"); !at.Equal(start) {
		t.Errorf("another sender's first slot at %v, want %v", at, start)
	}
	// A sender idle past its schedule starts again from now, not from a
	// backlog of unused slots.
	clock.Advance(time.Hour)
	if at, want := reserve("+15005550006"), start.Add(time.Hour); !at.Equal(want) {
		t.Errorf("after an idle hour the slot is at %v, want %v", at, want)
	}
}

// An instance that dies between recording a message's outcome and moving
// its batch's counters leaves the batch short; reading the batch once
// nothing of it is left in the outbox recounts it.
func TestStuckBatchIsRecounted(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	name := storetest.DatabaseName()
	st, err := store.Open(ctx, store.Options{URI: storetest.URI(t), Database: name})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Drop(ctx); _ = st.Close(ctx) })
	enqueue(t, st, "b1", "r1", "r2")
	for range 2 {
		m, ok, err := st.ClaimNext(ctx, "w", time.Minute)
		if err != nil || !ok {
			t.Fatal(ok, err)
		}
		if err := st.Finish(ctx, m, invite.Result{Outcome: invite.OutcomeAccepted, SID: "SM-" + m.Recipient}); err != nil {
			t.Fatal(err)
		}
	}
	// Undo one counter move, as the dead instance never made it.
	raw, err := mongo.Connect(options.Client().ApplyURI(st.URI()))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Disconnect(ctx)
	if _, err := raw.Database(name).Collection("sms_batches").UpdateOne(ctx, bson.D{{Key: "_id", Value: "b1"}},
		bson.D{{Key: "$inc", Value: bson.D{{Key: "counts.accepted", Value: -1}, {Key: "counts.segments", Value: -2}, {Key: "counts.delivery.accepted", Value: -1}}}}); err != nil {
		t.Fatal(err)
	}
	b, err := st.Batch(ctx, "b1")
	if err != nil {
		t.Fatal(err)
	}
	if b.Counts.Accepted != 2 || b.Counts.Segments != 4 || b.Counts.Delivery["accepted"] != 2 || b.State() != "done" {
		t.Errorf("after the recount: %+v, %s", b.Counts, b.State())
	}
}
