package outreach_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"canvass/invite"
	"canvass/outreach"
	"canvass/sms"
	"canvass/surveys"
)

// someContacts are five contacts of the example survey; c-es opted out.
func someContacts(t *testing.T, f *fixture) {
	t.Helper()
	f.addContacts(t,
		[3]string{"c-en", "en", "north-of-main"},
		[3]string{"c-es", "es", "north-of-main"},
		[3]string{"c-so", "so", "riverside"},
		[3]string{"c-ar", "ar", "eastgate"},
		[3]string{"c-en2", "en", "riverside"},
	)
	f.optOut(t, "c-es")
}

func TestPlanInvitation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	someContacts(t, f)
	rec := f.survey(t)

	p, err := f.svc.PlanInvitation(ctx, rec, outreach.Request{})
	if err != nil {
		t.Fatal(err)
	}
	est := p.Estimate
	if est.Recipients != 4 || len(p.Recipients) != 4 || est.Excluded[invite.ReasonOptedOut] != 1 || !est.SendingOn {
		t.Fatalf("plan: %d recipients, estimate %+v", len(p.Recipients), est)
	}
	// One text per language, the two English speakers sharing one.
	byLang, sum := map[string]invite.TextEstimate{}, 0
	for _, tx := range est.Texts {
		byLang[tx.Language] = tx
		sum += tx.TotalSegments
		if _, _, segs := sms.Count(tx.Text); segs != tx.Segments {
			t.Errorf("%s: %d segments estimated, the text has %d", tx.Language, tx.Segments, segs)
		}
	}
	if len(est.Texts) != 3 || byLang["en"].Recipients != 2 || byLang["so"].Recipients != 1 || byLang["ar"].Recipients != 1 {
		t.Fatalf("texts: %+v", est.Texts)
	}
	if sum != est.Segments {
		t.Errorf("segments %d, texts add up to %d", est.Segments, sum)
	}
	if ar := byLang["ar"]; ar.Encoding != sms.UCS2 || !strings.Contains(ar.Text, "https://survey.example.org/s/"+slug+"?lang=ar") {
		t.Errorf("the Arabic invitation: %s %q", ar.Encoding, ar.Text)
	}
	if en := byLang["en"]; strings.Contains(en.Text, "?lang=") {
		t.Errorf("the default language's link carries a language: %q", en.Text)
	}
	for _, r := range p.Recipients {
		if r.ID == "c-es" {
			t.Error("the contact who opted out is a recipient")
		}
		if r.Body != byLang[r.Language].Text {
			t.Errorf("%s gets %q, not their language's text", r.ID, r.Body)
		}
	}
	want := math.Round(float64(est.Segments)*0.0083*100) / 100
	if est.Cost == nil || est.Cost.Total != want || est.Cost.Currency != "USD" {
		t.Errorf("cost %+v, want %.2f USD", est.Cost, want)
	}

	p, err = f.svc.PlanInvitation(ctx, rec, outreach.Request{Neighborhoods: []string{"eastgate"}})
	if err != nil || len(p.Recipients) != 1 || p.Recipients[0].ID != "c-ar" {
		t.Errorf("eastgate: %+v, %v", p, err)
	}
	p, err = f.svc.PlanInvitation(ctx, rec, outreach.Request{Languages: []string{"en"}, Neighborhoods: []string{"riverside"}})
	if err != nil || len(p.Recipients) != 1 || p.Recipients[0].ID != "c-en2" {
		t.Errorf("English speakers of Riverside: %+v, %v", p, err)
	}
	_, err = f.svc.PlanInvitation(ctx, rec, outreach.Request{Neighborhoods: []string{"atlantis"}})
	wantError(t, "unknown neighborhood", err, surveys.ErrInvalid, "invite.audience_neighborhood")
	_, err = f.svc.PlanInvitation(ctx, rec, outreach.Request{Languages: []string{"xx"}})
	wantError(t, "unknown language", err, surveys.ErrInvalid, "invite.audience_language")

	free := *f.svc
	free.SegmentPrice, free.Sender = 0, ""
	if p, err := free.PlanInvitation(ctx, rec, outreach.Request{}); err != nil || p.Estimate.Cost != nil || p.Estimate.SendingOn {
		t.Errorf("without a price or SMS: %+v, %v", p.Estimate, err)
	}
}

