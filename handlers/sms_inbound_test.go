package handlers

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

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
	t.Parallel()
	ctx := context.Background()
	const phone = "+15550001111"
	in := func(sid, body string) *sms.Inbound {
		return &sms.Inbound{MessageSID: "SM" + strings.Repeat(sid, 32), From: phone, Body: body}
	}
	// applied runs a message as a process that stops right after applying
	// it would: its effects are written, its reply is not stored.
	applied := func(t *testing.T, rt *smsRuntime, m *sms.Inbound) []string {
		t.Helper()
		reply, err := rt.process(ctx, m, rt.cfg.Pseudonyms.Pseudonym(phone))
		if err != nil {
			t.Fatal(err)
		}
		return reply
	}
	responses := func(t *testing.T, rt *smsRuntime) int64 {
		t.Helper()
		n, err := rt.st.(interface {
			ResponseCount(context.Context, string) (int64, error)
		}).ResponseCount(ctx, "bus")
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	t.Run("never processed: the redelivery is", func(t *testing.T) {
		t.Parallel()
		rt := newTestRuntime(t)
		reply, err := rt.handle(ctx, in("1", "BUS"))
		if err != nil || len(reply) != 2 || !strings.Contains(reply[1], "Where?") {
			t.Fatalf("got %q %v", reply, err)
		}
	})
	t.Run("applied, reply not stored: the same reply, applied once", func(t *testing.T) {
		t.Parallel()
		rt := newTestRuntime(t)
		if _, err := rt.handle(ctx, in("2", "BUS")); err != nil {
			t.Fatal(err)
		}
		first := applied(t, rt, in("3", "A")) // the last answer: the response is stored
		if len(first) != 1 || responses(t, rt) != 1 {
			t.Fatalf("finishing: %q, %d responses", first, responses(t, rt))
		}
		again, err := rt.handle(ctx, in("3", "A"))
		if err != nil || strings.Join(again, "|") != strings.Join(first, "|") {
			t.Fatalf("redelivery got %q (%v), want %q", again, err, first)
		}
		if n := responses(t, rt); n != 1 {
			t.Fatalf("%d responses after the redelivery, want 1", n)
		}
	})
	t.Run("a STOP applied, reply not stored: the confirmation again", func(t *testing.T) {
		t.Parallel()
		rt := newTestRuntime(t)
		first := applied(t, rt, in("4", "STOP"))
		again, err := rt.handle(ctx, in("4", "STOP"))
		if err != nil || len(first) != 1 || strings.Join(again, "|") != strings.Join(first, "|") {
			t.Fatalf("redelivery got %q (%v), want %q", again, err, first)
		}
		// A second STOP, a new message, gets no second confirmation.
		if other, err := rt.handle(ctx, in("5", "STOP")); err != nil || len(other) != 0 {
			t.Fatalf("a repeated STOP got %q %v", other, err)
		}
	})
	t.Run("deliveries at once: one applies, all get its reply", func(t *testing.T) {
		t.Parallel()
		rt := newTestRuntime(t)
		if _, err := rt.handle(ctx, in("6", "BUS")); err != nil {
			t.Fatal(err)
		}
		replies := make(chan string, 4)
		for range 4 {
			go func() {
				r, err := rt.handle(ctx, in("7", "B"))
				if err != nil {
					t.Error(err)
				}
				replies <- strings.Join(r, "|")
			}()
		}
		first := <-replies
		for range 3 {
			if r := <-replies; r != first || r == "" {
				t.Fatalf("replies differ: %q and %q", first, r)
			}
		}
		if n := responses(t, rt); n != 1 {
			t.Fatalf("%d responses, want 1", n)
		}
	})
}
