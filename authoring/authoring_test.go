package authoring_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"canvass/authoring"
	"canvass/locales"
	"canvass/sms"
	"canvass/store/storetest"
	"canvass/surveys"
	"canvass/surveys/examples"
)

func newService(t *testing.T) (*authoring.Service, []byte) {
	t.Helper()
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	files, err := examples.Surveys()
	if err != nil {
		t.Fatal(err)
	}
	return &authoring.Service{Store: storetest.New(t), Texts: sms.NewTranslator(cat)}, files["safety-spring-2026.yaml"]
}

// nextRound is the example as its next round: another slug, the same
// keyword, as an organizer drafts it while the current round is open.
func nextRound(example []byte) []byte {
	return []byte(strings.Replace(string(example), "slug: safety-spring-2026", "slug: safety-fall-2026", 1))
}

func paths(ps surveys.Problems) []string {
	var out []string
	for _, p := range ps.Errors() {
		out = append(out, p.Path+" "+p.MessageID)
	}
	return out
}

// A definition is checked against the surveys open now: the next round may
// not open with the keyword the open round holds, and opening checks again
// at that moment, since another survey may have opened since it was saved.
func TestOpenSurveysKeepTheirKeywords(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	svc, example := newService(t)
	def, problems, err := svc.Parse(ctx, example)
	if err != nil || len(problems.Errors()) > 0 {
		t.Fatalf("the example: %v %v", paths(problems), err)
	}
	if _, err := svc.Create(ctx, def, string(example)); err != nil {
		t.Fatal(err)
	}
	next, problems, err := svc.Parse(ctx, nextRound(example))
	if err != nil || len(problems.Errors()) > 0 {
		t.Fatalf("the next round, while the first is a draft: %v %v", paths(problems), err)
	}
	if _, err := svc.Create(ctx, next, string(nextRound(example))); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetStatus(ctx, def.Slug, surveys.StatusOpen); err != nil {
		t.Fatal(err)
	}
	_, problems, _ = svc.Parse(ctx, nextRound(example))
	if got := paths(problems); len(got) == 0 || got[0] != "sms.keyword survey.keyword_taken" {
		t.Fatalf("the next round while the first is open: %v", got)
	}
	_, err = svc.SetStatus(ctx, next.Slug, surveys.StatusOpen)
	var refused surveys.Problems
	if !errors.As(err, &refused) || paths(refused)[0] != "sms.keyword survey.keyword_taken" {
		t.Fatalf("opening the next round while the first is open: %v", err)
	}
	if _, err := svc.SetStatus(ctx, def.Slug, surveys.StatusClosed); err != nil {
		t.Fatal(err)
	}
	if rec, err := svc.SetStatus(ctx, next.Slug, surveys.StatusOpen); err != nil || rec.Status != surveys.StatusOpen {
		t.Fatalf("opening the next round once the first closed: %v %v", rec, err)
	}
}

// Check warns of every SMS message longer than one segment, the cost an
// organizer pays for each resident, and the report counts every language.
func TestCheckWarnsOfLongMessages(t *testing.T) {
	t.Parallel()
	svc, example := newService(t)
	long := strings.Replace(string(example), "slug: safety-spring-2026", "slug: long-one", 1)
	long = strings.Replace(long, "keyword: SAFE", "keyword: LONG", 1)
	def, problems, err := svc.Parse(context.Background(), []byte(long))
	if err != nil || def == nil {
		t.Fatal(err)
	}
	report := svc.Cost(def)
	if report == nil || len(report.Languages) != len(def.Languages) {
		t.Fatalf("cost report: %+v", report)
	}
	warned := 0
	for _, p := range problems.Warnings() {
		if strings.HasPrefix(p.MessageID, "survey.sms_") {
			warned++
		}
	}
	if want := len(report.Warnings()); warned != want || warned == 0 {
		t.Fatalf("%d SMS length warnings, the cost report has %d", warned, want)
	}
}
