package authoring_test

import (
	"bytes"
	"context"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"canvass/authoring"
	"canvass/store"
	"canvass/surveys"
	"canvass/xlsform"
)

// exampleWorkbook stores the example survey, a draft, and returns it and
// its XLSForm as an organizer would download it for a translator.
func exampleWorkbook(t *testing.T) (*authoring.Service, *surveys.Survey, []byte) {
	t.Helper()
	svc, example := newService(t)
	def, _, _ := surveys.Parse(example)
	if _, err := svc.Create(context.Background(), def, string(example)); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := xlsform.Write(&buf, def); err != nil {
		t.Fatal(err)
	}
	return svc, def, buf.Bytes()
}

// TestUpdateTexts: a translator's upload changes the texts it changed and
// nothing else, even where the sheet's structure was edited too.
func TestUpdateTexts(t *testing.T) {
	svc, def, workbook := exampleWorkbook(t)
	ctx := context.Background()
	upload := withCell(t, workbook, "survey", "label::Español (es)", 3, "¿Qué tan seguro se siente de día?")
	upload = withCell(t, upload, "choices", "label::Soomaali (so)", 2, "Iftiin yar") // the first neighborhood
	upload = withCell(t, upload, "survey", "required", 3, "no")                      // not a text: ignored
	upload = withCell(t, upload, "survey", "label::English (en)", 4, "")             // blank: left alone
	upload = withCell(t, upload, "settings", "canvass_min_n", 2, "50")               // a setting: ignored
	rec, report, warnings, err := svc.UpdateTexts(ctx, def.Slug, upload)
	if err != nil {
		t.Fatal(err)
	}
	want := []authoring.TextChange{
		{Path: "neighborhoods[0].name.so", Old: def.Neighborhoods[0].Name["so"], New: "Iftiin yar"},
		{Path: "questions[1].text.es", Old: def.Questions[1].Text["es"], New: "¿Qué tan seguro se siente de día?"},
	}
	if !reflect.DeepEqual(report.Changed, want) || len(report.LanguagesAdded) > 0 {
		t.Errorf("report %+v", report)
	}
	def.Neighborhoods[0].Name["so"], def.Questions[1].Text["es"] = want[0].New, want[1].New
	if !reflect.DeepEqual(&rec.Survey, def) || rec.Version != 1 {
		t.Errorf("stored (version %d):\n%+v", rec.Version, rec.Survey.Questions[1])
	}
	if len(warnings.Errors()) > 0 {
		t.Errorf("warnings hold errors: %v", warnings)
	}

	// The same upload again changes nothing and saves nothing.
	again, report, _, err := svc.UpdateTexts(ctx, def.Slug, upload)
	if err != nil || len(report.Changed) != 0 || !again.UpdatedAt.Equal(rec.UpdatedAt) {
		t.Errorf("a second upload: %v %+v", err, report)
	}
}

// TestUpdateTextsNewVersion: once a survey has responses, new texts make
// a new version and the responses keep theirs.
func TestUpdateTextsNewVersion(t *testing.T) {
	svc, def, workbook := exampleWorkbook(t)
	ctx := context.Background()
	st := svc.Store.(*store.Store)
	r := &surveys.Response{ID: "r1", Survey: def.Slug, Version: 1, Channel: surveys.ChannelWeb, Language: "en",
		Neighborhood: "riverside", Answers: map[string]any{"neighborhood": "riverside"}, CreatedAt: time.Now()}
	if _, err := st.InsertResponse(ctx, r); err != nil {
		t.Fatal(err)
	}
	rec, report, _, err := svc.UpdateTexts(ctx, def.Slug, withCell(t, workbook, "settings", "form_title", 2, "Safety Survey"))
	if err != nil || rec.Version != 2 || rec.Title["en"] != "Safety Survey" || len(report.Changed) != 1 {
		t.Errorf("%v: version %d, %+v", err, rec.Version, report)
	}
}

// TestUpdateTextsMissing: a language half translated is not saved; the
// problems name every text still missing in it.
func TestUpdateTextsMissing(t *testing.T) {
	svc, def, workbook := exampleWorkbook(t)
	ctx := context.Background()
	upload := withColumn(t, workbook, "settings", "canvass_title::Français (fr)", 2, "Enquête sur la sécurité")
	upload = withColumn(t, upload, "survey", "label::Français (fr)", 2, "Dans quel quartier habitez-vous ?")
	_, _, _, err := svc.UpdateTexts(ctx, def.Slug, upload)
	problems, ok := err.(surveys.Problems)
	if !ok {
		t.Fatalf("want problems, got %v", err)
	}
	missing := paths(problems)
	for _, p := range []string{"intro.fr survey.missing_translation", "questions[1].text.fr survey.missing_translation",
		"neighborhoods[0].name.fr survey.missing_translation"} {
		if !slices.Contains(missing, p) {
			t.Errorf("%s is not reported; problems: %v", p, missing[:min(len(missing), 8)])
		}
	}
	if slices.Contains(missing, "title.fr survey.missing_translation") || slices.Contains(missing, "questions[0].text.fr survey.missing_translation") {
		t.Error("a translated text is reported missing")
	}
	stored, err := svc.Store.Survey(ctx, def.Slug)
	if err != nil || stored.HasLanguage("fr") {
		t.Errorf("a half-done language was saved: %v", err)
	}
}

// withColumn adds a column named header to sheet, with value in row n.
func withColumn(t *testing.T, xlsx []byte, sheet, header string, n int, value string) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cols, err := f.GetCols(sheet)
	if err != nil {
		t.Fatal(err)
	}
	name, _ := excelize.ColumnNumberToName(len(cols) + 1)
	if f.SetCellStr(sheet, name+"1", header) != nil || f.SetCellStr(sheet, name+strconv.Itoa(n), value) != nil {
		t.Fatal("cannot add a column")
	}
	var out bytes.Buffer
	if _, err := f.WriteTo(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
