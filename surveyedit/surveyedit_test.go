package surveyedit

import (
	"net/url"
	"slices"
	"testing"

	"canvass/surveys"
)

func sample() *surveys.Survey {
	return &surveys.Survey{Slug: "s", DefaultLanguage: "en", Languages: []string{"en", "es"}, MinN: 10,
		Title: surveys.Text{"en": "T", "es": "T"},
		Questions: []surveys.Question{
			{ID: "a", Type: surveys.TypeScale, Text: surveys.Text{"en": "A", "es": "A"}, Scale: &surveys.Scale{Min: 1, Max: 5}},
			{ID: "b", Type: surveys.TypeSingle, Text: surveys.Text{"en": "B", "es": "B"}, Options: []surveys.Option{{ID: "x"}, {ID: "y"}}},
		}}
}

func ids(def *surveys.Survey) []string {
	var out []string
	for _, q := range def.Questions {
		out = append(out, q.ID)
	}
	return out
}

// Each action changes what it names and nothing else; an action on an
// item that is not there, or a language canvass cannot name, is refused
// with a message and changes nothing.
func TestDo(t *testing.T) {
	def := sample()
	for _, typ := range surveys.QuestionTypes {
		if _, err := Do(def, ParseOp("add_question"), typ); err != nil {
			t.Fatal(err)
		}
		q := def.Questions[len(def.Questions)-1]
		fits := (q.Scale != nil) == (typ == surveys.TypeScale) && (q.Number != nil) == (typ == surveys.TypeNumber) &&
			(len(q.Options) >= 2) == (typ == surveys.TypeSingle || typ == surveys.TypeMulti)
		if !fits || q.Type != typ {
			t.Errorf("added %s: %+v", typ, q)
		}
	}
	if got := ids(def); !slices.Equal(got, []string{"a", "b", "q3", "q4", "q5", "q6", "q7", "q8"}) {
		t.Errorf("new question IDs: %v", got)
	}
	mustDo(t, def, "down_question:0", "")
	mustDo(t, def, "remove_question:7", "")
	mustDo(t, def, "up_option:0:1", "")
	if got := ids(def); got[0] != "b" || len(got) != 7 || def.Questions[0].Options[0].ID != "y" {
		t.Errorf("after moving and removing: %v %v", got, def.Questions[0].Options)
	}
	res := mustDo(t, def, "add_language", "Soomaali")
	if res.Added != "so" || !def.HasLanguage("so") {
		t.Errorf("adding Somali by its name: %+v %v", res, def.Languages)
	}
	mustDo(t, def, "remove_language:es", "")
	if def.HasLanguage("es") || def.Title["es"] != "" {
		t.Errorf("removing Spanish: %v %v", def.Languages, def.Title)
	}
	for op, value := range map[string]string{"remove_question:99": "", "up_option:0:9": "", "add_language": "Klingon", "remove_language:en": "", "bogus": ""} {
		before := len(def.Questions)
		if _, err := Do(def, ParseOp(op), value); surveys.ErrorCode(err) != surveys.ErrInvalid || len(def.Questions) != before {
			t.Errorf("%s %q: %v", op, value, err)
		}
	}
}

func mustDo(t *testing.T, def *surveys.Survey, op, value string) Result {
	t.Helper()
	res, err := Do(def, ParseOp(op), value)
	if err != nil {
		t.Fatalf("%s: %v", op, err)
	}
	return res
}

// Apply reads fields onto the definition in the editing language; an
// unticked box says so through its hidden field; a number that does not
// read is reported and keeps its value; a field the form lacks is kept.
func TestApply(t *testing.T) {
	def := sample()
	problems := Apply(def, url.Values{
		"title": {"Título"}, "min_n": {"many"}, "q.1.optional": {"0", "1"}, "q.0.optional": {"0"},
		"q.0.id": {"a"}, "q.0.scale_max": {"7"}, "q.1.id": {"b"}, "q.1.type": {"multi"}, "q.1.max_choices": {"2"},
		"sms_keyword": {"  "}, "alias.es": {"UNO, DOS"},
	}, "es")
	if len(problems) != 1 || problems[0].Path != "min_n" || def.MinN != 10 {
		t.Errorf("problems %v, min_n %d", problems, def.MinN)
	}
	if def.Title["es"] != "Título" || def.Title["en"] != "T" || !def.Questions[1].Optional || def.Questions[0].Optional {
		t.Errorf("title %v, optional %v %v", def.Title, def.Questions[0].Optional, def.Questions[1].Optional)
	}
	if def.Questions[0].Scale.Max != 7 || def.Questions[1].Type != surveys.TypeMulti || def.Questions[1].MaxChoices != 2 {
		t.Errorf("scale %+v, question b %+v", def.Questions[0].Scale, def.Questions[1])
	}
	if def.SMS == nil || !slices.Equal(def.SMS.Aliases["es"], []string{"UNO", "DOS"}) {
		t.Errorf("sms %+v", def.SMS)
	}
	if Apply(def, url.Values{"sms_keyword": {""}, "alias.es": {""}}, "en"); def.SMS != nil {
		t.Errorf("no keyword and no alias still offers SMS: %+v", def.SMS)
	}
}

// ApplyTexts fills and empties cells of the grid, and keeps the texts
// whose cells the form lacks.
func TestApplyTexts(t *testing.T) {
	def := sample()
	ApplyTexts(def, url.Values{
		TextCell("title", "es"):                        {" Encuesta "},
		TextCell("questions[0].text", "es"):            {""},
		TextCell("questions[1].options[0].text", "es"): {"Equis"},
		TextCell("intro", "en"):                        {""},
	})
	if def.Title["es"] != "Encuesta" || def.Title["en"] != "T" || def.Questions[0].Text["es"] != "" || def.Questions[0].Text["en"] != "A" ||
		def.Questions[1].Options[0].Text["es"] != "Equis" || def.Intro != nil || def.Questions[1].Text["es"] != "B" {
		t.Errorf("after the grid: %+v", def)
	}
}
