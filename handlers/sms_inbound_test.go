package handlers

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"canvass/locales"
	"canvass/sms"
	"canvass/store/storetest"
	"canvass/surveys"
)

// newTestRuntime is the SMS runtime on a fresh database with one open
// survey, for the redelivery paths HTTP tests cannot time.
func newTestRuntime(t *testing.T) *smsRuntime {
	t.Helper()
	st := storetest.New(t)
	ctx := context.Background()
	def, problems, err := surveys.Check([]byte(`
slug: bus
default_language: en
languages: [en]
title: {en: Bus stops}
sms: {keyword: BUS}
neighborhoods: [{id: a, name: {en: A}}, {id: b, name: {en: B}}]
questions: [{id: where, type: neighborhood, text: {en: "Where?"}}]
`), surveys.ValidationEnv{})
	if err != nil || len(problems.Errors()) > 0 {
		t.Fatal(problems, err)
	}
	if _, err := st.CreateSurvey(ctx, def, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetSurveyStatus(ctx, "bus", surveys.StatusOpen); err != nil {
		t.Fatal(err)
	}
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Catalog: cat, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Options: Options{PublicURL: "http://canvass.test"},
		SMS: &SMSConfig{Store: st, AuthToken: "token", Pseudonyms: sms.NewPseudonymizer([]byte("k"))}}
	return newSMSRuntime(s)
}

func TestRedeliveryPaths(t *testing.T) {
	ctx := context.Background()
	in := func(sid string) *sms.Inbound {
		return &sms.Inbound{MessageSID: "SM" + strings.Repeat(sid, 32), From: "+15550001111", Body: "BUS"}
	}
	t.Run("first delivery still at work: nothing, after the wait", func(t *testing.T) {
		rt := newTestRuntime(t)
		rt.wait = 300 * time.Millisecond
		if ok, _ := rt.st.ClaimInbound(ctx, in("1").MessageSID); !ok {
			t.Fatal("claim")
		}
		reply, err := rt.handle(ctx, in("1"))
		if err != nil || reply != nil {
			t.Fatalf("got %q %v", reply, err)
		}
		// The redelivery did not apply the message itself.
		if _, err := rt.st.LiveSMSSession(ctx, []string{"bus|" + rt.cfg.Pseudonyms.Pseudonym("+15550001111")}); !surveys.IsNotFound(err) {
			t.Fatalf("a redelivery started a session: %v", err)
		}
	})
	t.Run("holder died: a stale claim is taken over", func(t *testing.T) {
		rt := newTestRuntime(t)
		if ok, _ := rt.st.ClaimInbound(ctx, in("2").MessageSID); !ok {
			t.Fatal("claim")
		}
		rt.now = func() time.Time { return time.Now().Add(staleClaim + time.Second) }
		reply, err := rt.handle(ctx, in("2"))
		if err != nil || len(reply) != 2 || !strings.Contains(reply[1], "Where?") {
			t.Fatalf("got %q %v", reply, err)
		}
		if again, _ := rt.handle(ctx, in("2")); strings.Join(again, "|") != strings.Join(reply, "|") {
			t.Fatalf("the redelivery after the take-over got %q", again)
		}
	})
	t.Run("a failed delivery released its claim: the retry handles it", func(t *testing.T) {
		rt := newTestRuntime(t)
		if ok, _ := rt.st.ClaimInbound(ctx, in("3").MessageSID); !ok {
			t.Fatal("claim")
		}
		if err := rt.st.ReleaseInbound(ctx, in("3").MessageSID); err != nil {
			t.Fatal(err)
		}
		reply, err := rt.handle(ctx, in("3"))
		if err != nil || len(reply) != 2 {
			t.Fatalf("got %q %v", reply, err)
		}
	})
	t.Run("a reply arriving while waiting is returned", func(t *testing.T) {
		rt := newTestRuntime(t)
		sid := in("4").MessageSID
		if ok, _ := rt.st.ClaimInbound(ctx, sid); !ok {
			t.Fatal("claim")
		}
		go func() {
			time.Sleep(200 * time.Millisecond)
			_ = rt.st.SaveInboundReply(ctx, sid, []string{"late reply"})
		}()
		reply, err := rt.handle(ctx, in("4"))
		if err != nil || len(reply) != 1 || reply[0] != "late reply" {
			t.Fatalf("got %q %v", reply, err)
		}
	})
}
