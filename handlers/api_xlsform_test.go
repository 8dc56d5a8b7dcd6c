package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"canvass/surveys"
	"canvass/xlsform"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// TestXLSFormAPI exports the example survey as an XLSForm, imports it
// back under another slug, updates it from a workbook, and refuses
// workbooks canvass cannot read, all through HTTP.
func TestXLSFormAPI(t *testing.T) {
	t.Parallel()
	app := newApp(t, withExample())
	slug := app.rec.Slug

	// The export reads back as the stored definition.
	resp, body := app.get(t, "/api/v1/surveys/"+slug+"/xlsform")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != xlsxType ||
		resp.Header.Get("Content-Disposition") != `attachment; filename="`+slug+`.xlsx"` {
		t.Fatalf("export: %d %v", resp.StatusCode, resp.Header)
	}
	exported, problems, err := xlsform.Parse(bytes.NewReader(body))
	if err != nil || len(problems) > 0 || !reflect.DeepEqual(exported, &app.rec.Survey) {
		t.Fatalf("the export does not read back as the survey: %v %v", err, problems)
	}

	// Imported under another slug, it is the same survey, a draft, stored
	// with a YAML source the editor can show.
	copyDef := *exported
	copyDef.Slug = "safety-copy"
	copyDef.SMS = nil
	upload := writeForm(t, &copyDef)
	changed := copyDef
	changed.Title = surveys.Text{}
	for l, v := range copyDef.Title {
		changed.Title[l] = v + " (2)"
	}
	xlsx := map[string]string{"Content-Type": xlsxType}
	es := map[string]string{"Content-Type": xlsxType, "Accept-Language": "es"}
	for _, sc := range []scenario{
		{name: "export without token", method: "GET", path: "/api/v1/surveys/" + slug + "/xlsform", status: 401},
		{name: "export missing", method: "GET", path: "/api/v1/surveys/nope/xlsform", token: adminToken, status: 404},
		{name: "import the export: the slug is taken", method: "POST", path: "/api/v1/surveys", body: string(body), headers: xlsx, token: adminToken, status: 409},
		{name: "import", method: "POST", path: "/api/v1/surveys", body: upload, headers: xlsx, token: adminToken, status: 201,
			contains: []string{`"slug":"safety-copy"`, `"status":"draft"`, `"version":1`}},
		{name: "update from a workbook", method: "PUT", path: "/api/v1/surveys/safety-copy", body: writeForm(t, &changed), headers: xlsx, token: adminToken, status: 200,
			contains: []string{`"en":"Neighborhood Safety and Services Survey (2)"`}},
		{name: "a workbook sent without its type is still read", method: "PUT", path: "/api/v1/surveys/safety-copy", body: upload, token: adminToken, status: 200,
			excludes: []string{"(2)"}},
		{name: "YAML sent as a workbook", method: "POST", path: "/api/v1/surveys", body: "slug: x\n", headers: xlsx, token: adminToken, status: 422,
			contains: []string{`"errors":[`, "could not be read as an Excel workbook"}},
		{name: "refused constructs, every one", method: "POST", path: "/api/v1/surveys", body: refusedWorkbook(t), headers: xlsx, token: adminToken, status: 422,
			contains: []string{`"path":"survey!A3"`, "repeat “people” cannot be imported", `"path":"survey!D6"`, "${question} = 'value'", `"path":"settings!A2"`}},
		{name: "a definition problem names its cell", method: "POST", path: "/api/v1/surveys", body: badIDWorkbook(t), headers: xlsx, token: adminToken, status: 422,
			contains: []string{`"path":"survey!B2 (questions[0].id)"`, "Q 1"}},
		{name: "refused constructs, in Spanish", method: "POST", path: "/api/v1/surveys", body: refusedWorkbook(t), headers: es, token: adminToken, status: 422,
			contains: []string{`"path":"survey!A3"`, "No se puede importar la repetición"}},
	} {
		app.run(sc)
	}

	rec, err := app.Store.Survey(context.Background(), "safety-copy")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&rec.Survey, &copyDef) {
		t.Errorf("the imported survey differs from the one exported")
	}
	if again, _, err := surveys.Parse([]byte(rec.Source)); err != nil || !reflect.DeepEqual(again, &copyDef) {
		t.Errorf("the stored source is not the survey as YAML: %.200q", rec.Source)
	}
	var got surveys.Record
	if _, body := app.get(t, "/api/v1/surveys/safety-copy"); json.Unmarshal(body, &got) != nil || got.Title["es"] != copyDef.Title["es"] {
		t.Errorf("GET after import: %s", body)
	}
}

