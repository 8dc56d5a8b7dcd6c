package store_test

import (
	"context"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"canvass/conversation"
	"canvass/sms"
	"canvass/store/storetest"
	"canvass/surveys"
)

func newSession(id string, now time.Time) *conversation.Session {
	return &conversation.Session{ID: id, Survey: "s", Version: 1, Respondent: "p1", Language: "en", Stage: conversation.StageQuestion,
		Question: "q1", Answers: map[string][]string{"q0": {"a", "b"}}, StartedAt: now, UpdatedAt: now, ExpiresAt: now.Add(time.Hour)}
}

func TestSMSSessionLifecycle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	now := time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)
	st.SetClock(func() time.Time { return now })
	if _, err := st.LiveSMSSession(ctx, []string{"s|p1"}); !surveys.IsNotFound(err) {
		t.Fatalf("no session: %v", err)
	}
	sess := newSession("s|p1", now)
	if err := st.CreateSMSSession(ctx, sess); err != nil || sess.Rev != 1 {
		t.Fatalf("create: %v rev %d", err, sess.Rev)
	}
	if err := st.CreateSMSSession(ctx, newSession("s|p1", now)); surveys.ErrorCode(err) != surveys.ErrConflict {
		t.Fatalf("creating a live session twice: %v", err)
	}
	got, err := st.LiveSMSSession(ctx, []string{"s|p1"})
	if err != nil || !reflect.DeepEqual(got.Answers, sess.Answers) || got.Rev != 1 {
		t.Fatalf("read: %+v %v", got, err)
	}
	// Compare-and-set: the second writer at the same revision loses.
	a, b := *got, *got
	a.Question, b.Question = "q2", "q3"
	if err := st.UpdateSMSSession(ctx, &a); err != nil || a.Rev != 2 {
		t.Fatalf("update: %v rev %d", err, a.Rev)
	}
	if err := st.UpdateSMSSession(ctx, &b); surveys.ErrorCode(err) != surveys.ErrConflict {
		t.Fatalf("stale update: %v", err)
	}
	if err := st.DeleteSMSSession(ctx, "s|p1", 1); surveys.ErrorCode(err) != surveys.ErrConflict {
		t.Fatalf("stale delete: %v", err)
	}
	// Of several sessions, the most recent live one is found.
	other := newSession("t|p1", now.Add(time.Minute))
	other.Survey, other.UpdatedAt = "t", now.Add(time.Minute)
	if err := st.CreateSMSSession(ctx, other); err != nil {
		t.Fatal(err)
	}
	if got, err := st.LiveSMSSession(ctx, []string{"s|p1", "t|p1", "u|p1"}); err != nil || got.ID != "t|p1" {
		t.Fatalf("newest: %+v %v", got, err)
	}
	// One that never chose a language holds nothing worth keeping.
	menu := newSession("u|p1", now)
	menu.Survey, menu.Language, menu.Answers = "u", "", nil
	if err := st.CreateSMSSession(ctx, menu); err != nil {
		t.Fatal(err)
	}
	// Expired lapses on read (an ended record with the language and no
	// answers, never live), is replaced on create, and the sweep writes
	// what it lapses to, or deletes it.
	now = now.Add(2 * time.Hour)
	if _, err := st.LiveSMSSession(ctx, []string{"s|p1", "t|p1", "u|p1"}); !surveys.IsNotFound(err) {
		t.Fatalf("expired session found: %v", err)
	}
	fresh := newSession("s|p1", now)
	if err := st.CreateSMSSession(ctx, fresh); err != nil {
		t.Fatalf("create over an expired one: %v", err)
	}
	if n, err := st.SweepSMSSessions(ctx); err != nil || n != 2 {
		t.Fatalf("sweep: %d %v", n, err)
	}
	if n, err := st.SweepSMSSessions(ctx); err != nil || n != 0 {
		t.Fatalf("second sweep: %d %v", n, err)
	}
	kept, err := st.SMSSessions(ctx, []string{"t|p1", "u|p1"})
	if err != nil || len(kept) != 1 || kept[0].ID != "t|p1" || kept[0].Stage != conversation.StageDone ||
		len(kept[0].Answers) != 0 || !kept[0].Lapsed || kept[0].Language != "en" {
		t.Fatalf("swept: %+v %v", kept, err)
	}
	if err := st.DeleteSMSSession(ctx, "s|p1", fresh.Rev); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := st.LiveSMSSession(ctx, []string{"s|p1"}); !surveys.IsNotFound(err) {
		t.Fatalf("deleted session found: %v", err)
	}
	_ = st.CreateSMSSession(ctx, newSession("s|p1", now))
	if err := st.DeleteSMSSessionsOf(ctx, "p1"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.LiveSMSSession(ctx, []string{"s|p1"}); !surveys.IsNotFound(err) {
		t.Fatalf("session of an opted-out resident: %v", err)
	}
}

