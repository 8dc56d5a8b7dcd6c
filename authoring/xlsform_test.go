package authoring_test

import (
	"bytes"
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"canvass/authoring"
	"canvass/surveys"
	"canvass/xlsform"
)

// TestXLSFormOnTheDefinitionsPath: a workbook given to Parse is read as an
// XLSForm and checked like a YAML definition, and is stored with a YAML
// source the editor can show, which parses back into the same survey.
func TestXLSFormOnTheDefinitionsPath(t *testing.T) {
	svc, example := newService(t)
	ctx := context.Background()
	want, _, err := surveys.Parse(example)
	if err != nil {
		t.Fatal(err)
	}
	var workbook bytes.Buffer
	if err := xlsform.Write(&workbook, want); err != nil {
		t.Fatal(err)
	}
	body := workbook.Bytes()
	if !authoring.IsWorkbook(body) || authoring.IsWorkbook(example) {
		t.Fatal("IsWorkbook tells a workbook from YAML wrongly")
	}
	for name, parse := range map[string]func(context.Context, []byte) (*surveys.Survey, surveys.Problems, error){
		"Parse": svc.Parse, "ParseXLSForm": svc.ParseXLSForm,
	} {
		def, problems, err := parse(ctx, body)
		if err != nil || len(problems.Errors()) > 0 || !reflect.DeepEqual(def, want) {
			t.Fatalf("%s: %v %v, same survey: %v", name, err, problems, reflect.DeepEqual(def, want))
		}
	}
	source, err := authoring.StoredSource(body, want)
	if err != nil || !strings.HasPrefix(source, "slug: safety-spring-2026\n") {
		t.Fatalf("stored source %.80q, %v", source, err)
	}
	again, problems, err := surveys.Parse([]byte(source))
	if err != nil || len(problems) > 0 || !reflect.DeepEqual(again, want) {
		t.Errorf("the stored YAML reads back differently: %v %v", err, problems)
	}
	if yamlSource, _ := authoring.StoredSource(example, want); yamlSource != string(example) {
		t.Error("a YAML definition is not stored as written")
	}
}

// TestXLSFormRefusals: the workbook's problems come back, by cell, before
// validation; a body sent as a workbook that is none says so.
func TestXLSFormRefusals(t *testing.T) {
	svc, example := newService(t)
	ctx := context.Background()
	_, problems, err := svc.ParseXLSForm(ctx, example)
	if err != nil || !slices.Equal(messages(problems), []string{" xlsform.not_workbook"}) {
		t.Errorf("YAML sent as a workbook: %v %v", messages(problems), err)
	}
	def, _, _ := surveys.Parse(example)
	var workbook bytes.Buffer
	if err := xlsform.Write(&workbook, def); err != nil {
		t.Fatal(err)
	}
	// Column P is relevant, after type, name and six labels and hints.
	broken := withCell(t, workbook.Bytes(), "survey", "relevant", 3, "${neighborhood} != 'riverside'")
	_, problems, err = svc.Parse(ctx, broken)
	if err != nil || !slices.Equal(paths(problems), []string{"survey!P3 xlsform.relevant"}) {
		t.Errorf("a refused condition: %v %v", messages(problems), err)
	}
}

// withCell sets the cell of column header, row n, of sheet in an .xlsx.
func withCell(t *testing.T, xlsx []byte, sheet, header string, n int, value string) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], header)
	cell, err := excelize.CoordinatesToCellName(col+1, n)
	if err != nil || f.SetCellStr(sheet, cell, value) != nil {
		t.Fatalf("no cell %s %s %d", sheet, header, n)
	}
	var out bytes.Buffer
	if _, err := f.WriteTo(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestXLSFormValidationPlaced: a definition problem of an imported
// workbook names the cell it comes from as well as its path.
func TestXLSFormValidationPlaced(t *testing.T) {
	svc, example := newService(t)
	def, _, _ := surveys.Parse(example)
	var workbook bytes.Buffer
	if err := xlsform.Write(&workbook, def); err != nil {
		t.Fatal(err)
	}
	upload := withCell(t, workbook.Bytes(), "survey", "name", 3, "Safe Day")
	_, problems, err := svc.ParseXLSForm(context.Background(), upload)
	if err != nil || !slices.Equal(paths(problems), []string{"survey!B3 (questions[1].id) survey.id_format"}) {
		t.Errorf("a bad ID: %v %v", paths(problems), err)
	}
}
