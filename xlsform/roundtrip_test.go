package xlsform

import (
	"bytes"
	"reflect"
	"testing"

	"canvass/surveys"
	"canvass/surveys/surveystest"
)

// roundTrip writes def and parses it back, failing on any problem.
func roundTrip(t *testing.T, def *surveys.Survey) (*surveys.Survey, int) {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, def); err != nil {
		t.Fatalf("Write: %v", err)
	}
	size := buf.Len()
	got, problems, err := Parse(&buf)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(problems) > 0 {
		t.Fatalf("Parse of a written form reports %v", problems)
	}
	return got, size
}

// TestRoundTripExample writes the example survey, six languages and every
// question type, and reads back the identical definition.
func TestRoundTripExample(t *testing.T) {
	def := surveystest.Example(t)
	got, size := roundTrip(t, def)
	if !reflect.DeepEqual(got, def) {
		t.Errorf("round trip differs:\n%s", diff(def, got))
	}
	t.Logf("the example survey as an XLSForm: %d bytes", size)
}

// TestRoundTripRandom writes random valid definitions and reads each back
// identically: every question type, one to four languages in any order,
// texts with quotes, commas and line breaks, show-if on every kind of
// question, ranges open at either end, SMS settings or none.
func TestRoundTripRandom(t *testing.T) {
	runs := 150
	if testing.Short() {
		runs = 30
	}
	for seed := range uint64(runs) {
		def := newGenerator(seed).survey()
		if errs := surveys.Validate(def, surveys.ValidationEnv{}).Errors(); len(errs) > 0 {
			t.Fatalf("seed %d: the generator made an invalid survey (%s): %v", seed, describe(def), errs)
		}
		got, _ := roundTrip(t, def)
		if !reflect.DeepEqual(got, def) {
			t.Fatalf("seed %d (%s): round trip differs:\n%s", seed, describe(def), diff(def, got))
		}
	}
}
