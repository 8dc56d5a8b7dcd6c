package conversation_test

import (
	"strings"
	"testing"
	"time"

	"canvass/conversation"
	"canvass/locales"
	"canvass/sms"
	"canvass/surveys"
	"canvass/surveys/examples"
)

// exampleRecord is the example survey, parsed and validated as the
// importer does, open at version 1.
func exampleRecord(t testing.TB) *surveys.Record {
	t.Helper()
	files, err := examples.Surveys()
	if err != nil {
		t.Fatal(err)
	}
	s, problems, err := surveys.Parse(files["safety-spring-2026.yaml"])
	if err != nil || s == nil || len(problems.Errors()) > 0 {
		t.Fatalf("example: %v %v", problems, err)
	}
	if errs := surveys.Validate(s, surveys.ValidationEnv{}).Errors(); len(errs) > 0 {
		t.Fatalf("example: %v", errs)
	}
	return &surveys.Record{Survey: *s, Status: surveys.StatusOpen, Version: 1}
}

// record parses a small survey written for one test.
func record(t testing.TB, yaml string) *surveys.Record {
	t.Helper()
	s, problems, err := surveys.Parse([]byte(yaml))
	if err != nil || s == nil {
		t.Fatalf("parse: %v %v", problems, err)
	}
	problems = append(problems, surveys.Validate(s, surveys.ValidationEnv{})...)
	if errs := problems.Errors(); len(errs) > 0 {
		t.Fatalf("survey: %v", errs)
	}
	return &surveys.Record{Survey: *s, Status: surveys.StatusOpen, Version: 1}
}

func translator(t testing.TB) *sms.Translator {
	t.Helper()
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	return sms.NewTranslator(cat)
}

func newConversation(t testing.TB) *conversation.Conversation {
	tr := translator(t)
	return conversation.New(tr, tr.Languages(), conversation.Options{SessionTTL: time.Hour, ContactURL: "https://canvass.test", Count: sms.Count})
}

// resident is one phone texting the open surveys, in memory.
type resident struct {
	t   testing.TB
	sim *conversation.Simulator
	now time.Time
}

func newResident(t testing.TB, open ...*surveys.Record) *resident {
	r := &resident{t: t, now: time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)}
	r.sim = &conversation.Simulator{Conv: newConversation(t), Open: open, Respondent: "p-0123", Now: func() time.Time { return r.now }}
	return r
}

// text sends body and returns the replies joined by "\n---\n".
func (r *resident) text(body string) string {
	r.now = r.now.Add(time.Second)
	return strings.Join(r.sim.Send(body).Replies, "\n---\n")
}

func (r *resident) session() *conversation.Session {
	for _, s := range r.sim.Sessions {
		return s
	}
	return nil
}
