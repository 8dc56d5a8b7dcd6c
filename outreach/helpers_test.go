package outreach_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"canvass/auth"
	"canvass/invite"
	"canvass/locales"
	"canvass/outreach"
	"canvass/phone"
	"canvass/reports"
	"canvass/store"
	"canvass/store/storetest"
	"canvass/surveys"
	"canvass/surveys/surveystest"
)

const slug = surveystest.ExampleSlug

// organizer is the acting user of every send.
var organizer = &auth.Principal{ID: "u-1", Email: "organizer@example.org", Role: auth.RoleAdmin}

// fixture is a Service over a fresh database holding the example survey,
// open, with SMS on and a segment price.
type fixture struct {
	st     *store.Store
	svc    *outreach.Service
	sealer *phone.Sealer
	// wakes counts the times the outbox worker was told to look.
	wakes atomic.Int32
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{st: storetest.New(t)}
	var err error
	if f.sealer, err = phone.NewSealer([]byte("outreach-test-key-0123456789abcdef")); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.SealPhonesWith(ctx, f.sealer); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.CreateSurvey(ctx, surveystest.Example(t), ""); err != nil {
		t.Fatal(err)
	}
	f.setStatus(t, surveys.StatusOpen)
	catalog, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	f.svc = &outreach.Service{Recipients: f.st, Queue: f.st, Results: &reports.Service{Store: f.st}, Catalog: catalog,
		Site: "https://survey.example.org", Sender: "+15005550006", Wake: func() { f.wakes.Add(1) },
		SegmentPrice: 0.0083, Currency: "USD"}
	return f
}

func (f *fixture) setStatus(t *testing.T, status surveys.Status) {
	t.Helper()
	if _, err := f.st.SetSurveyStatus(context.Background(), slug, status); err != nil {
		t.Fatal(err)
	}
}

// survey reads the survey as a handler would before calling the service.
func (f *fixture) survey(t *testing.T) *surveys.Record {
	t.Helper()
	rec, err := f.st.Survey(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// addContacts stores contacts, each "pseudonym:language:neighborhood".
func (f *fixture) addContacts(t *testing.T, contacts ...[3]string) {
	t.Helper()
	var cs []*invite.Contact
	for i, c := range contacts {
		num := fmt.Sprintf("+1617555%04d", 100+i)
		cs = append(cs, &invite.Contact{ID: c[0], Phone: f.sealer.Seal(num, c[0]), Language: c[1], Neighborhood: c[2],
			ConsentSource: "door knocking", ConsentDate: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
	}
	if _, err := f.st.SaveContacts(context.Background(), cs); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) optOut(t *testing.T, pseudonym string) {
	t.Helper()
	if err := f.st.SetOptOut(context.Background(), pseudonym, true); err != nil {
		t.Fatal(err)
	}
}

// queued takes every message waiting in the outbox, as a worker would
// claim them, so each appears once however often it was enqueued.
func (f *fixture) queued(t *testing.T) []*invite.Message {
	t.Helper()
	var out []*invite.Message
	for {
		m, ok, err := f.st.ClaimNext(context.Background(), "test", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return out
		}
		out = append(out, m)
	}
}

func confirmed(req outreach.Request, segments int) outreach.Request {
	req.EstimatedSegments = &segments
	return req
}

// wantError checks err is the domain error code with messageID.
func wantError(t *testing.T, what string, err error, code surveys.Code, messageID string) *surveys.Error {
	t.Helper()
	var de *surveys.Error
	if !errors.As(err, &de) || de.Code != code || de.MessageID != messageID {
		t.Fatalf("%s: got %v, want %s %s", what, err, code, messageID)
	}
	return de
}
