package handlers_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"canvass/auth"
	"canvass/results"
	"canvass/surveys"
)

func openXLSX(t *testing.T, body []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func testResultsXLSXParsesBackToTheJSON(t *testing.T, a *resultsApp) {
	res := a.results("?split=age", auth.RoleStaff)
	status, body, h := a.fetch("/api/v1/surveys/"+exampleSlug+"/results.xlsx?split=age&lang=es", auth.RoleStaff)
	if status != http.StatusOK || !strings.Contains(h.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("%d %v", status, h)
	}
	f := openXLSX(t, body)
	sheets := f.GetSheetList()
	qs := results.Questions(&a.rec.Survey)
	if len(sheets) != 1+len(qs) || sheets[0] != "Acerca de" {
		t.Fatalf("sheets %v", sheets)
	}
	groups := append([]results.Group{*res.Overall}, res.Groups...)
	for i, q := range qs {
		rows, err := f.GetRows(sheets[i+1])
		if err != nil {
			t.Fatal(err)
		}
		if rows[0][0] != q.Text["es"] || rows[1][0] != "Vecindario" {
			t.Fatalf("%s: headers not in Spanish: %v / %v", q.ID, rows[0], rows[1])
		}
		if len(rows) != 2+len(groups) {
			t.Fatalf("%s: %d rows for %d groups", q.ID, len(rows)-2, len(groups))
		}
		for j, g := range groups {
			row := rows[2+j]
			if row[2] != strconv.FormatInt(g.N, 10) {
				t.Fatalf("%s row %d: n %s, JSON %d", q.ID, j, row[2], g.N)
			}
			qr := g.Questions[q.ID]
			if g.Suppressed || qr.Suppressed {
				if !strings.HasPrefix(row[len(row)-1], "Oculto") {
					t.Fatalf("%s row %d: suppressed cells not marked: %v", q.ID, j, row)
				}
				continue
			}
			if row[3] != strconv.FormatInt(qr.N, 10) {
				t.Fatalf("%s row %d: answered %s, JSON %d", q.ID, j, row[3], qr.N)
			}
			keys := q.AnswerKeys()
			for k, key := range keys {
				if row[4+k] != strconv.FormatInt(qr.Counts[key], 10) {
					t.Fatalf("%s row %d answer %s: %s, JSON %d", q.ID, j, key, row[4+k], qr.Counts[key])
				}
			}
		}
	}
	// Arabic workbooks read right to left.
	_, body, _ = a.fetch("/api/v1/surveys/"+exampleSlug+"/results.xlsx?lang=ar", auth.RoleStaff)
	ar := openXLSX(t, body)
	view, err := ar.GetSheetView(ar.GetSheetList()[1], -1)
	if err != nil || view.RightToLeft == nil || !*view.RightToLeft {
		t.Fatalf("Arabic sheet view: %+v %v", view, err)
	}
}

func testResponsesExportsArePseudonymizedAndSafe(t *testing.T, a *resultsApp) {
	evil := &surveys.Response{ID: "sms|+16175550199|1", Survey: exampleSlug, Version: a.rec.Version, Channel: "sms", Language: "en",
		Neighborhood: "riverside", Respondent: "pseudo-abc", CreatedAt: time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC),
		Answers: map[string]any{"neighborhood": "riverside", "safe_day": 3, "safe_night": 1, "comment": "=HYPERLINK(\"http://x\") call 617-555-0199",
			"needs": []string{"housing", "food"}}}
	minus := &surveys.Response{ID: "web-2", Survey: exampleSlug, Version: a.rec.Version, Channel: "web", Language: "vi", Neighborhood: "riverside",
		CreatedAt: time.Date(2026, 3, 6, 12, 0, 0, 0, time.UTC), Answers: map[string]any{"neighborhood": "riverside", "safe_day": 2, "safe_night": 2, "comment": "-Đèn đường hỏng"}}
	a.insert(evil, minus)
	res := a.results("", auth.RoleStaff)
	base := "/api/v1/surveys/" + exampleSlug + "/responses"

	status, body, _ := a.fetch(base+".csv", auth.RoleStaff)
	if status != http.StatusOK {
		t.Fatalf("%d %s", status, body)
	}
	rows := readCSV(t, body)
	if len(rows)-1 != len(a.responses) {
		t.Fatalf("%d rows, %d responses", len(rows)-1, len(a.responses))
	}
	header := strings.Join(rows[0], ",")
	if !strings.HasPrefix(header, "response,respondent,created_at,version,channel,language,neighborhood,safe_day,") || !strings.Contains(header, ",needs.housing,needs.jobs,") {
		t.Fatalf("header %s", header)
	}
	if mustJSON(t, exportRowsByNeighborhood(rows)) != mustJSON(t, jsonNeighborhoodCounts(res)) {
		t.Fatalf("rows per neighborhood %v, results %v", exportRowsByNeighborhood(rows), jsonNeighborhoodCounts(res))
	}
	text := string(body)
	for _, leak := range []string{"6175550199", "617-555-0199", "pseudo-abc", "sms|+1"} {
		if strings.Contains(text, leak) {
			t.Fatalf("responses.csv contains %q", leak)
		}
	}
	if !strings.Contains(text, `'=HYPERLINK(""http://x"") call [number removed]`) || !strings.Contains(text, "'-Đèn đường hỏng") {
		t.Fatalf("formula cells not neutralized or number not masked:\n%s", text[len(text)-600:])
	}

	_, body, _ = a.fetch(base+".ndjson?channel=sms", auth.RoleStaff)
	sc := bufio.NewScanner(bytes.NewReader(body))
	lines, sms := 0, 0
	for sc.Scan() {
		var r map[string]any
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("line %d: %v", lines, err)
		}
		lines++
		if r["channel"] == "sms" {
			sms++
		}
		if r["respondent"] == "pseudo-abc" || strings.Contains(sc.Text(), "555-0199") {
			t.Fatalf("ndjson leaks: %s", sc.Text())
		}
	}
	if lines == 0 || lines != sms || lines != countChannel(a.responses, "sms") {
		t.Fatalf("ndjson?channel=sms: %d lines, %d sms, want %d", lines, sms, countChannel(a.responses, "sms"))
	}

	_, body, _ = a.fetch(base+".xlsx?lang=vi", auth.RoleStaff)
	f := openXLSX(t, body)
	xrows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil || len(xrows)-1 != len(a.responses) {
		t.Fatalf("xlsx: %v, %d rows", err, len(xrows)-1)
	}
	if !strings.Contains(strings.Join(xrows[0], "|"), "Bạn cảm thấy an toàn") {
		t.Fatalf("xlsx header not in Vietnamese: %v", xrows[0])
	}
	// The time received is a date a spreadsheet sorts and groups by, not
	// text: the two responses stored last are the last two rows.
	sheet := f.GetSheetList()[0]
	for i, want := range []time.Time{evil.CreatedAt, minus.CreatedAt} {
		cell, _ := excelize.CoordinatesToCellName(3, len(xrows)-1+i)
		raw, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		serial, perr := strconv.ParseFloat(raw, 64)
		if err != nil || perr != nil {
			t.Fatalf("%s holds %q, not a date serial", cell, raw)
		}
		if got, err := excelize.ExcelDateToTime(serial, false); err != nil || !got.Round(time.Second).Equal(want) {
			t.Fatalf("%s is %v, want %v", cell, got, want)
		}
		if shown, _ := f.GetCellValue(sheet, cell); shown != want.Format("2006-01-02 15:04:05") {
			t.Fatalf("%s reads %q", cell, shown)
		}
	}
	// Text cells are typed as text, never formulas.
	for i, r := range xrows {
		for j, v := range r {
			if strings.HasPrefix(v, "=HYPERLINK") {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if formula, _ := f.GetCellFormula(f.GetSheetList()[0], cell); formula != "" {
					t.Fatalf("%s holds a formula", cell)
				}
			}
		}
	}
}

func countChannel(rs []*surveys.Response, ch string) int {
	n := 0
	for _, r := range rs {
		if r.Channel == ch {
			n++
		}
	}
	return n
}
