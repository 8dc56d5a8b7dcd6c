package sms

import (
	"net/url"
	"strings"
	"sync"
	"testing"

	"canvass/sms/twiliotest"
)

func TestVerifier(t *testing.T) {
	const token = "12345678901234567890123456789012"
	form := url.Values{"MessageSid": {"SM" + strings.Repeat("a", 32)}, "From": {"+15550001111"}, "Body": {"SAFE é ب"}}
	v := NewVerifier(token, "https://survey.example.org")
	for _, tc := range []struct {
		name string
		path string
		sig  string
		want bool
	}{
		{"valid", "/sms/twilio", twiliotest.Sign(token, "https://survey.example.org/sms/twilio", form), true},
		{"valid with query", "/sms/twilio/status?ref=42", twiliotest.Sign(token, "https://survey.example.org/sms/twilio/status?ref=42", form), true},
		{"signed with the default port", "/sms/twilio", twiliotest.Sign(token, "https://survey.example.org:443/sms/twilio", form), true},
		{"missing", "/sms/twilio", "", false},
		{"wrong token", "/sms/twilio", twiliotest.Sign("another-token-another-token-xxxx", "https://survey.example.org/sms/twilio", form), false},
		{"signed for another host", "/sms/twilio", twiliotest.Sign(token, "https://evil.example.org/sms/twilio", form), false},
		{"signed for another path", "/sms/twilio", twiliotest.Sign(token, "https://survey.example.org/sms/other", form), false},
		{"signed for http", "/sms/twilio", twiliotest.Sign(token, "http://survey.example.org/sms/twilio", form), false},
		{"query dropped", "/sms/twilio/status?ref=42", twiliotest.Sign(token, "https://survey.example.org/sms/twilio/status", form), false},
		{"garbage", "/sms/twilio", "not-a-signature", false},
	} {
		if got := v.Verify(tc.path, form, tc.sig); got != tc.want {
			t.Errorf("%s: Verify = %v, want %v", tc.name, got, tc.want)
		}
	}
	// A changed parameter breaks the signature.
	sig := twiliotest.Sign(token, "https://survey.example.org/sms/twilio", form)
	changed := url.Values{"MessageSid": form["MessageSid"], "From": form["From"], "Body": {"STOP"}}
	if v.Verify("/sms/twilio", changed, sig) {
		t.Error("a changed body kept its signature")
	}
}

func TestParseInbound(t *testing.T) {
	sid := "SM" + strings.Repeat("0f", 16)
	for _, tc := range []struct {
		name string
		form url.Values
		ok   bool
		body string
	}{
		{"plain", url.Values{"MessageSid": {sid}, "From": {"+15550001111"}, "Body": {"  Safe \n"}}, true, "Safe"},
		{"control characters dropped", url.Values{"MessageSid": {sid}, "From": {"+15550001111"}, "Body": {"1\x00 3\x07"}}, true, "1 3"},
		{"bidirectional overrides and C1 controls dropped", url.Values{"MessageSid": {sid}, "From": {"+15550001111"}, "Body": {"a\u202eb\u2066c\u0085d"}}, true, "abcd"},
		{"invalid UTF-8 replaced", url.Values{"MessageSid": {sid}, "From": {"+15550001111"}, "Body": {"a\xffb"}}, true, "a\uFFFDb"},
		{"long body cut", url.Values{"MessageSid": {sid}, "From": {"+15550001111"}, "Body": {strings.Repeat("x", 2000)}}, true, strings.Repeat("x", MaxBody)},
		{"media only", url.Values{"MessageSid": {"MM" + strings.Repeat("1", 32)}, "From": {"+4915112345678"}, "NumMedia": {"1"}}, true, ""},
		{"no sid", url.Values{"From": {"+15550001111"}, "Body": {"x"}}, false, ""},
		{"bad sid", url.Values{"MessageSid": {"SM123"}, "From": {"+15550001111"}}, false, ""},
		{"no from", url.Values{"MessageSid": {sid}, "Body": {"x"}}, false, ""},
		{"from not E.164", url.Values{"MessageSid": {sid}, "From": {"whatsapp:+15550001111"}}, false, ""},
	} {
		in, err := ParseInbound(tc.form)
		if (err == nil) != tc.ok {
			t.Errorf("%s: err = %v", tc.name, err)
			continue
		}
		if err == nil && in.Body != tc.body {
			t.Errorf("%s: body %q, want %q", tc.name, in.Body, tc.body)
		}
	}
}

