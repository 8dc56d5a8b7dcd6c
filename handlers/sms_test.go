package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"canvass/conversation"
	"canvass/sms/twiliotest"
)

const phone = "+15550001111"

func TestSMSWebhookSignatures(t *testing.T) {
	t.Parallel()
	a := newSMSApp(t)
	sid := a.nextSID()
	form := inbound(sid, phone, "SAFE")
	signed := func(token, fullURL string) map[string]string {
		return map[string]string{"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": twiliotest.Sign(token, fullURL, form)}
	}
	rejected := []scenario{
		{name: "missing signature", headers: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}},
		{name: "wrong token", headers: signed("another-accounts-token-0123456789", publicURL+"/sms/twilio")},
		{name: "signed for the request's own host", headers: signed(twilioToken, a.URL+"/sms/twilio")},
		{name: "signed for another path", headers: signed(twilioToken, publicURL+"/sms/twilio/status")},
		{name: "signed for https", headers: signed(twilioToken, "https://canvass.test/sms/twilio")},
		{name: "signed body changed", body: inbound(sid, phone, "STOP").Encode(), headers: signed(twilioToken, publicURL+"/sms/twilio")},
	}
	for _, sc := range rejected {
		sc.method, sc.path, sc.status = "POST", "/sms/twilio", http.StatusForbidden
		if sc.body == "" {
			sc.body = form.Encode()
		}
		sc.contains, sc.excludes = []string{`"code":"forbidden"`}, []string{"<Message>"}
		a.run(sc)
	}
	// Nothing of a rejected request was kept: no reply to its MessageSid,
	// no session, no opt-out from the tampered STOP.
	ctx := context.Background()
	if _, _, replied, _ := a.Store.InboundReply(ctx, sid); replied || a.session(phone) != nil {
		t.Fatal("a rejected request left a trace")
	}
	if out, _ := a.Store.IsOptedOut(ctx, a.pseudonyms.Pseudonym(phone)); out {
		t.Fatal("a forged STOP opted the phone out")
	}
	valid := signed(twilioToken, publicURL+"/sms/twilio")
	menu := []string{`<?xml version="1.0" encoding="UTF-8"?>`, "Msg &amp; data rates may apply.</Message><Message>1 English\n2 Español", "6 Kreyòl ayisyen</Message></Response>"}
	for _, sc := range []scenario{
		{name: "valid", body: form.Encode(), headers: valid, status: 200, contains: menu},
		{name: "the same MessageSid again", body: form.Encode(), headers: valid, status: 200, contains: menu},
		{name: "no MessageSid", body: "From=%2B15550001111&Body=SAFE", status: 422,
			headers: map[string]string{"Content-Type": "application/x-www-form-urlencoded",
				"X-Twilio-Signature": twiliotest.Sign(twilioToken, publicURL+"/sms/twilio", url.Values{"From": {phone}, "Body": {"SAFE"}})}},
	} {
		sc.method, sc.path = "POST", "/sms/twilio"
		a.run(sc)
	}
	if s := a.session(phone); s == nil || s.Stage != conversation.StageLanguage || s.Rev != 1 {
		t.Fatalf("session after the valid request and its redelivery: %+v", s)
	}
}

func TestSMSOffAnswers404(t *testing.T) {
	t.Parallel()
	a := newApp(t) // no SMS configuration: TWILIO_AUTH_TOKEN unset
	form := inbound("SM"+strings.Repeat("1", 32), phone, "SAFE")
	for _, path := range []string{"/sms/twilio", "/sms/twilio/status"} {
		a.run(scenario{name: path, method: "POST", path: path, body: form.Encode(), status: http.StatusNotFound,
			headers: map[string]string{"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": twiliotest.Sign(twilioToken, publicURL+path, form)}})
	}
}

func TestSMSStatusCallback(t *testing.T) {
	t.Parallel()
	a := newSMSApp(t)
	ctx := context.Background()
	sid := a.nextSID()
	status := func(path, st, code, to, token string) int {
		f := url.Values{"MessageSid": {sid}, "MessageStatus": {st}, "AccountSid": {"AC" + strings.Repeat("0", 32)}, "To": {to}}
		if code != "" {
			f.Set("ErrorCode", code)
		}
		req, _ := http.NewRequest("POST", a.URL+path, strings.NewReader(f.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Twilio-Signature", twiliotest.Sign(token, publicURL+path, f))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	const path = "/sms/twilio/status?ref=outbox-9"
	for _, step := range []struct {
		path, status, code, want string
		http                     int
	}{
		{path, "sent", "", "sent", 204},
		{path, "delivered", "", "delivered", 204},
		{path, "sent", "", "delivered", 204}, // late, out of order: no regression
		{"/sms/twilio/status", "failed", "", "delivered", 403},
	} {
		token := twilioToken
		if step.http == 403 {
			// Signed for the URL without its query: the query is part of
			// what Twilio signs.
			if code := status(path, step.status, step.code, phone, "x"); code != 403 {
				t.Fatalf("signed with another token: %d", code)
			}
			continue
		}
		if code := status(step.path, step.status, step.code, phone, token); code != step.http {
			t.Fatalf("%s: status %d", step.status, code)
		}
		d, err := a.Store.Delivery(ctx, sid)
		if err != nil || d.Status != step.want || d.Ref != "outbox-9" {
			t.Fatalf("after %s: %+v %v", step.status, d, err)
		}
	}
	// Error 21610: the recipient texted STOP to the sender. canvass
	// records the opt-out and no longer answers that phone.
	other := "+15550002222"
	a.text(other, "SAFE")
	sid = a.nextSID()
	if code := status(path, "undelivered", "21610", other, twilioToken); code != 204 {
		t.Fatalf("21610: %d", code)
	}
	if out, _ := a.Store.IsOptedOut(ctx, a.pseudonyms.Pseudonym(other)); !out || a.session(other) != nil {
		t.Fatal("21610 did not opt the recipient out")
	}
	if reply := a.text(other, "1"); strings.Contains(reply, "<Message>") {
		t.Fatalf("an opted-out phone got a reply: %s", reply)
	}
}
