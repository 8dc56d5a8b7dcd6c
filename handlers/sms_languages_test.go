package handlers_test

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"canvass/conversation"
	"canvass/handlers"
	"canvass/locales"
	"canvass/sms"
	"canvass/store/storetest"
)

// smsAnswers answers each question of the example survey; a question not
// listed gets "1".
var smsAnswers = map[string]string{
	"neighborhood": "2", "safe_day": "4", "safe_night": "2", "unsafe_why": "1 3",
	"comment": "More lights", "needs": "2 10", "household": "4", "race": "skip",
}

// twimlMessages reads the texts of a TwiML reply.
func twimlMessages(t *testing.T, body string) []string {
	t.Helper()
	var r struct {
		Messages []string `xml:"Message"`
	}
	if err := xml.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("TwiML %q: %v", body, err)
	}
	return r.Messages
}

// TestSMSWholeConversationInEveryLanguage drives the example survey
// through the signed webhook in each language, from its alias keyword to
// the stored response, with the conversation pausing halfway (the clock
// moved past the session TTL) and going on; then a picture, a fullwidth
// STOP and HELP after it, each answered in the resident's language; and,
// on a second phone, answers deleted after the keep period and the
// resident told so with their keyword.
func TestSMSWholeConversationInEveryLanguage(t *testing.T) {
	t.Parallel()
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	tr := sms.NewTranslator(cat)
	for _, tc := range []struct{ lang, keyword string }{
		{"en", "SAFE"}, {"es", "SEGURO"}, {"so", "AMMAAN"}, {"vi", "ANTOAN"}, {"ar", "AMAN"}, {"ht", "SEKIRITE"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			t.Parallel()
			clock := storetest.NewClock(time.Now().UTC())
			a := newSMSApp(t, withChange(func(s *handlers.Server) {
				s.SMS.Now = clock.Now
				s.SMS.KeepAnswers = 7 * 24 * time.Hour
			}))
			a.Store.SetClock(clock.Now)
			const phone = "+15550001234"
			say := func(from, body string) []string {
				t.Helper()
				clock.Advance(time.Second)
				return twimlMessages(t, a.text(from, body))
			}
			first := say(phone, tc.keyword)
			if tc.lang == "en" {
				first = say(phone, "1") // the main keyword asks for the language first
			}
			if len(first) != 2 || !strings.Contains(first[0], tr.T(tc.lang, "sms.stop_hint", nil)) {
				t.Fatalf("intro: %q", first)
			}
			const days = 7 // the TTL of an hour and the keep period, in whole days
			for turn := 0; ; turn++ {
				s := a.session(phone)
				if s == nil || s.Stage == conversation.StageConsent || turn > 30 {
					break
				}
				if turn == 3 {
					clock.Advance(2 * time.Hour) // past the test TTL of an hour
					offer := say(phone, "3")
					want := tr.T(tc.lang, "sms.paused", map[string]any{"Answered": len(s.Answers), "Days": days})
					if len(offer) != 1 || offer[0] != want {
						t.Fatalf("after a pause: %q, want %q", offer, want)
					}
					say(phone, "1")
				}
				answer, ok := smsAnswers[s.Question]
				if !ok {
					answer = "1"
				}
				say(phone, answer)
			}
			if done := say(phone, "yes"); len(done) != 1 || !strings.Contains(done[0], tr.T(tc.lang, "sms.results_promised", nil)) {
				t.Fatalf("consent: %q", done)
			}
			got := a.responses()
			if len(got) != 1 || got[0].Language != tc.lang || got[0].Neighborhood != "riverside" || len(got[0].Answers) < 8 {
				t.Fatalf("responses: %+v", got)
			}
			clock.Advance(time.Second)
			media := inbound(a.nextSID(), phone, "")
			media.Set("NumMedia", "1")
			media.Set("MediaUrl0", "https://api.twilio.com/media/ME1")
			if _, body := a.post("/sms/twilio", media, twilioToken); !strings.Contains(body, xmlText(t, tr.T(tc.lang, "sms.text_only", nil))) {
				t.Fatalf("a picture: %s", body)
			}
			if stop := say(phone, "ＳＴＯＰ"); len(stop) != 1 || stop[0] != tr.T(tc.lang, "sms.opted_out", nil) {
				t.Fatalf("fullwidth STOP: %q", stop)
			}
			if help := say(phone, "HELP"); len(help) != 1 || !strings.HasPrefix(help[0], a.rec.Title.In(tc.lang, "en")+":") {
				t.Fatalf("HELP after STOP: %q", help)
			}
			if len(a.responses()) != 1 {
				t.Fatal("STOP changed the stored responses")
			}

			// A second resident leaves for longer than the keep period.
			const other = "+15550005678"
			say(other, tc.keyword)
			if tc.lang == "en" {
				say(other, "1")
			}
			say(other, "2")
			clock.Advance(time.Hour + 7*24*time.Hour)
			notice := say(other, "4")
			want := tr.T(tc.lang, "sms.lapsed", map[string]any{"Title": a.rec.Title.In(tc.lang, "en"), "Keyword": a.rec.KeywordIn(tc.lang), "Days": days})
			if len(notice) != 1 || notice[0] != want || !strings.Contains(notice[0], tc.keyword) {
				t.Fatalf("answers deleted: %q, want %q", notice, want)
			}
			if after := say(other, "4"); len(after) != 1 || !strings.Contains(after[0], tc.keyword) || after[0] == want {
				t.Fatalf("after the notice: %q", after)
			}
		})
	}
}

// xmlText is text as TwiML escapes it.
func xmlText(t *testing.T, s string) string {
	t.Helper()
	var b strings.Builder
	if err := xml.EscapeText(&b, []byte(s)); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