// A send goes ahead only with the estimate the organizer saw; anything
// that changed the plan since is a conflict, and nothing is queued.
func TestSendInvitationChecksTheEstimate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	someContacts(t, f)
	rec := f.survey(t)
	p, err := f.svc.PlanInvitation(ctx, rec, outreach.Request{})
	if err != nil {
		t.Fatal(err)
	}
	seen := p.Estimate.Segments
	id := outreach.BatchID(organizer.ID, slug, "inv", "")

	_, _, err = f.svc.SendInvitation(ctx, organizer, rec, outreach.Request{}, id)
	wantError(t, "no estimate", err, surveys.ErrInvalid, "invite.confirm_required")
	_, _, err = f.svc.SendInvitation(ctx, organizer, rec, confirmed(outreach.Request{Languages: []string{"vi"}}, 0), id)
	wantError(t, "nobody to send to", err, surveys.ErrInvalid, "invite.no_recipients")
	off := *f.svc
	off.Sender = ""
	_, _, err = off.SendInvitation(ctx, organizer, rec, confirmed(outreach.Request{}, seen), id)
	wantError(t, "SMS off", err, surveys.ErrConflict, "invite.sms_off")

	// A resident signs up between the preview and the send.
	f.addContacts(t, [3]string{"c-vi", "vi", "mill-district"})
	_, _, err = f.svc.SendInvitation(ctx, organizer, rec, confirmed(outreach.Request{}, seen), id)
	de := wantError(t, "changed estimate", err, surveys.ErrConflict, "invite.estimate_changed")
	if de.Data["Recipients"] != 5 || de.Data["Segments"] == seen {
		t.Errorf("the conflict tells %v; the plan now has 5 recipients", de.Data)
	}

	f.setStatus(t, surveys.StatusClosed)
	_, _, err = f.svc.SendInvitation(ctx, organizer, f.survey(t), confirmed(outreach.Request{}, seen), id)
	wantError(t, "closed survey", err, surveys.ErrConflict, "invite.survey_not_open")

	if bs, err := f.st.Batches(ctx, slug, ""); err != nil || len(bs) != 0 {
		t.Errorf("batches after refused sends: %d, %v", len(bs), err)
	}
	if q := f.queued(t); len(q) != 0 || f.wakes.Load() != 0 {
		t.Errorf("%d messages queued, %d wakes, after refused sends", len(q), f.wakes.Load())
	}
}

func TestSendInvitationIsIdempotent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	someContacts(t, f)
	rec := f.survey(t)
	p, err := f.svc.PlanInvitation(ctx, rec, outreach.Request{})
	if err != nil {
		t.Fatal(err)
	}
	req := confirmed(outreach.Request{}, p.Estimate.Segments)
	id := outreach.BatchID(organizer.ID, slug, "inv", "launch-1")

	b, existed, err := f.svc.SendInvitation(ctx, organizer, rec, req, id)
	if err != nil || existed {
		t.Fatalf("first send: existed %v, %v", existed, err)
	}
	if b.ID != id || b.Kind != invite.KindInvitation || !b.Enqueued || b.Total != 4 || b.Excluded[invite.ReasonOptedOut] != 1 ||
		b.CreatedBy != organizer.Email || b.Estimate.Segments != p.Estimate.Segments {
		t.Errorf("batch %+v", b)
	}
	again, existed, err := f.svc.SendInvitation(ctx, organizer, rec, req, id)
	if err != nil || !existed || again.ID != id || again.Total != 4 {
		t.Fatalf("the same batch ID again: %+v, existed %v, %v", again, existed, err)
	}
	if n := f.wakes.Load(); n != 1 {
		t.Errorf("the outbox was woken %d times, want once", n)
	}
	msgs := f.queued(t)
	to := map[string]int{}
	for _, m := range msgs {
		to[m.Recipient]++
		if m.Batch != id || m.ID != invite.MessageID(id, m.Recipient) || m.Segments == 0 {
			t.Errorf("message %+v", m)
		}
	}
	if len(msgs) != 4 || len(to) != 4 || to["c-es"] != 0 {
		t.Errorf("queued %d messages to %v", len(msgs), to)
	}
}

// A send cut short after its batch was stored (a crash, a timeout) is
// finished by the retry rather than refused or duplicated.
func TestSendInvitationFinishesAHalfQueuedBatch(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	someContacts(t, f)
	rec := f.survey(t)
	p, err := f.svc.PlanInvitation(ctx, rec, outreach.Request{})
	if err != nil {
		t.Fatal(err)
	}
	id := outreach.BatchID(organizer.ID, slug, "inv", "cut-short")
	if _, _, err := f.st.CreateBatch(ctx, &invite.Batch{ID: id, Kind: invite.KindInvitation, Survey: slug}); err != nil {
		t.Fatal(err)
	}
	b, existed, err := f.svc.SendInvitation(ctx, organizer, rec, confirmed(outreach.Request{}, p.Estimate.Segments), id)
	if err != nil || existed || !b.Enqueued || b.Total != 4 {
		t.Fatalf("retry: %+v, existed %v, %v", b, existed, err)
	}
	if q := f.queued(t); len(q) != 4 {
		t.Errorf("%d messages queued, want 4", len(q))
	}
}

func TestBatchID(t *testing.T) {
	t.Parallel()
	id := outreach.BatchID("u-1", slug, "inv", "key-1")
	if !strings.HasPrefix(id, "inv-") || outreach.BatchID("u-1", slug, "inv", "key-1") != id {
		t.Fatalf("the same key gives %q, then %q", id, outreach.BatchID("u-1", slug, "inv", "key-1"))
	}
	for name, other := range map[string]string{
		"another user":   outreach.BatchID("u-2", slug, "inv", "key-1"),
		"another survey": outreach.BatchID("u-1", "other", "inv", "key-1"),
		"another key":    outreach.BatchID("u-1", slug, "inv", "key-2"),
		"no key":         outreach.BatchID("u-1", slug, "inv", ""),
	} {
		if other == id {
			t.Errorf("%s: the same batch ID", name)
		}
	}
	if a, b := outreach.BatchID("u-1", slug, "inv", ""), outreach.BatchID("u-1", slug, "inv", ""); a == b || !strings.HasPrefix(a, "inv-") {
		t.Errorf("without a key: %q and %q", a, b)
	}
}
