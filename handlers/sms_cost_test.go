package handlers_test

import (
	"encoding/json"
	"strings"
	"testing"

	"canvass/surveys/examples"
)

// TestSurveyAPISMSCost uploads the example survey through the API: the
// answer reports what each SMS message costs per language and warns, in
// the organizer's language, about every message longer than one segment.
func TestSurveyAPISMSCost(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	files, err := examples.Surveys()
	if err != nil {
		t.Fatal(err)
	}
	body := app.run(scenario{name: "create", method: "POST", path: "/api/v1/surveys", body: string(files["safety-spring-2026.yaml"]),
		headers: map[string]string{"Content-Type": "application/yaml", "Accept-Language": "es"}, token: adminToken, status: 201,
		contains: []string{`"sms_cost":{"languages":[{"language":"en"`, `"encoding":"UCS-2"`, `"path":"questions[5].sms_text.vi"`,
			"segmentos de SMS (UCS-2"}})
	var got struct {
		SMSCost struct {
			Languages []struct {
				Language string `json:"language"`
				Segments int    `json:"segments"`
				Messages []struct {
					Path     string `json:"path"`
					Encoding string `json:"encoding"`
					Segments int    `json:"segments"`
				} `json:"messages"`
			} `json:"languages"`
		} `json:"sms_cost"`
		Warnings []struct{ Path, Message string } `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.SMSCost.Languages) != 6 {
		t.Fatalf("sms_cost: %+v", got.SMSCost)
	}
	for _, lc := range got.SMSCost.Languages {
		if lc.Segments < len(lc.Messages) {
			t.Errorf("%s: %d segments for %d messages", lc.Language, lc.Segments, len(lc.Messages))
		}
	}
	warned := 0
	for _, w := range got.Warnings {
		if strings.Contains(w.Message, "segmentos de SMS") {
			warned++
		}
	}
	if warned == 0 {
		t.Fatalf("no SMS cost warning among %+v", got.Warnings)
	}
	// A survey without SMS has no cost section.
	app.run(scenario{name: "no sms", method: "POST", path: "/api/v1/surveys", token: adminToken, status: 201,
		headers:  map[string]string{"Content-Type": "application/json"},
		body:     `{"slug":"web-only","default_language":"en","languages":["en"],"title":{"en":"W"},"questions":[{"id":"q","type":"text","text":{"en":"Say"}}]}`,
		excludes: []string{"sms_cost"}})
}