func TestParseStatusCallback(t *testing.T) {
	sid := "SM" + strings.Repeat("ab", 16)
	cb, err := ParseStatusCallback(url.Values{"MessageSid": {sid}, "MessageStatus": {"Delivered"}, "ErrorCode": {""}}, url.Values{"ref": {"outbox-7"}})
	if err != nil || cb.Status != "delivered" || cb.Ref != "outbox-7" {
		t.Fatalf("got %+v %v", cb, err)
	}
	if _, err := ParseStatusCallback(url.Values{"MessageSid": {sid}}, nil); err == nil {
		t.Error("a callback without a status was accepted")
	}
}

func TestTwiML(t *testing.T) {
	empty, err := TwiML()
	if err != nil || !strings.Contains(empty, "<Response/>") {
		t.Fatalf("empty reply: %q %v", empty, err)
	}
	two, err := TwiML("1 <North> & \"Main\"", "", "¿Qué? ما")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<Message>1 &lt;North&gt; &amp;", "<Message>¿Qué? ما</Message>"} {
		if !strings.Contains(two, want) {
			t.Errorf("TwiML lacks %q: %s", want, two)
		}
	}
	if strings.Count(two, "<Message>") != 2 {
		t.Errorf("want two messages (empty texts dropped): %s", two)
	}
}

func TestPseudonym(t *testing.T) {
	p := NewPseudonymizer([]byte("key-one-key-one-key-one-key-one!"))
	q := NewPseudonymizer([]byte("key-two-key-two-key-two-key-two!"))
	a, b := p.Pseudonym("+15550001111"), p.Pseudonym("+15550001112")
	if len(a) != 64 || a == b || a != p.Pseudonym("+15550001111") {
		t.Fatalf("pseudonyms: %s %s", a, b)
	}
	if a == q.Pseudonym("+15550001111") {
		t.Fatal("two keys gave the same pseudonym")
	}
	if strings.Contains(a, "5550001111") {
		t.Fatal("the pseudonym shows the number")
	}
	// HMAC-SHA256 test vector (RFC 4231, case 2).
	if got := NewPseudonymizer([]byte("Jefe")).Pseudonym("what do ya want for nothing?"); got != "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" {
		t.Fatalf("not HMAC-SHA256: %s", got)
	}
}

func TestFromAccount(t *testing.T) {
	const ours = "AC00000000000000000000000000000001"
	for _, tc := range []struct {
		form url.Values
		want bool
	}{
		{url.Values{"AccountSid": {ours}}, true},
		{url.Values{"AccountSid": {"AC00000000000000000000000000000002"}}, false},
		{url.Values{"AccountSid": {""}}, false},
		{url.Values{}, false},
	} {
		if got := FromAccount(tc.form, ours); got != tc.want {
			t.Errorf("FromAccount(%v) = %v, want %v", tc.form, got, tc.want)
		}
	}
	if FromAccount(url.Values{}, "") {
		t.Error("no AccountSid matched an empty account")
	}
}

// Counting runs in many requests at once (estimates, the webhook, the
// outbox): with the race detector this fails if the first counts race on
// the library's lazily filled tables. Tests before it in this package may
// have filled them; run alone (-run TestCountConcurrently) it fails
// without loadCharsets.
func TestCountConcurrently(t *testing.T) {
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if enc, _, segs := Count(strings.Repeat("Hola, ¿cómo está? ", i+1)); enc == "" || segs < 1 {
				t.Errorf("count %d: %s %d", i, enc, segs)
			}
		}()
	}
	wg.Wait()
}
