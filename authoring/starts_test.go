package authoring_test

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"canvass/authoring"
	"canvass/surveys"
)

// questionIDs lists a survey's question IDs in order.
func questionIDs(def *surveys.Survey) []string {
	var out []string
	for _, q := range def.Questions {
		out = append(out, q.ID)
	}
	return out
}

// mustReadBack parses a start's source and checks it is the start's
// definition, with no errors while the example is open.
func mustReadBack(t *testing.T, svc *authoring.Service, st *authoring.Start) {
	t.Helper()
	def, problems, err := svc.Parse(context.Background(), st.Source)
	if err != nil || len(problems.Errors()) > 0 {
		t.Fatalf("%s: %v %v\n%s", st.Def.Slug, paths(problems), err, st.Source)
	}
	if !reflect.DeepEqual(def, st.Def) {
		t.Fatalf("%s: the source does not read back as the definition", st.Def.Slug)
	}
}

// Every start reads back from its YAML as a definition with no errors,
// under a slug no survey has, while the example round is open.
func TestStarts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	svc, example := newService(t)
	spring := mustCreate(t, svc, example)
	if _, err := svc.SetStatus(ctx, spring.Slug, surveys.StatusOpen); err != nil {
		t.Fatal(err)
	}

	ex, err := svc.StartFromExample(ctx)
	if err != nil || ex.Def.Slug != "my-safety-survey" || len(ex.Def.Questions) != len(spring.Questions) {
		t.Fatalf("from the example: %v %v", ex, err)
	}
	mustReadBack(t, svc, ex)
	mustCreate(t, svc, ex.Source)
	if again, err := svc.StartFromExample(ctx); err != nil || again.Def.Slug != "my-safety-survey-2" {
		t.Fatalf("from the example again: %v %v", again, err)
	}

	blank, err := svc.StartBlank(ctx, "es")
	if err != nil {
		t.Fatal(err)
	}
	mustReadBack(t, svc, blank)
	want := []string{"neighborhood", "safe_day", "age", "race", "home_language", "tenure"}
	if got := questionIDs(blank.Def); !slices.Equal(got, want) || !slices.Equal(blank.Def.Languages, []string{"es"}) ||
		blank.Def.Title["es"] != "Nueva encuesta" || blank.Def.Neighborhoods[1].Name["es"] != "Vecindario 2" || blank.Def.SMS != nil {
		t.Fatalf("blank in Spanish: %v %v %v", got, blank.Def.Languages, blank.Def.Title)
	}
	if other, err := svc.StartBlank(ctx, "fr"); err != nil || other.Def.DefaultLanguage != "en" {
		t.Fatalf("blank in a language the example lacks: %v %v", other, err)
	}

	next, err := svc.StartNextRound(ctx, spring.Slug, " Fall 2026 ")
	if err != nil {
		t.Fatal(err)
	}
	mustReadBack(t, svc, next)
	d := next.Def
	if d.Slug != "safety-fall-2026" || d.Series != spring.Series || d.Round != "Fall 2026" || d.RoundLabel != nil ||
		d.SMS.Keyword != spring.SMS.Keyword || !slices.Equal(questionIDs(d), questionIDs(spring)) {
		t.Fatalf("next round: %s %s %s %v %v", d.Slug, d.Series, d.Round, d.RoundLabel, questionIDs(d))
	}
	if _, err := svc.StartNextRound(ctx, spring.Slug, "  "); surveys.ErrorCode(err) != surveys.ErrInvalid {
		t.Fatalf("next round without a name: %v", err)
	}
	if _, err := svc.StartNextRound(ctx, "nope", "Fall"); !surveys.IsNotFound(err) {
		t.Fatalf("next round of no survey: %v", err)
	}
}
