package handlers_test

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"

	"canvass/invite"
	"canvass/sms/twiliotest"
	"canvass/surveys"
)

// TestSMSFullConversation answers the whole example survey by SMS over
// HTTP and checks the stored response is exactly what the web form stores
// for the same choices: same answer types, same shape.
func TestSMSFullConversation(t *testing.T) {
	t.Parallel()
	a := newSMSApp(t)
	steps := []struct{ text, reply string }{
		{"Safe", "2 Español"},
		{"1", "Which neighborhood"},
		{"01421", "during the day"},
		{"٤", "at night"},
		{"2", "What makes you feel unsafe"},
		{"1 and 3", "What would help you feel safer at night?"},
		{"More lights, please", "household need most"},
		{"2, 10", "How many people"},
		{"4 people", "How old"},
		{"2", "race or ethnicity"},
		{"skip", "What language"},
		{"1", "rent or own"},
		{"1", "Reply YES or NO."},
		{"yes", "We will text you the results."},
	}
	for _, s := range steps {
		if reply := a.text(phone, s.text); !strings.Contains(reply, s.reply) {
			t.Fatalf("%q: reply lacks %q:\n%s", s.text, s.reply, reply)
		}
	}
	got := a.responses()
	if len(got) != 1 {
		t.Fatalf("%d responses", len(got))
	}
	r := got[0]
	// What the web form would store: its fields hold option IDs and digits.
	def, _ := a.Server.Surveys.Survey(context.Background(), "safety-spring-2026")
	web := map[string][]string{
		"neighborhood": {"riverside"}, "safe_day": {"4"}, "safe_night": {"2"}, "unsafe_why": {"lighting", "drugs"},
		"comment": {"More lights, please"}, "needs": {"jobs", "seniors"}, "household": {"4"}, "age": {"age_25_34"},
		"home_language": {"english"}, "tenure": {"rent"},
	}
	want := map[string]any{}
	for id, vals := range web {
		q, _ := def.Question(id)
		v, p := surveys.ParseAnswer(&def.Survey, q, vals)
		if p != nil {
			t.Fatalf("web %s: %+v", id, p)
		}
		want[id] = v
	}
	if problems := def.Complete(want); len(problems) > 0 {
		t.Fatalf("web answers incomplete: %v", problems)
	}
	if !reflect.DeepEqual(r.Answers, want) {
		t.Fatalf("SMS answers differ from the web form's:\n sms %#v\n web %#v", r.Answers, want)
	}
	for id, v := range r.Answers {
		if reflect.TypeOf(v) != reflect.TypeOf(want[id]) {
			t.Errorf("%s: stored as %T, the web form stores %T", id, v, want[id])
		}
	}
	if r.Channel != surveys.ChannelSMS || r.Language != "en" || r.Neighborhood != "riverside" || r.Version != 1 ||
		r.Respondent != a.pseudonyms.Pseudonym(phone) {
		t.Fatalf("response: %+v", r)
	}
	if def.Responses != 1 {
		t.Fatalf("survey counter: %d", def.Responses)
	}
	if a.session(phone) != nil {
		t.Fatal("the session outlived the conversation")
	}
	var followups []*invite.Followup
	_ = a.Store.Followups(context.Background(), "safety-spring-2026", func(f *invite.Followup) error { followups = append(followups, f); return nil })
	if len(followups) != 1 || followups[0].Neighborhood != "riverside" || followups[0].Language != "en" {
		t.Fatalf("follow-ups: %+v", followups)
	}
	if got, err := mustSealer(t).Open(followups[0].SealedPhone, followups[0].Respondent); err != nil || got != phone {
		t.Fatalf("the follow-up's sealed number opens to %q (%v), want %s", got, err, phone)
	}
	assertNumberOnlyIn(t, a, phone, "")
}

// assertNumberOnlyIn checks that no collection but allowed holds the
// phone number, in any form, anywhere in its documents (allowed "": none).
func assertNumberOnlyIn(t *testing.T, a *smsApp, number, allowed string) {
	t.Helper()
	digits := strings.TrimPrefix(number, "+")
	seen := 0
	for _, coll := range []string{"responses", "sms_sessions", "sms_inbound", "optouts", "sms_deliveries", "surveys", "followups"} {
		for _, doc := range a.rawDocuments(coll) {
			if !strings.Contains(doc.String(), digits) {
				continue
			}
			if coll != allowed {
				t.Errorf("%s holds the phone number: %s", coll, doc)
			}
			seen++
		}
	}
	if allowed != "" && seen == 0 {
		t.Errorf("the number is not even in %s: the check looks in the wrong place", allowed)
	}
}