// get sends an authorized GET and returns the response and its body.
func (a *testApp) get(t *testing.T, path string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", a.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+adminToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func writeForm(t *testing.T, def *surveys.Survey) string {
	t.Helper()
	var buf bytes.Buffer
	if err := xlsform.Write(&buf, def); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// refusedWorkbook is an XLSForm with a repeat, a condition canvass cannot
// hold and a setting that is not a number.
func refusedWorkbook(t *testing.T) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	rows := map[string][][]any{
		"survey": {
			{"type", "name", "label", "relevant"},
			{"text", "q", "Q?"},
			{"begin repeat", "people", "People"},
			{"text", "age", "Age?"},
			{"end repeat"},
			{"integer", "n", "N?", "${q} != 'x'"},
		},
		"settings": {{"canvass_min_n", "form_id"}, {"ten", "refused"}},
	}
	_ = f.SetSheetName("Sheet1", "survey")
	_, _ = f.NewSheet("settings")
	for name, rs := range rows {
		for i, r := range rs {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(name, cell, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestXLSFormTextsAPI: a translator's filled-in export updates the texts,
// reporting each change; a half-done language is refused, naming every
// text still missing.
func TestXLSFormTextsAPI(t *testing.T) {
	t.Parallel()
	app := newApp(t, withExample())
	path := "/api/v1/surveys/" + app.rec.Slug + "/texts"
	def := app.rec.Survey
	revised := def
	revised.Title = surveys.Text{}
	for l, v := range def.Title {
		revised.Title[l] = v
	}
	revised.Title["es"] = "Encuesta de seguridad"
	revised.MinN = 99 // not a text: ignored
	halfFrench := def
	halfFrench.Title = surveys.Text{"fr": "Enquête sur la sécurité"}
	xlsx := map[string]string{"Content-Type": xlsxType}
	for _, sc := range []scenario{
		{name: "without token", method: "PUT", path: path, body: writeForm(t, &revised), headers: xlsx, status: 401},
		{name: "another survey's sheet", method: "PUT", path: "/api/v1/surveys/nope/texts", body: writeForm(t, &revised), headers: xlsx, token: adminToken, status: 422,
			contains: []string{"safety-spring-2026", "nope"}},
		{name: "not a workbook", method: "PUT", path: path, body: "title: {es: x}", headers: xlsx, token: adminToken, status: 422,
			contains: []string{"could not be read as an Excel workbook"}},
		{name: "a revised text", method: "PUT", path: path, body: writeForm(t, &revised), headers: xlsx, token: adminToken, status: 200,
			contains: []string{`"changed":[{"path":"title.es","old":"Encuesta sobre seguridad y servicios en el vecindario","new":"Encuesta de seguridad"}]`,
				`"survey":{`, `"min_n":10`}},
		{name: "the same again changes nothing", method: "PUT", path: path, body: writeForm(t, &revised), headers: xlsx, token: adminToken, status: 200,
			contains: []string{`"changed":[]`}},
		{name: "a language half done", method: "PUT", path: path, body: writeForm(t, &halfFrench), headers: xlsx, token: adminToken, status: 422,
			contains: []string{`"path":"intro.fr"`, `"path":"questions[0].text.fr"`}, excludes: []string{`"path":"title.fr"`}},
	} {
		app.run(sc)
	}
	// A sheet for a new language has its columns, empty.
	resp, body := app.get(t, "/api/v1/surveys/"+app.rec.Slug+"/xlsform?add_languages=fr,Português")
	if resp.StatusCode != 200 || !hasColumns(t, body, "label::Français (fr)", "label::Português (pt)") {
		t.Errorf("a sheet for new languages: %d", resp.StatusCode)
	}
	if resp, _ := app.get(t, "/api/v1/surveys/"+app.rec.Slug+"/xlsform?add_languages=elvish"); resp.StatusCode != 422 {
		t.Errorf("an unknown language to add: %d", resp.StatusCode)
	}
	rec, err := app.Store.Survey(context.Background(), app.rec.Slug)
	if err != nil || rec.Title["es"] != "Encuesta de seguridad" || rec.MinN != 10 || rec.HasLanguage("fr") {
		t.Errorf("stored: %v %v min_n %d languages %v", err, rec.Title, rec.MinN, rec.Languages)
	}
}

// hasColumns reports whether the survey sheet of an .xlsx has the headers.
func hasColumns(t *testing.T, xlsx []byte, headers ...string) bool {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("survey")
	if err != nil || len(rows) == 0 {
		t.Fatal("no survey sheet")
	}
	for _, h := range headers {
		if !slices.Contains(rows[0], h) {
			return false
		}
	}
	return true
}

// badIDWorkbook is an XLSForm whose only question has an ID canvass
// cannot use.
func badIDWorkbook(t *testing.T) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	_ = f.SetSheetName("Sheet1", "survey")
	for i, r := range [][]any{{"type", "name", "label::English (en)"}, {"text", "Q 1", "Q?"}} {
		if err := f.SetSheetRow("survey", "A"+strconv.Itoa(i+1), &r); err != nil {
			t.Fatal(err)
		}
	}
	_, _ = f.NewSheet("settings")
	row := []any{"bad-id", "Bad ID"}
	_ = f.SetSheetRow("settings", "A1", &[]any{"form_id", "form_title"})
	_ = f.SetSheetRow("settings", "A2", &row)
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}
