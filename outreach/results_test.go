package outreach_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"canvass/invite"
	"canvass/outreach"
	"canvass/reports"
	"canvass/surveys"
)

// respond stores n SMS responses from a neighborhood, safe_day answers
// cycling through 1..5 from start.
func (f *fixture) respond(t *testing.T, nb string, n, start int) {
	t.Helper()
	for i := range n {
		r := &surveys.Response{ID: fmt.Sprintf("%s-%d", nb, i), Survey: slug, Version: 1, Channel: surveys.ChannelSMS,
			Language: "en", Neighborhood: nb, Answers: map[string]any{"neighborhood": nb, "safe_day": 1 + (start+i)%5},
			Respondent: fmt.Sprintf("r-%s-%d", nb, i), CreatedAt: time.Now().UTC()}
		if _, err := f.st.InsertResponse(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
}

// follow stores a respondent's request to hear the results back.
func (f *fixture) follow(t *testing.T, id, num, lang, nb string) {
	t.Helper()
	fu := &invite.Followup{ID: slug + "|" + id, Survey: slug, Respondent: id, Phone: num, Language: lang, Neighborhood: nb}
	if err := f.st.SaveFollowup(context.Background(), fu); err != nil {
		t.Fatal(err)
	}
}

// resultsFixture has responses from three neighborhoods (Riverside's too
// few to show) and six requests to hear back: one opted out since, one
// from a neighborhood the survey does not have.
func resultsFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	f.respond(t, "north-of-main", 30, 3)
	f.respond(t, "mill-district", 25, 0)
	f.respond(t, "riverside", 3, 0)
	f.follow(t, "f-en", "+16175550201", "en", "north-of-main")
	f.follow(t, "f-es", "+16175550202", "es", "north-of-main")
	f.follow(t, "f-ar", "+16175550203", "ar", "riverside")
	f.follow(t, "f-mill", "+16175550204", "en", "mill-district")
	f.follow(t, "f-out", "+16175550205", "en", "north-of-main")
	f.follow(t, "f-gone", "+16175550206", "en", "atlantis")
	f.optOut(t, "f-out")
	return f
}

func TestPlanResultsBackShowsOnlyWhatThePublicPageShows(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := resultsFixture(t)
	f.setStatus(t, surveys.StatusClosed)
	rec := f.survey(t)

	p, err := f.svc.PlanResultsBack(ctx, rec, "")
	if err != nil {
		t.Fatal(err)
	}
	est := p.Estimate
	if est.Recipients != 4 || est.Excluded[invite.ReasonOptedOut] != 1 || est.Excluded[outreach.ReasonNoNeighborhood] != 1 {
		t.Fatalf("estimate %+v", est)
	}
	public, err := (&reports.Service{Store: f.st}).Public(ctx, rec)
	if err != nil {
		t.Fatal(err)
	}
	hidden := map[string]bool{}
	for _, g := range public.Groups {
		if g.Split == nil {
			hidden[g.Neighborhood] = g.Suppressed
		}
	}
	if hidden["north-of-main"] || hidden["mill-district"] || !hidden["riverside"] {
		t.Fatalf("the public page hides %v; the test data needs adjusting", hidden)
	}
	if len(est.Texts) != 4 {
		t.Errorf("%d texts, want one per neighborhood and language: %+v", len(est.Texts), est.Texts)
	}
	for _, tx := range est.Texts {
		if shows := strings.Contains(tx.Text, "%"); shows == hidden[tx.Neighborhood] {
			t.Errorf("%s/%s: %q; hidden on the public page: %v", tx.Neighborhood, tx.Language, tx.Text, hidden[tx.Neighborhood])
		}
	}
	for _, r := range p.Recipients {
		if r.ID == "f-ar" && strings.Contains(r.Body, "3") {
			t.Errorf("Riverside's three respondents are counted in %q", r.Body)
		}
		if r.ID == "f-en" && !strings.Contains(r.Body, "30 neighbors") {
			t.Errorf("north of Main, en: %q", r.Body)
		}
		if len(r.Phone) == 0 || strings.Contains(string(r.Phone), "6175550") {
			t.Errorf("%s: the number is not sealed", r.ID)
		}
	}
}

func TestResultsBackHeadlineIsNeverDemographic(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := resultsFixture(t)
	f.setStatus(t, surveys.StatusClosed)
	rec := f.survey(t)
	for _, q := range []string{"age", "neighborhood", "comment"} {
		_, err := f.svc.PlanResultsBack(ctx, rec, q)
		de := wantError(t, q, err, surveys.ErrInvalid, "results.question_unknown")
		if de.Data["Question"] != q {
			t.Errorf("%s: the error names %v", q, de.Data)
		}
	}
	_, err := f.svc.SendResultsBack(ctx, organizer, rec, confirmed(outreach.Request{Question: "age"}, 4))
	wantError(t, "sending age", err, surveys.ErrInvalid, "results.question_unknown")
	if p, err := f.svc.PlanResultsBack(ctx, rec, "safe_night"); err != nil || p.Estimate.Recipients != 4 {
		t.Errorf("a scale question asked for: %v", err)
	}
	if q := f.queued(t); len(q) != 0 {
		t.Errorf("%d messages queued", len(q))
	}
}

// A survey's results go back once, after it closes: a second send is
// refused until the first is canceled, and then is a batch of its own.
func TestSendResultsBackOncePerSurvey(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := resultsFixture(t)
	rec := f.survey(t)
	p, err := f.svc.PlanResultsBack(ctx, rec, "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.SendResultsBack(ctx, organizer, rec, confirmed(outreach.Request{}, p.Estimate.Segments))
	wantError(t, "survey still open", err, surveys.ErrConflict, "results.survey_not_closed")

	f.setStatus(t, surveys.StatusClosed)
	rec = f.survey(t)
	if p, err = f.svc.PlanResultsBack(ctx, rec, ""); err != nil {
		t.Fatal(err)
	}
	req := confirmed(outreach.Request{}, p.Estimate.Segments)
	_, err = f.svc.SendResultsBack(ctx, organizer, rec, confirmed(outreach.Request{}, p.Estimate.Segments+1))
	wantError(t, "changed estimate", err, surveys.ErrConflict, "invite.estimate_changed")

	b, err := f.svc.SendResultsBack(ctx, organizer, rec, req)
	if err != nil {
		t.Fatal(err)
	}
	if b.ID != "res-"+slug+"-1" || b.Kind != invite.KindResults || b.Total != 4 || !b.Enqueued || b.CreatedBy != organizer.Email {
		t.Errorf("batch %+v", b)
	}
	_, err = f.svc.SendResultsBack(ctx, organizer, rec, req)
	if de := wantError(t, "twice", err, surveys.ErrConflict, "results.already_sent"); de.Data["ID"] != b.ID {
		t.Errorf("the refusal names %v, not %s", de.Data, b.ID)
	}
	if q := f.queued(t); len(q) != 4 {
		t.Errorf("%d messages queued, want 4", len(q))
	}

	if _, err := f.st.CancelBatch(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	again, err := f.svc.SendResultsBack(ctx, organizer, rec, req)
	if err != nil || again.ID != "res-"+slug+"-2" || again.Total != 4 {
		t.Fatalf("after canceling: %+v, %v", again, err)
	}
	if bs, err := f.st.Batches(ctx, slug, invite.KindResults); err != nil || len(bs) != 2 {
		t.Errorf("results batches: %d, %v", len(bs), err)
	}
}
