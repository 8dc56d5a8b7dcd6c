package invite

import (
	"strings"
	"testing"

	"canvass/locales"
	"canvass/results"
	"canvass/sms"
	"canvass/surveys"
	"canvass/surveys/examples"
)

func catalog(t *testing.T) *locales.Catalog {
	t.Helper()
	c, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestInvitationText(t *testing.T) {
	c := catalog(t)
	def := testSurvey()
	en := InvitationText(c.Localizer("en"), def, "en", "https://survey.example.org")
	if !strings.Contains(en, "https://survey.example.org/s/safety ") || !strings.Contains(en, "SAFE") || !strings.Contains(en, "STOP") {
		t.Errorf("en invitation: %q", en)
	}
	es := InvitationText(c.Localizer("es"), def, "es", "https://survey.example.org")
	if !strings.Contains(es, "/s/safety?lang=es") || !strings.Contains(es, "Encuesta de seguridad") {
		t.Errorf("es invitation: %q", es)
	}
	def.Invitation = surveys.Text{"en": "Hi from the partnership! Take our survey: {link}"}
	own := InvitationText(c.Localizer("en"), def, "en", "https://x.org")
	if own != "Hi from the partnership! Take our survey: https://x.org/s/safety Reply STOP to opt out." {
		t.Errorf("organizer's invitation: %q", own)
	}
	def.Invitation = surveys.Text{"en": "Text {keyword} to answer. STOP to end."}
	if got := InvitationText(c.Localizer("en"), def, "en", "https://x.org"); got != "Text SAFE to answer. STOP to end. https://x.org/s/safety" {
		t.Errorf("invitation without {link}: %q", got)
	}
	if MessageLanguage(def, "so") != "en" || MessageLanguage(def, "ar") != "ar" {
		t.Error("MessageLanguage does not fall back to the survey's default")
	}
}

// The default texts of Latin-script languages must stay in GSM-7: one
// character outside it would double what every message costs.
func TestDefaultTextsStayInGSM7(t *testing.T) {
	c := catalog(t)
	def := testSurvey()
	def.Title = surveys.Text{"en": "Safety Survey", "es": "Encuesta de seguridad", "so": "Sahanka Ammaanka", "ht": "Sondaj sou sekirite"}
	def.Languages = []string{"en", "es", "so", "ht"}
	g := &results.Group{Neighborhood: "riverside", N: 87, Questions: map[string]*results.QuestionResult{
		"safe_day": {N: 85, Counts: map[string]int64{"1": 4, "2": 9, "3": 20, "4": 30, "5": 22}}}}
	q, _ := def.Question("safe_day")
	for _, lang := range def.Languages {
		loc := c.Localizer(lang)
		texts := []string{InvitationText(loc, def, lang, "https://survey.example.org"),
			ResultsText(loc, def, g, q, lang, "https://survey.example.org/s/safety/results"),
			ResultsText(loc, def, &results.Group{Neighborhood: "riverside", N: 4, Suppressed: true}, q, lang, "")}
		for _, id := range []string{"results.sms.full", "results.sms.medium", "results.sms.short", "results.sms.tiny",
			"results.sms.scale", "results.sms.scale_plain", "results.sms.option", "results.sms.mean", "results.sms.thanks", "results.sms.suppressed_link", "results.sms.suppressed_short"} {
			texts = append(texts, loc.T(id, map[string]any{"Neighborhood": "Riverside", "N": 87, "Title": "T", "Headline": "H", "Link": "L", "Pct": 5, "From": 4, "To": 5, "High": "x", "Option": "y", "Mean": "2"}))
		}
		for _, text := range texts {
			if enc, _, _ := sms.Count(text); enc != sms.GSM7 {
				t.Errorf("%s: %q is %s", lang, text, enc)
			}
		}
	}
}

func TestResultsTextFitsOneSegmentAndHidesSuppressed(t *testing.T) {
	c := catalog(t)
	def := testSurvey()
	q, _ := def.Question("safe_day")
	g := &results.Group{Neighborhood: "north-of-main", N: 87, Questions: map[string]*results.QuestionResult{
		"safe_day": {N: 85, Counts: map[string]int64{"1": 4, "2": 9, "3": 20, "4": 30, "5": 22}}}}
	link := "https://survey.example.org/s/safety/results"
	en := ResultsText(c.Localizer("en"), def, g, q, "en", link)
	if !strings.Contains(en, "87 neighbors") || !strings.Contains(en, "61% chose 4-5 (Very safe)") {
		t.Errorf("en results: %q", en)
	}
	for _, lang := range []string{"en", "es", "ar"} {
		text := ResultsText(c.Localizer(lang), def, g, q, lang, link)
		if _, _, segs := sms.Count(text); segs != 1 {
			t.Errorf("%s results take %d segments: %q", lang, segs, text)
		}
	}
	hidden := &results.Group{Neighborhood: "riverside", N: 6, Suppressed: true}
	text := ResultsText(c.Localizer("en"), def, hidden, q, "en", link)
	if strings.Contains(text, "6") || strings.Contains(text, "%") {
		t.Errorf("a suppressed neighborhood's text shows figures: %q", text)
	}
	qHidden := &results.Group{Neighborhood: "riverside", N: 40, Questions: map[string]*results.QuestionResult{"safe_day": {N: 5, Suppressed: true}}}
	if text := ResultsText(c.Localizer("en"), def, qHidden, q, "en", link); strings.Contains(text, "%") {
		t.Errorf("a suppressed question's figure shows: %q", text)
	}
	needs, _ := def.Question("needs")
	g.Questions["needs"] = &results.QuestionResult{N: 80, Counts: map[string]int64{"housing": 40, "jobs": 31}}
	if text := ResultsText(c.Localizer("en"), def, g, needs, "en", ""); !strings.Contains(text, "Top answer: Housing (50%)") {
		t.Errorf("option headline: %q", text)
	}
}

func TestPlannerEstimates(t *testing.T) {
	p := NewPlanner()
	long := strings.Repeat("a", 200) // two GSM-7 segments
	for range 3 {
		p.Add("en", "", long)
	}
	p.Add("ar", "", "مرحبا")
	e := p.Estimate()
	if e.Recipients != 4 || e.Segments != 7 || len(e.Texts) != 2 || e.Texts[0].Language != "ar" || e.Texts[1].TotalSegments != 6 {
		t.Errorf("estimate %+v", e)
	}
}

// Every neighborhood of the example survey gets its results in one segment
// in each of its six languages, with the public results link where it
// fits, for any count up to four digits.
func TestExampleSurveyResultsFitOneSegment(t *testing.T) {
	c := catalog(t)
	files, err := examples.Surveys()
	if err != nil {
		t.Fatal(err)
	}
	def, problems, err := surveys.Check(files["safety-spring-2026.yaml"], surveys.ValidationEnv{})
	if err != nil || len(problems.Errors()) > 0 {
		t.Fatal(problems, err)
	}
	q, ok := HeadlineQuestion(def, "")
	if !ok || q.ID != "safe_day" {
		t.Fatalf("headline question %v", q)
	}
	// Residents never get back a figure the public page hides.
	for _, id := range []string{"age", "race", "home_language"} {
		if _, ok := HeadlineQuestion(def, id); ok {
			t.Errorf("demographic question %s may headline a results text", id)
		}
	}
	for _, nb := range def.Neighborhoods {
		shown := &results.Group{Neighborhood: nb.ID, N: 1234, Questions: map[string]*results.QuestionResult{
			q.ID: {N: 1200, Counts: map[string]int64{"5": 1200}}}}
		hidden := &results.Group{Neighborhood: nb.ID, N: 4, Suppressed: true}
		for _, lang := range def.Languages {
			for _, g := range []*results.Group{shown, hidden} {
				text := ResultsText(c.Localizer(lang), def, g, q, lang, "https://survey.example.org/s/safety-spring-2026/results?lang="+lang)
				if _, _, segs := sms.Count(text); segs != 1 {
					t.Errorf("%s, %s: %d segments: %q", nb.ID, lang, segs, text)
				}
			}
		}
	}
}
