package conversation_test

import (
	"strings"
	"testing"
)

// finishExample answers the example survey to the end in Spanish (menu
// choice 2) and declines results by text.
func finishExample(r *resident) {
	for _, text := range []string{"SAFE", "2", "2", "5", "5", "saltar", "saltar", "saltar", "saltar", "saltar", "saltar", "saltar", "no"} {
		r.text(text)
	}
}

func TestOneResponsePerResident(t *testing.T) {
	t.Parallel()
	r := newResident(t, exampleRecord(t))
	finishExample(r)
	if len(r.sim.Responses) != 1 {
		t.Fatalf("%d responses after finishing, want 1", len(r.sim.Responses))
	}
	// The keyword again: told, in Spanish, that the answers are in and
	// which word lets someone else answer; nothing starts.
	reply := r.text("SAFE")
	if !strings.Contains(reply, "ya están guardadas") || !strings.Contains(reply, "NUEVO") {
		t.Fatalf("keyword after finishing: %q", reply)
	}
	if reply := r.text("1"); strings.Contains(reply, "?") && len(r.sim.Responses) != 1 {
		t.Fatalf("an answer after the end started something: %q", reply)
	}
	if n := liveSessions(r.sim); n != 0 {
		t.Fatalf("%d live sessions after the keyword, want none", n)
	}
	// Someone else on the phone: NEW starts a fresh conversation in the
	// language last used, and their response is a second one.
	if reply := r.text("nuevo"); !strings.Contains(reply, "?") {
		t.Fatalf("NEW: %q", reply)
	}
	for _, text := range []string{"2", "5", "5", "saltar", "saltar", "saltar", "saltar", "saltar", "saltar", "saltar", "no"} {
		r.text(text)
	}
	if len(r.sim.Responses) != 2 || r.sim.Responses[0].ID == r.sim.Responses[1].ID {
		t.Fatalf("second person: %d responses", len(r.sim.Responses))
	}
}

func TestRepeatsWhenTheSurveyAllowsThem(t *testing.T) {
	t.Parallel()
	rec := exampleRecord(t)
	rec.AllowRepeats = true
	r := newResident(t, rec)
	finishExample(r)
	if reply := r.text("SAFE"); strings.Contains(reply, "ya están guardadas") {
		t.Fatalf("a survey allowing repeats refused: %q", reply)
	}
	for _, text := range []string{"2", "2", "5", "5", "saltar", "saltar", "saltar", "saltar", "saltar", "saltar", "saltar", "no"} {
		r.text(text)
	}
	if len(r.sim.Responses) != 2 {
		t.Fatalf("%d responses, want 2", len(r.sim.Responses))
	}
}

func TestRedeliveredLastMessageGetsItsReply(t *testing.T) {
	t.Parallel()
	r := newResident(t, exampleRecord(t))
	finishExample(r)
	last := r.sim.Sessions[r.session().ID].LastReply
	out := r.sim.Resend("no")
	if out.Event != "duplicate" || strings.Join(out.Replies, "|") != strings.Join(last, "|") || len(r.sim.Responses) != 1 {
		t.Fatalf("redelivery of the last message: %s %q, %d responses", out.Event, out.Replies, len(r.sim.Responses))
	}
}
