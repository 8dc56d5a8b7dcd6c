package sms_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"canvass/sms"
	"canvass/sms/twiliotest"
)

func newSender(tw *twiliotest.Server, from string) *sms.Sender {
	return sms.NewSender(sms.SenderConfig{AccountSID: twiliotest.AccountSID, AuthToken: twiliotest.AuthToken, From: from, HTTPClient: tw.Client()})
}

func TestSenderSends(t *testing.T) {
	tw := twiliotest.New(t)
	s := newSender(tw, "+15005550006")
	sid, err := s.Send("+16175550142", "Hola", "https://canvass.test/sms/twilio/status?ref=b%7Cp")
	if err != nil {
		t.Fatal(err)
	}
	got := tw.Messages()
	if len(got) != 1 || got[0].SID != sid || got[0].To != "+16175550142" || got[0].From != "+15005550006" ||
		got[0].Body != "Hola" || got[0].StatusCallback != "https://canvass.test/sms/twilio/status?ref=b%7Cp" {
		t.Fatalf("Twilio received %+v, sid %q", got, sid)
	}

	svc := newSender(tw, "MG11111111111111111111111111111111")
	if _, err := svc.Send("+16175550143", "Hi", ""); err != nil {
		t.Fatal(err)
	}
	if m := tw.Messages()[1]; m.ServiceSID != "MG11111111111111111111111111111111" || m.From != "" {
		t.Errorf("a messaging service sender sent %+v", m)
	}
}

func TestSenderClassifiesFailures(t *testing.T) {
	tw := twiliotest.New(t)
	s := newSender(tw, "+15005550006")
	cases := []struct {
		failure twiliotest.Failure
		kind    string
		code    int
		problem string
	}{
		{twiliotest.Failure{Status: http.StatusBadRequest, Code: 21610}, sms.FailRejected, 21610, ""},
		{twiliotest.Failure{Status: http.StatusBadRequest, Code: 21211}, sms.FailRejected, 21211, ""},
		{twiliotest.Failure{Status: http.StatusTooManyRequests, Code: 20429}, sms.FailRetry, 20429, ""},
		{twiliotest.Failure{Status: http.StatusUnauthorized, Code: 20003}, sms.FailAccount, 20003, sms.AccountCredentials},
		{twiliotest.Failure{Status: http.StatusForbidden, Code: 20005}, sms.FailAccount, 20005, sms.AccountInactive},
		{twiliotest.Failure{Status: http.StatusBadRequest, Code: 10001}, sms.FailAccount, 10001, sms.AccountInactive},
		{twiliotest.Failure{Status: http.StatusInternalServerError, Code: 20500}, sms.FailUnknown, 20500, ""},
	}
	for _, c := range cases {
		tw.FailNext(c.failure)
		_, err := s.Send("+16175550142", "x", "")
		var se *sms.SendError
		if !errors.As(err, &se) || se.Kind != c.kind || se.Code != c.code || se.Problem != c.problem {
			t.Errorf("failure %+v: got %v (problem %q), want kind %s code %d problem %q", c.failure, err, se.Problem, c.kind, c.code, c.problem)
		}
	}
	if n := len(tw.Messages()); n != 0 {
		t.Errorf("%d messages created by refused sends", n)
	}
}

