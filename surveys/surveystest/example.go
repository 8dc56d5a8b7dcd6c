package surveystest

import (
	"testing"

	"canvass/surveys"
	"canvass/surveys/examples"
)

// ExampleSlug is the example survey's slug.
const ExampleSlug = "safety-spring-2026"

// Example is the example survey (surveys/examples), parsed, for tests
// that need a real definition with every question type and six languages.
func Example(t testing.TB) *surveys.Survey {
	t.Helper()
	files, err := examples.Surveys()
	if err != nil {
		t.Fatal(err)
	}
	def, problems, err := surveys.Parse(files[ExampleSlug+".yaml"])
	if err != nil || len(problems.Errors()) > 0 {
		t.Fatalf("the example survey: %v %v", err, problems)
	}
	return def
}
