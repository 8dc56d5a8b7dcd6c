package synth_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"canvass/results"
	"canvass/surveys"
	"canvass/surveys/examples"
	"canvass/surveys/surveystest"
	"canvass/synth"
)

func TestSynthResponsesAreValidAndRealistic(t *testing.T) {
	def := surveystest.Example(t)
	start, end := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC)
	rs := synth.New(def, 5, start, end).Take(3000)
	if again := synth.New(def, 5, start, end).Take(3000); !reflect.DeepEqual(again, rs) {
		t.Fatal("the same seed must give the same responses")
	}
	byNb, langs, channels := map[string]int{}, map[string]int{}, map[string]int{}
	safe := map[string][2]int{}
	for _, r := range rs {
		answers := map[string]any{}
		for k, v := range r.Answers {
			answers[k] = v
		}
		if p := def.Complete(answers); len(p) > 0 || len(answers) != len(r.Answers) {
			t.Fatalf("%s is not a complete response: %v", r.ID, p)
		}
		for id, v := range r.Answers {
			q, _ := def.Question(id)
			raw := strings.Fields(surveys.AnswerString(v))
			if xs, ok := v.([]string); ok {
				raw = xs
			}
			if q.Type == surveys.TypeText {
				raw = []string{v.(string)}
			}
			if _, p := surveys.ParseAnswer(def, q, raw); p != nil {
				t.Fatalf("%s %s=%v: %s", r.ID, id, v, p.MessageID)
			}
		}
		if r.Channel == surveys.ChannelSMS && r.Respondent == "" || r.Channel == surveys.ChannelWeb && r.Respondent != "" {
			t.Fatalf("%s: SMS responses carry a pseudonym, web ones none", r.ID)
		}
		byNb[r.Neighborhood]++
		langs[r.Language]++
		channels[r.Channel]++
		s := safe[r.Neighborhood]
		s[0] += r.Answers["safe_day"].(int)
		s[1]++
		safe[r.Neighborhood] = s
	}
	if len(langs) != len(def.Languages) || len(channels) != 2 || len(byNb) != len(def.Neighborhoods) {
		t.Fatalf("languages %v channels %v neighborhoods %v", langs, channels, byNb)
	}
	lo, hi := len(rs), 0
	meanLo, meanHi := 9.0, 0.0
	for nb, n := range byNb {
		lo, hi = min(lo, n), max(hi, n)
		m := float64(safe[nb][0]) / float64(safe[nb][1])
		meanLo, meanHi = min(meanLo, m), max(meanHi, m)
	}
	if hi < 4*lo {
		t.Errorf("neighborhood sizes too even: %v", byNb)
	}
	if meanHi-meanLo < 0.4 {
		t.Errorf("neighborhoods all feel the same: safe_day means %.2f–%.2f", meanLo, meanHi)
	}
}

func TestParseBoundaries(t *testing.T) {
	def := surveystest.Example(t)
	raw, ok := examples.Boundaries(def.Slug)
	if !ok {
		t.Fatal("the example ships boundaries")
	}
	b, p := surveys.ParseBoundaries(def, raw)
	if len(p) != 0 || len(b.Features) != len(def.Neighborhoods) || len(b.Features[0].Polygons[0][0]) < 4 {
		t.Fatalf("%v %d", p, len(b.Features))
	}
	bad := `{"type":"FeatureCollection","features":[
	 {"type":"Feature","properties":{"id":"riverside"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
	 {"type":"Feature","properties":{"id":"riverside"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
	 {"type":"Feature","properties":{"id":"atlantis"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
	 {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
	 {"type":"Feature","properties":{"neighborhood":"elm-park"},"geometry":{"type":"Point","coordinates":[0,0]}},
	 {"type":"Feature","properties":{"id":"eastgate"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[200,0],[1,1],[0,0]]]}}]}`
	b, p = surveys.ParseBoundaries(def, []byte(bad))
	got := map[string]string{}
	for _, x := range p {
		got[x.Path] = x.MessageID
	}
	want := map[string]string{"features[1].properties.id": "boundaries.id_duplicate", "features[2].properties.id": "boundaries.id_unknown",
		"features[3].properties.id": "boundaries.id_missing", "features[4].geometry": "boundaries.geometry_invalid",
		"features[5].geometry": "boundaries.geometry_invalid", "neighborhoods[0]": "boundaries.missing"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q, want %q", k, got[k], v)
		}
	}
	if b != nil {
		t.Fatal("boundaries with errors must not be returned")
	}
	if _, p := surveys.ParseBoundaries(def, []byte(`{"type":"Feature"}`)); len(p) != 1 {
		t.Fatalf("not a collection: %v", p)
	}
}

func TestCellIDsRoundTrip(t *testing.T) {
	for _, c := range []results.Cell{{Neighborhood: "riverside"}, {Neighborhood: results.Unassigned, Dim: results.DimChannel, Value: "sms"},
		{Neighborhood: "elm-park", Dim: results.SplitDim("age"), Value: "age_18_24"}} {
		got, ok := results.CellFromID("safety-spring-2026", c.ID("safety-spring-2026"))
		if !ok || got != c {
			t.Fatalf("%+v → %s → %+v", c, c.ID("safety-spring-2026"), got)
		}
	}
	if _, ok := results.CellFromID("safety", "safety-spring-2026|riverside|*"); ok {
		t.Fatal("a cell of another survey whose slug starts the same")
	}
}
