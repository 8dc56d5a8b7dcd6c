package invite

import (
	"errors"
	"strings"
	"testing"
	"time"

	"canvass/surveys"
)

func testSurvey() *surveys.Survey {
	return &surveys.Survey{
		Slug: "safety", DefaultLanguage: "en", Languages: []string{"en", "es", "ar"},
		Title: surveys.Text{"en": "Safety Survey", "es": "Encuesta de seguridad", "ar": "استبيان السلامة"},
		SMS:   &surveys.SMSSettings{Keyword: "SAFE"},
		Neighborhoods: []surveys.Neighborhood{
			{ID: "north-of-main", Name: surveys.Text{"en": "North of Main", "ar": "نورث أوف مين"}, Match: []string{"01420", "north"}},
			{ID: "riverside", Name: surveys.Text{"en": "Riverside", "ar": "ريفرسايد"}},
		},
		Questions: []surveys.Question{
			{ID: "neighborhood", Type: surveys.TypeNeighborhood},
			{ID: "safe_day", Type: surveys.TypeScale, Scale: &surveys.Scale{Min: 1, Max: 5, High: surveys.Text{"en": "Very safe", "es": "Muy seguro", "ar": "آمن جدًا"}}},
			{ID: "needs", Type: surveys.TypeMulti, Options: []surveys.Option{{ID: "housing", Text: surveys.Text{"en": "Housing"}}, {ID: "jobs", Text: surveys.Text{"en": "Jobs"}}}},
		},
	}
}

func TestParseCSVKeepsGoodRowsAndReportsBadOnes(t *testing.T) {
	csv := "\uFEFFPhone Number,Language,Neighborhood,Consent Source,Consent Date,Name\n" +
		"(617) 555-0101,Spanish,North of Main,door knocking,2026-03-01,Ana\n" + // row 2: good
		"617-555-0102,ar,riverside,library sign-up,3/2/2026,Omar\n" + // row 3: good, US date
		"555-0103,en,riverside,clinic,2026-03-01,\n" + // row 4: short number
		"617 555 0104,klingon,nowhere,,someday,\n" + // row 5: four problems
		"\n" + // blank lines are skipped
		"+1 617 555 0101,es,01420,community meeting,2026-04-01,Ana again\n" + // row 7: duplicate of row 2
		"617 555 0105 x12,en,north,clinic,2099-01-01,\n" // row 8: extension, future date
	p, err := ParseCSV(strings.NewReader(csv), ParseOptions{Region: "US", Neighborhoods: NewNeighborhoodIndex(testSurvey()), Today: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Rows) != 2 || p.Read != 6 {
		t.Fatalf("kept %d rows of %d read: %+v", len(p.Rows), p.Read, p.Rows)
	}
	ana := p.Rows[0]
	if ana.Phone != "+16175550101" || ana.Language != "es" || ana.Neighborhood != "north-of-main" ||
		ana.ConsentSource != "community meeting" || len(ana.Consents) != 2 {
		t.Errorf("merged row: %+v", ana)
	}
	if d := p.Rows[1].ConsentDate; d.Month() != time.March || d.Day() != 2 {
		t.Errorf("3/2/2026 in the US read as %v", d)
	}
	byRow := map[int][]string{}
	for _, r := range p.Rejected {
		byRow[r.Row] = append(byRow[r.Row], r.MessageID)
	}
	want := map[int][]string{
		4: {"contacts.phone.too_short"},
		5: {"contacts.language_unknown", "contacts.neighborhood_unknown", "contacts.required", "contacts.consent_date_format"},
		8: {"contacts.phone.extension", "contacts.consent_date_future"},
	}
	for row, ids := range want {
		if strings.Join(byRow[row], " ") != strings.Join(ids, " ") {
			t.Errorf("row %d: reasons %v, want %v", row, byRow[row], ids)
		}
	}
	if len(byRow) != len(want) {
		t.Errorf("rejected rows %v, want %v", byRow, want)
	}
	if len(p.Merged) != 1 || p.Merged[0].Row != 7 || p.Merged[0].Data["FirstRow"] != 2 {
		t.Errorf("merged: %+v", p.Merged)
	}
	if len(p.Ignored) != 1 || p.Ignored[0] != "Name" {
		t.Errorf("ignored columns: %v", p.Ignored)
	}
}

func TestParseCSVWholeFileProblems(t *testing.T) {
	cases := map[string]string{
		"":                                     "contacts.empty_file",
		"phone,language\n6175550101,en\n":      "contacts.missing_columns",
		"phone,mobile,language,neighborhood\n": "contacts.duplicate_column",
	}
	for in, id := range cases {
		_, err := ParseCSV(strings.NewReader(in), ParseOptions{Region: "US"})
		var de *surveys.Error
		if !errors.As(err, &de) || de.MessageID != id {
			t.Errorf("%q: %v, want %s", in, err, id)
		}
	}
}

func TestParseCSVSemicolonsAndAnyNeighborhoodID(t *testing.T) {
	in := "phone;language;neighborhood;consent_source;consent_date\n07911 123456;fr;Old-Town;market stall;15/03/2026\n"
	p, err := ParseCSV(strings.NewReader(in), ParseOptions{Region: "GB"})
	if err != nil || len(p.Rows) != 1 {
		t.Fatalf("%+v, %v", p, err)
	}
	r := p.Rows[0]
	if r.Phone != "+447911123456" || r.Language != "fr" || r.Neighborhood != "old-town" || r.ConsentDate.Month() != time.March {
		t.Errorf("row %+v", r)
	}
}
