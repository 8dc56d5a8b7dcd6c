package handlers_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"canvass/handlers"
	"canvass/sms"
	"canvass/store"
	"canvass/store/storetest"
	"canvass/surveys"
	"canvass/surveys/examples"
)

// Test Twilio credentials: the account's auth token and the public URL
// Twilio is configured with (requests reach the test server on another
// host, as they do behind a proxy).
const (
	twilioToken = "test-twilio-auth-token-0123456789ab"
	publicURL   = "http://canvass.test"
)

// smsApp is a test server with SMS on, on a fresh database holding the
// example survey, open.
type smsApp struct {
	*testApp
	pseudonyms *sms.Pseudonymizer
	sids       atomic.Int64
	dbName     string
}

func newSMSApp(t *testing.T) *smsApp {
	t.Helper()
	app := newTestApp(t)
	// A database whose name the test knows, to look at it raw.
	ctx := context.Background()
	name := storetest.DatabaseName()
	st, err := store.Open(ctx, store.Options{URI: storetest.URI(t), Database: name})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Drop(ctx); _ = st.Close(ctx) })
	if _, err := st.SealPhonesWith(ctx, mustSealer(t)); err != nil {
		t.Fatal(err)
	}
	app.Store, app.Server.Surveys, app.Server.Health = st, st, st
	a := &smsApp{testApp: app, dbName: name, pseudonyms: sms.NewPseudonymizer([]byte("test-pseudonym-key-0123456789abcdef"))}
	a.Server.SMS = a.smsConfig()
	hs := httptest.NewServer(a.Server.Handler())
	t.Cleanup(hs.Close)
	a.URL = hs.URL
	openExample(t, app.Store)
	return a
}

func (a *smsApp) smsConfig() *handlers.SMSConfig {
	return &handlers.SMSConfig{Store: a.Store, AuthToken: twilioToken, Pseudonyms: a.pseudonyms, SessionTTL: time.Hour}
}

// openExample imports and opens the example survey, as a first start does.
func openExample(t testing.TB, st *store.Store) *surveys.Survey {
	t.Helper()
	files, err := examples.Surveys()
	if err != nil {
		t.Fatal(err)
	}
	def, problems, err := surveys.Check(files["safety-spring-2026.yaml"], surveys.ValidationEnv{})
	if err != nil || len(problems.Errors()) > 0 {
		t.Fatalf("example: %v %v", problems, err)
	}
	ctx := context.Background()
	if _, err := st.CreateSurvey(ctx, def, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetSurveyStatus(ctx, def.Slug, surveys.StatusOpen); err != nil {
		t.Fatal(err)
	}
	return def
}

// twilioSign computes X-Twilio-Signature with the algorithm Twilio
// documents, independently of the code under test.
func twilioSign(token, fullURL string, form url.Values) string {
	keys := make([]string, 0, len(form))
	for k := range form {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	s := fullURL
	for _, k := range keys {
		s += k + form.Get(k)
	}
	m := hmac.New(sha1.New, []byte(token))
	m.Write([]byte(s))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
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
		req.Header.Set("X-Twilio-Signature", twilioSign(token, publicURL+path, form))
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
func (a *smsApp) session(phone string) *surveys.SMSSession {
	s, err := a.Store.LiveSMSSession(context.Background(), []string{surveys.SMSSessionID("safety-spring-2026", a.pseudonyms.Pseudonym(phone))})
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
