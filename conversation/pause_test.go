package conversation_test

import (
	"strings"
	"testing"
	"time"

	"canvass/conversation"
)

// pauseCases name each language's keyword and words the pause texts use.
var pauseCases = []struct {
	lang, keyword string
	// paused and lapsed are words of the offer and of the notice that the
	// answers were deleted, in the language.
	paused, lapsed string
}{
	{"en", "SAFE", "paused while you were away", "were deleted after"},
	{"es", "SEGURO", "quedo en pausa", "se borraron"},
	{"so", "AMMAAN", "waa hakad", "waa la tirtiray"},
	{"vi", "ANTOAN", "đã tạm dừng", "đã bị xóa"},
	{"ar", "AMAN", "توقف الاستبيان", "حُذفت"},
	{"ht", "SEKIRITE", "te pran yon poz", "Nou efase"},
}

// answerTwo starts the survey with the language's keyword and answers
// the neighborhood and the daytime question.
func answerTwo(t *testing.T, keyword string) *resident {
	t.Helper()
	r := newResident(t, exampleRecord(t))
	if strings.Contains(r.text(keyword), "1 English") {
		r.text("1") // the main keyword asks for the language
	}
	r.text("2")
	r.text("4")
	if s := r.session(); len(s.Answers) != 2 || s.Question != "safe_night" {
		t.Fatalf("setup: %+v", s)
	}
	return r
}

// A conversation left unanswered past the session TTL is not dropped: the
// resident's next text says it paused, how many answers are kept and for
// how long, in their language, and 1 goes on where they stopped with
// every answer kept.
func TestPausedConversationGoesOn(t *testing.T) {
	t.Parallel()
	for _, tc := range pauseCases {
		t.Run(tc.lang, func(t *testing.T) {
			t.Parallel()
			r := answerTwo(t, tc.keyword)
			r.now = r.now.Add(3 * time.Hour) // the test TTL is an hour
			// The "3" was meant for a question they no longer see: it is not
			// taken as an answer.
			offer := r.text("3")
			if !strings.Contains(offer, tc.paused) || !strings.Contains(offer, "2") || !strings.Contains(offer, "7") {
				t.Fatalf("offer: %q", offer)
			}
			if s := r.session(); !s.Resume || len(s.Answers) != 2 || s.Answers["safe_night"] != nil {
				t.Fatalf("the offer changed the answers: %+v", s)
			}
			// Something else gets the offer again, never an ending.
			if again := r.text("hmm"); again != offer {
				t.Fatalf("unclear reply: %q", again)
			}
			reply := r.text("1")
			night := r.session()
			if night.Resume || night.Question != "safe_night" || len(night.Answers) != 2 {
				t.Fatalf("going on: %+v", night)
			}
			if !strings.Contains(reply, "5") || strings.Contains(reply, tc.paused) {
				t.Fatalf("going on asks the waiting question: %q", reply)
			}
			r.text("2")
			if s := r.session(); len(s.Answers) != 3 {
				t.Fatalf("the next answer is kept with the others: %+v", s.Answers)
			}
		})
	}
}

// 2 starts over in the resident's language; the survey's keyword while
// paused gets the offer rather than wiping the answers; a paused
// conversation with no answers simply goes on.
func TestPausedConversationStartOver(t *testing.T) {
	t.Parallel()
	r := answerTwo(t, "SEGURO")
	r.now = r.now.Add(3 * time.Hour)
	if offer := r.text("SEGURO"); !strings.Contains(offer, "quedo en pausa") {
		t.Fatalf("the keyword while paused: %q", offer)
	}
	reply := r.text("2")
	s := r.session()
	if len(s.Answers) != 0 || s.Resume || s.Language != "es" || s.Question != "neighborhood" || !strings.Contains(reply, "vecindario") {
		t.Fatalf("start over: %+v\n%q", s, reply)
	}

	fresh := newResident(t, exampleRecord(t))
	fresh.text("SEGURO")
	fresh.now = fresh.now.Add(3 * time.Hour)
	if reply := fresh.text("2"); strings.Contains(reply, "pausa") || fresh.session().Answers["neighborhood"] == nil {
		t.Fatalf("no answers to keep, the reply is an answer: %q %+v", reply, fresh.session())
	}
}

// Past the keep period the answers are deleted; the resident's next text
// is told so once, in their language, with their keyword, and what canvass
// texts them after that still speaks their language.
func TestLapsedAnswersAreToldOnce(t *testing.T) {
	t.Parallel()
	for _, tc := range pauseCases {
		t.Run(tc.lang, func(t *testing.T) {
			t.Parallel()
			r := answerTwo(t, tc.keyword)
			r.now = r.now.Add(time.Hour + 7*24*time.Hour)
			notice := r.text("3")
			if !strings.Contains(notice, tc.lapsed) || !strings.Contains(notice, tc.keyword) {
				t.Fatalf("notice: %q", notice)
			}
			if s := r.session(); s.Stage != conversation.StageDone || len(s.Answers) != 0 || s.Lapsed || s.Language != tc.lang {
				t.Fatalf("lapsed record: %+v", s)
			}
			next := r.text("3")
			if strings.Contains(next, tc.lapsed) || !strings.Contains(next, tc.keyword) {
				t.Fatalf("after the notice: %q", next)
			}
			if len(r.sim.Responses) != 0 {
				t.Fatalf("stored %d responses", len(r.sim.Responses))
			}
		})
	}
}

// What canvass tells a resident to text names the keyword they texted:
// SAFE for one who texted SAFE and chose Spanish, SEGURO for one who
// texted SEGURO; a resident with no conversation gets their language's
// alias.
func TestKeywordNamedBackIsTheOneTexted(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		texts []string
		want  string
	}{
		{[]string{"SAFE", "2", "2"}, "Escriba SAFE"},
		{[]string{"seguro", "2"}, "Escriba SEGURO"},
	} {
		r := newResident(t, exampleRecord(t))
		for _, text := range tc.texts {
			r.text(text)
		}
		r.now = r.now.Add(8 * 24 * time.Hour)
		if notice := r.text("hola"); !strings.Contains(notice, tc.want) {
			t.Errorf("%q: notice %q, want %q", tc.texts, notice, tc.want)
		}
		if nudge := r.text("hola"); !strings.Contains(nudge, tc.want) {
			t.Errorf("%q: nudge %q, want %q", tc.texts, nudge, tc.want)
		}
	}
}