// TestSMSSessionConcurrentUpdates has many writers race on one session at
// the same revision: exactly one may win each round.
func TestSMSSessionConcurrentUpdates(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	now := time.Now().UTC().Truncate(time.Millisecond)
	if err := st.CreateSMSSession(ctx, newSession("s|p1", now)); err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 5; round++ {
		cur, err := st.LiveSMSSession(ctx, []string{"s|p1"})
		if err != nil {
			t.Fatal(err)
		}
		var wins atomic.Int32
		var wg sync.WaitGroup
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				mine := *cur
				mine.Tries = i
				if err := st.UpdateSMSSession(ctx, &mine); err == nil {
					wins.Add(1)
				} else if surveys.ErrorCode(err) != surveys.ErrConflict {
					t.Error(err)
				}
			}(i)
		}
		wg.Wait()
		if wins.Load() != 1 {
			t.Fatalf("round %d: %d writers won", round, wins.Load())
		}
	}
}

func TestOptOuts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	for _, step := range []struct {
		set, want bool
	}{{true, true}, {true, true}, {false, false}, {true, true}} {
		if err := st.SetOptOut(ctx, "p1", step.set); err != nil {
			t.Fatal(err)
		}
		if out, err := st.IsOptedOut(ctx, "p1"); err != nil || out != step.want {
			t.Fatalf("after SetOptOut(%v): %v %v", step.set, out, err)
		}
	}
	if out, err := st.IsOptedOut(ctx, "never-seen"); err != nil || out {
		t.Fatalf("unknown resident: %v %v", out, err)
	}
}

func TestInboundReplies(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	now := time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)
	st.SetClock(func() time.Time { return now })
	const sid = "SM00000000000000000000000000000001"
	if _, _, found, _ := st.InboundReply(ctx, sid); found {
		t.Fatal("a reply before one was saved")
	}
	if err := st.SaveInboundReply(ctx, sid, "p1", []string{"one", "two"}); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveInboundReply(ctx, sid, "p2", []string{"other"}); err != nil {
		t.Fatal(err)
	}
	if reply, who, found, err := st.InboundReply(ctx, sid); err != nil || !found || who != "p1" || !reflect.DeepEqual(reply, []string{"one", "two"}) {
		t.Fatalf("reply: %v %v %v", reply, found, err)
	}
	if n, err := st.SweepInbound(ctx, now.Add(time.Second)); err != nil || n != 1 {
		t.Fatalf("sweep: %d %v", n, err)
	}
}
func TestDeliveriesNeverRegress(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	const sid = "SM00000000000000000000000000000002"
	for _, step := range []struct {
		status, code string
		applied      bool
		want         string
	}{
		{"queued", "", true, "queued"},
		{"delivered", "", true, "delivered"},
		{"sent", "", false, "delivered"},
		{"queued", "", false, "delivered"},
		{"failed", "30003", false, "delivered"},
		{"read", "", true, "read"},
	} {
		applied, err := st.RecordDelivery(ctx, sms.Delivery{SID: sid, Status: step.status, ErrorCode: step.code, Ref: "outbox-1"})
		if err != nil || applied != step.applied {
			t.Fatalf("%s: applied %v %v", step.status, applied, err)
		}
		d, err := st.Delivery(ctx, sid)
		if err != nil || d.Status != step.want || d.Ref != "outbox-1" || d.ErrorCode != "" {
			t.Fatalf("after %s: %+v %v", step.status, d, err)
		}
	}
	// Out of order from the start: a late "sent" after "undelivered".
	const other = "SM00000000000000000000000000000003"
	if _, err := st.RecordDelivery(ctx, sms.Delivery{SID: other, Status: "undelivered", ErrorCode: "30005"}); err != nil {
		t.Fatal(err)
	}
	if applied, _ := st.RecordDelivery(ctx, sms.Delivery{SID: other, Status: "sent"}); applied {
		t.Fatal("sent overwrote undelivered")
	}
	if d, _ := st.Delivery(ctx, other); d.Status != "undelivered" || d.ErrorCode != "30005" {
		t.Fatalf("undelivered: %+v", d)
	}
}

// The resident's language is kept with the opt-out record across STOP and
// START; a write that does not know it keeps the one recorded.
func TestOptOutKeepsTheLanguage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	if err := st.RecordOptOut(ctx, "p1", true, "SM1", "es"); err != nil {
		t.Fatal(err)
	}
	if err := st.RecordOptOut(ctx, "p1", false, "SM2", ""); err != nil {
		t.Fatal(err)
	}
	out, sid, lang, err := st.OptOutState(ctx, "p1")
	if err != nil || out || sid != "SM2" || lang != "es" {
		t.Fatalf("after START: out %v, sid %q, language %q, %v", out, sid, lang, err)
	}
}
