package handlers_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"canvass/conversation"
	"canvass/sms/twiliotest"
	"canvass/store/storetest"
	"canvass/surveys"
)

// smsApp is a test server with SMS on and the example survey open.
type smsApp struct {
	*testApp
	sids atomic.Int64
}

func newSMSApp(t *testing.T, opts ...appOption) *smsApp {
	t.Helper()
	return &smsApp{testApp: newApp(t, append([]appOption{withSMS(), withExample()}, opts...)...)}
}

// inbound is a raw Twilio inbound-message body.
func inbound(sid, from, body string) url.Values {
	return url.Values{
		"MessageSid": {sid}, "SmsMessageSid": {sid}, "AccountSid": {"AC" + strings.Repeat("0", 32)},
		"From": {from}, "To": {"+15550009999"}, "Body": {body}, "NumMedia": {"0"}, "NumSegments": {"1"},
		"FromZip": {"01421"}, "FromCity": {"SPRINGFIELD"}, "ApiVersion": {"2010-04-01"},
	}
}

func (a *smsApp) nextSID() string {
	return fmt.Sprintf("SM%032x", a.sids.Add(1))
}

// post sends a form to path signed for publicURL+path with token; an
// empty token sends no signature.
func (a *smsApp) post(path string, form url.Values, token string) (int, string) {
	a.t.Helper()
	req, _ := http.NewRequest("POST", a.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if token != "" {
		req.Header.Set("X-Twilio-Signature", twiliotest.Sign(token, publicURL+path, form))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// text sends one signed text from a phone and returns the TwiML reply.
func (a *smsApp) text(from, body string) string {
	a.t.Helper()
	code, reply := a.post("/sms/twilio", inbound(a.nextSID(), from, body), twilioToken)
	if code != http.StatusOK {
		a.t.Fatalf("text %q: status %d: %s", body, code, reply)
	}
	return reply
}

// session returns a phone's live session with the example survey.
func (a *smsApp) session(phone string) *conversation.Session {
	s, err := a.Store.LiveSMSSession(context.Background(), []string{conversation.SessionID("safety-spring-2026", a.pseudonyms.Pseudonym(phone))})
	if surveys.IsNotFound(err) {
		return nil
	}
	if err != nil {
		a.t.Fatal(err)
	}
	return s
}

// responses returns the stored responses of the example survey.
func (a *smsApp) responses() []*surveys.Response {
	var out []*surveys.Response
	err := a.Store.EachResponse(context.Background(), "safety-spring-2026", func(r *surveys.Response) error {
		out = append(out, r)
		return nil
	})
	if err != nil {
		a.t.Fatal(err)
	}
	return out
}

// rawDocuments returns every document of a collection as stored.
func (a *smsApp) rawDocuments(coll string) []bson.Raw {
	a.t.Helper()
	ctx := context.Background()
	client, err := mongo.Connect(options.Client().ApplyURI(storetest.URI(a.t)))
	if err != nil {
		a.t.Fatal(err)
	}
	defer client.Disconnect(ctx)
	cur, err := client.Database(a.dbName).Collection(coll).Find(ctx, bson.D{})
	if err != nil {
		a.t.Fatal(err)
	}
	var out []bson.Raw
	for cur.Next(ctx) {
		out = append(out, append(bson.Raw(nil), cur.Current...))
	}
	return out
}
