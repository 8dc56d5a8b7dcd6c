package sms_test

import (
	"errors"
	"net/http"
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
	}{
		{twiliotest.Failure{Status: http.StatusBadRequest, Code: 21610}, sms.FailRejected, 21610},
		{twiliotest.Failure{Status: http.StatusBadRequest, Code: 21211}, sms.FailRejected, 21211},
		{twiliotest.Failure{Status: http.StatusTooManyRequests, Code: 20429}, sms.FailRetry, 20429},
		{twiliotest.Failure{Status: http.StatusUnauthorized, Code: 20003}, sms.FailRetry, 20003},
		{twiliotest.Failure{Status: http.StatusInternalServerError, Code: 20500}, sms.FailUnknown, 20500},
	}
	for _, c := range cases {
		tw.FailNext(c.failure)
		_, err := s.Send("+16175550142", "x", "")
		var se *sms.SendError
		if !errors.As(err, &se) || se.Kind != c.kind || se.Code != c.code {
			t.Errorf("failure %+v: got %v, want kind %s code %d", c.failure, err, c.kind, c.code)
		}
	}
	if n := len(tw.Messages()); n != 0 {
		t.Errorf("%d messages created by refused sends", n)
	}
	bad := sms.NewSender(sms.SenderConfig{AccountSID: twiliotest.AccountSID, AuthToken: "wrongtoken", From: "+15005550006", HTTPClient: tw.Client()})
	var se *sms.SendError
	if _, err := bad.Send("+16175550142", "x", ""); !errors.As(err, &se) || se.Kind != sms.FailRetry {
		t.Errorf("wrong credentials: %v, want a retry", err)
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