// TestSenderTellsAccountErrorsFromMessageErrors: credentials Twilio
// refuses, and credentials twilio-go refuses before sending (a 400 that
// reads like a refused number), are the account's failure, also when
// Twilio's log is read; a Twilio nobody can connect to is a retry.
func TestSenderTellsAccountErrorsFromMessageErrors(t *testing.T) {
	tw := twiliotest.New(t)
	wrong := sms.NewSender(sms.SenderConfig{AccountSID: twiliotest.AccountSID, AuthToken: "ffffffffffffffffffffffffffffffff", From: "+15005550006", HTTPClient: tw.Client()})
	var se *sms.SendError
	if _, err := wrong.Send("+16175550142", "x", ""); !errors.As(err, &se) || se.Kind != sms.FailAccount || se.Code != 20003 {
		t.Errorf("wrong token: %v, want an account failure with code 20003", err)
	}
	if _, _, err := wrong.FindSent("+16175550142", "x", time.Now()); !errors.As(err, &se) || se.Kind != sms.FailAccount {
		t.Errorf("wrong token, reading the log: %v, want an account failure", err)
	}
	before := len(tw.Requests())
	// A token pasted with its newline: twilio-go refuses it itself.
	pasted := sms.NewSender(sms.SenderConfig{AccountSID: twiliotest.AccountSID, AuthToken: twiliotest.AuthToken + "\n", From: "+15005550006", HTTPClient: tw.Client()})
	if _, err := pasted.Send("+16175550142", "x", ""); !errors.As(err, &se) || se.Kind != sms.FailAccount || se.Problem != sms.AccountCredentials {
		t.Errorf("malformed token: %v, want an account failure", err)
	}
	if n := len(tw.Requests()) - before; n != 0 {
		t.Errorf("twilio-go sent %d requests with a malformed token; the test expects it to refuse locally", n)
	}
	tw.Down(t)
	if _, err := newSender(tw, "+15005550006").Send("+16175550142", "x", ""); !errors.As(err, &se) || se.Kind != sms.FailRetry || se.Answered() {
		t.Errorf("Twilio unreachable: %v, want an unanswered retry", err)
	}
}

func TestCredentialShapes(t *testing.T) {
	for _, c := range []struct {
		sid, token string
		ok         bool
	}{
		{twiliotest.AccountSID, twiliotest.AuthToken, true},
		{"AC" + strings.Repeat("a", 32), strings.Repeat("F", 32), true},
		{"AC" + strings.Repeat("a", 31), strings.Repeat("f", 31), false},
		{"SK" + strings.Repeat("a", 32), strings.Repeat("g", 32), false},
		{" AC" + strings.Repeat("a", 32), "\"" + strings.Repeat("f", 30) + "\"", false},
		{"", twiliotest.AuthToken + "\n", false},
	} {
		if sms.ValidAccountSID(c.sid) != c.ok || sms.ValidAuthToken(c.token) != c.ok {
			t.Errorf("%q, %q: valid %v, %v; want %v", c.sid, c.token, sms.ValidAccountSID(c.sid), sms.ValidAuthToken(c.token), c.ok)
		}
	}
}

func TestFindSent(t *testing.T) {
	tw := twiliotest.New(t)
	s := newSender(tw, "+15005550006")
	before := time.Now().Add(-time.Minute)
	tw.FailNext(twiliotest.Failure{Status: http.StatusBadGateway, Code: 20500, Created: true})
	_, err := s.Send("+16175550142", "Invitation A", "")
	var se *sms.SendError
	if !errors.As(err, &se) || se.Kind != sms.FailUnknown {
		t.Fatalf("a created message answered with 502: %v, want unknown", err)
	}
	sid, found, err := s.FindSent("+16175550142", "Invitation A", before)
	if err != nil || !found || sid != tw.Messages()[0].SID {
		t.Errorf("FindSent = %q, %v, %v; want the created message", sid, found, err)
	}
	if _, found, _ := s.FindSent("+16175550142", "Invitation\u00a0A", before); !found {
		t.Error("FindSent missed a text Smart Encoding changed")
	}
	if _, found, _ := s.FindSent("+16175550142", "Invitation B", before); found {
		t.Error("FindSent matched another body")
	}
	if _, found, _ := s.FindSent("+16175550199", "Invitation A", before); found {
		t.Error("FindSent matched another recipient")
	}
	if _, found, _ := s.FindSent("+16175550142", "Invitation A", time.Now().Add(time.Hour)); found {
		t.Error("FindSent matched a message created before since")
	}
}
