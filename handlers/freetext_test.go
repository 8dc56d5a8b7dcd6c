package handlers_test

import (
	"strings"
	"testing"
)

// dirtyComment is a free-text answer with what a person does not type: a
// NUL, an ANSI escape and a right-to-left override.
const dirtyComment = "More lights\x00, \u202eplease\x1b"

// TestFreeTextCleanedOnEveryChannel sends the same comment through the web
// form and by SMS, over HTTP, and checks both store it cleaned, alike.
// Each channel has a server of its own, so each finds only its response.
func TestFreeTextCleanedOnEveryChannel(t *testing.T) {
	t.Parallel()
	const want = "More lights, please"

	t.Run("web form", func(t *testing.T) {
		t.Parallel()
		web := newApp(t, withExample())
		key := formKey(t, web.run(scenario{name: "page", method: "GET", path: "/s/" + exampleSlug, status: 200}))
		web.run(scenario{name: "post", method: "POST", path: "/s/" + exampleSlug, headers: sameOrigin(), status: 200,
			body: complete(key, values("safe_night", "1", "comment", dirtyComment)), contains: []string{"<h1>Thank you</h1>"}})
		if got := storedResponse(t, web.Store, key).Answers["comment"]; got != want {
			t.Errorf("web form stored %q, want %q", got, want)
		}
	})

	t.Run("SMS", func(t *testing.T) {
		t.Parallel()
		a := newSMSApp(t)
		for _, s := range []struct{ text, reply string }{
			{"Safe", "2 Español"}, {"1", "Which neighborhood"}, {"01421", "during the day"}, {"4", "at night"},
			{"2", "What makes you feel unsafe"}, {"1 and 3", "What would help you feel safer at night?"},
			{dirtyComment, "household need most"}, {"2, 10", "How many people"}, {"4 people", "How old"},
			{"2", "race or ethnicity"}, {"skip", "What language"}, {"1", "rent or own"}, {"1", "Reply YES or NO."}, {"no", ""},
		} {
			if reply := a.text("+16175550142", s.text); !strings.Contains(reply, s.reply) {
				t.Fatalf("%q: reply lacks %q:\n%s", s.text, s.reply, reply)
			}
		}
		rs := a.responses()
		if len(rs) != 1 || rs[0].Answers["comment"] != want {
			t.Fatalf("SMS stored %d responses; comment %q, want %q", len(rs), rs[0].Answers["comment"], want)
		}
	})
}