// TestSMSRedeliveredMessage sends one MessageSid many times at once, as
// Twilio's retries can overlap a slow first delivery: it is applied once,
// and every delivery gets the same reply.
func TestSMSRedeliveredMessage(t *testing.T) {
	t.Parallel()
	a := newSMSApp(t)
	a.text(phone, "SAFE")
	a.text(phone, "1")
	form := inbound(a.nextSID(), phone, "2") // answers the neighborhood
	const n = 6
	replies := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, body := a.post("/sms/twilio", form, twilioToken)
			if code != http.StatusOK {
				t.Errorf("delivery %d: %d %s", i, code, body)
			}
			replies[i] = body
		}()
	}
	wg.Wait()
	for i := range n {
		if replies[i] != replies[0] || !strings.Contains(replies[i], "during the day") {
			t.Fatalf("delivery %d got %q, delivery 0 %q", i, replies[i], replies[0])
		}
	}
	s := a.session(phone)
	if s == nil || s.Question != "safe_day" || !reflect.DeepEqual(s.Answers["neighborhood"], []string{"riverside"}) {
		t.Fatalf("session after redeliveries: %+v", s)
	}
	// Later, in sequence, the same: no change, same reply.
	rev := s.Rev
	if _, body := a.post("/sms/twilio", form, twilioToken); body != replies[0] {
		t.Fatalf("late redelivery: %q", body)
	}
	if a.session(phone).Rev != rev {
		t.Fatal("a redelivery changed the session")
	}
}

// TestSMSTwoMessagesAtOnce sends two different texts from one phone at
// the same moment, to one instance and to two instances sharing the
// database: both are applied, one after the other, none is lost.
func TestSMSTwoMessagesAtOnce(t *testing.T) {
	t.Parallel()
	a := newSMSApp(t)
	// A second instance on the same database, on purpose: the test is of
	// two servers taking one phone's texts at once.
	second := newApp(t, withSMS(), onStore(a.Store))
	for _, instances := range []int{1, 2} {
		from := "+1555000300" + string(rune('0'+instances))
		a.text(from, "SAFE")
		a.text(from, "1")
		a.text(from, "2") // now at safe_day
		var wg sync.WaitGroup
		for i, body := range []string{"4", "5"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				url := a.URL
				if instances == 2 && i == 1 {
					url = second.URL
				}
				form := inbound(a.nextSID(), from, body)
				req, _ := http.NewRequest("POST", url+"/sms/twilio", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("X-Twilio-Signature", twiliotest.Sign(twilioToken, publicURL+"/sms/twilio", form))
				resp, err := http.DefaultClient.Do(req)
				if err != nil || resp.StatusCode != 200 {
					t.Errorf("%s: %v %v", body, err, resp)
					return
				}
				resp.Body.Close()
			}()
		}
		wg.Wait()
		s := a.session(from)
		day, night := s.Answers["safe_day"], s.Answers["safe_night"]
		ok := (reflect.DeepEqual(day, []string{"4"}) && reflect.DeepEqual(night, []string{"5"})) ||
			(reflect.DeepEqual(day, []string{"5"}) && reflect.DeepEqual(night, []string{"4"}))
		if !ok || s.Question != "unsafe_why" {
			t.Fatalf("%d instance(s): session %+v", instances, s)
		}
	}
}

// A signed request that names another phone's MessageSid gets neither that
// phone's reply nor a turn of its own: Twilio never gives two phones one
// ID, so it is a replay with another sender.
func TestSMSMessageIDFromAnotherPhone(t *testing.T) {
	t.Parallel()
	a := newSMSApp(t)
	sid := a.nextSID()
	if code, body := a.post("/sms/twilio", inbound(sid, phone, "SAFE"), twilioToken); code != http.StatusOK || !strings.Contains(body, "English") {
		t.Fatalf("first phone: %d %s", code, body)
	}
	const other = "+16175550199"
	code, body := a.post("/sms/twilio", inbound(sid, other, "SAFE"), twilioToken)
	if code != http.StatusOK || strings.Contains(body, "English") || strings.Contains(body, "<Message>") {
		t.Fatalf("the same ID from another phone: %d %s, want an empty reply", code, body)
	}
	if a.session(other) != nil {
		t.Fatal("the replay started a conversation for the other phone")
	}
}

// A picture through the real webhook (NumMedia 1, no body) gets "text
// only" and leaves the question where it was.
func TestSMSPictureGetsTextOnly(t *testing.T) {
	t.Parallel()
	a := newSMSApp(t)
	a.text(phone, "SAFE")
	a.text(phone, "1")
	form := inbound(a.nextSID(), phone, "")
	form.Set("NumMedia", "1")
	form.Set("MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/MM0/Media/ME0")
	form.Set("MediaContentType0", "image/jpeg")
	code, body := a.post("/sms/twilio", form, twilioToken)
	if code != http.StatusOK || !strings.Contains(body, "We can only read text") {
		t.Fatalf("a picture: %d %s", code, body)
	}
	if s := a.session(phone); s == nil || s.Question != "neighborhood" || s.Tries != 0 {
		t.Fatalf("after the picture: %+v", s)
	}
}
