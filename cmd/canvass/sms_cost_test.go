package main

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"canvass/surveys/examples"
)

// TestSMSCostAgrees renders the example survey's SMS cost the three ways
// an organizer reads it (the survey page, with the API's sms_cost, the
// SMS preview of each language, and `canvass sms simulate` answering as
// the preview's resident does) and checks they report the same segments
// per language, as written and with plain letters.
func TestSMSCostAgrees(t *testing.T) {
	t.Parallel()
	m, _ := MustRunMain(t, nil)
	files, err := examples.Surveys()
	if err != nil {
		t.Fatal(err)
	}
	written := string(files["safety-spring-2026.yaml"])
	plain := strings.Replace(written, "  keyword: SAFE\n", "  keyword: SAFE\n  plain_letters: [en, es, so, ht]\n", 1)
	if plain == written {
		t.Fatal("the example survey's sms section moved")
	}
	for _, def := range []string{written, plain} {
		var saved struct {
			SMSCost struct {
				Languages []struct {
					Language        string
					PlainLetters    bool `json:"plain_letters"`
					Segments        int
					WrittenSegments int `json:"written_segments"`
					PlainSegments   int `json:"plain_segments"`
				}
			} `json:"sms_cost"`
		}
		if code := apiCall(t, "PUT", m.URL()+"/api/v1/surveys/safety-spring-2026", "application/yaml", def, &saved); code != http.StatusOK {
			t.Fatalf("update: %d", code)
		}
		file := filepath.Join(t.TempDir(), "survey.yaml")
		if err := os.WriteFile(file, []byte(def), 0o600); err != nil {
			t.Fatal(err)
		}
		surveyPage := adminPage(t, m.URL()+"/admin/surveys/safety-spring-2026")
		for _, lc := range saved.SMSCost.Languages {
			want := lc.WrittenSegments
			if lc.PlainLetters {
				want = lc.PlainSegments
			}
			wantPlain := def == plain && lc.Language != "vi" && lc.Language != "ar"
			if lc.PlainLetters != wantPlain || lc.Segments != want {
				t.Errorf("%s: sms_cost %+v", lc.Language, lc)
			}
			if (lc.Language == "es" || lc.Language == "ht") && lc.PlainSegments >= lc.WrittenSegments {
				t.Errorf("%s: plain letters save nothing: %+v", lc.Language, lc)
			}
			row := fmt.Sprintf(`<td class="n"><strong>%d</strong></td><td class="n">%d</td><td class="n">%d`, lc.Segments, lc.WrittenSegments, lc.PlainSegments)
			if !strings.Contains(surveyPage, row) {
				t.Errorf("%s: the survey page has no row %s", lc.Language, row)
			}
			preview := adminPage(t, m.URL()+"/admin/surveys/safety-spring-2026/sms?lang="+lc.Language)
			for _, want := range []string{
				fmt.Sprintf("%d segments per completed survey", lc.Segments),
				fmt.Sprintf("Segments as written: %d. In plain letters: %d.", lc.WrittenSegments, lc.PlainSegments),
			} {
				if !strings.Contains(preview, want) {
					t.Errorf("%s: the SMS preview lacks %q", lc.Language, want)
				}
			}
			if got := simulated(t, file, lc.Language, residentTexts(preview)); got != lc.Segments {
				t.Errorf("%s: the simulator sent %d segments, the survey's cost is %d", lc.Language, got, lc.Segments)
			}
		}
	}
}

// adminPage fetches a staff page with the admin token.
func adminPage(t *testing.T, url string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+testAdminToken)
	req.Header.Set("Accept-Language", "en")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", url, resp.StatusCode)
	}
	return string(b)
}

var residentBubble = regexp.MustCompile(`(?s)<li class="resident">.*?<p class="bubble"[^>]*>(.*?)</p>`)

// residentTexts are the texts of the SMS preview's resident.
func residentTexts(preview string) []string {
	var out []string
	for _, m := range residentBubble.FindAllStringSubmatch(preview, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

// simulated runs `canvass sms simulate` in lang, the resident texting
// what texts says after the keyword and the language it sends itself,
// and returns the segments it reports sent.
func simulated(t *testing.T, file, lang string, texts []string) int {
	t.Helper()
	var out bytes.Buffer
	// simulate texts the keyword (the language's alias, as the preview's
	// resident does), then the language's number when the main keyword
	// brought the menu: the answers follow.
	answers := texts[1:]
	if texts[0] == "SAFE" {
		answers = answers[1:]
	}
	stdin := strings.NewReader(strings.Join(answers, "\n") + "\n")
	if err := simulateFrom(stdin)(context.Background(), []string{"--file", file, "--lang", lang}, func(string) string { return "" }, &out, &out); err != nil {
		t.Fatalf("simulate %s: %v\n%s", lang, err, out.String())
	}
	total := sentInAll.FindStringSubmatch(out.String())
	if total == nil {
		t.Fatalf("simulate %s gives no total:\n%s", lang, out.String())
	}
	if !strings.Contains(out.String(), "(response complete") {
		t.Errorf("simulate %s: the resident did not finish:\n%s", lang, out.String())
	}
	n, _ := strconv.Atoi(total[1])
	return n
}

var sentInAll = regexp.MustCompile(`\((\d+) segment\(s\) sent in all\)`)
