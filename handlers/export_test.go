package handlers_test

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"canvass/auth"
	"canvass/results"
)

// readCSV checks the BOM Excel needs and parses the rest.
func readCSV(t *testing.T, body []byte) [][]string {
	t.Helper()
	rest, ok := bytes.CutPrefix(body, []byte("\xEF\xBB\xBF"))
	if !ok {
		t.Fatalf("CSV without a UTF-8 BOM: Excel would open Arabic and Vietnamese text as mojibake")
	}
	if !bytes.Contains(rest, []byte("\r\n")) {
		t.Fatal("CSV lines must end in CRLF")
	}
	rows, err := csv.NewReader(bytes.NewReader(rest)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func testResultsCSVParsesBackToTheJSON(t *testing.T, a *resultsApp) {
	for _, q := range []string{"", "?split=race", "?language=es&min_n=12"} {
		res := groupByKey(a.results(q, auth.RoleStaff))
		status, body, h := a.fetch("/api/v1/surveys/"+exampleSlug+"/results.csv"+q, auth.RoleStaff)
		if status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") || !strings.Contains(h.Get("Content-Disposition"), "attachment") {
			t.Fatalf("%d %v", status, h)
		}
		rows := readCSV(t, body)
		col := map[string]int{}
		for i, name := range rows[0] {
			col[name] = i
		}
		seen := map[string]bool{}
		for _, r := range rows[1:] {
			k := r[col["neighborhood"]] + "/" + r[col["split"]]
			g := res[k]
			if g == nil {
				t.Fatalf("%s: CSV group %s not in the JSON", q, k)
			}
			seen[k] = true
			if r[col["group_n"]] != strconv.FormatInt(g.N, 10) || r[col["group_suppressed"]] != strconv.FormatBool(g.Suppressed) {
				t.Fatalf("%s %s: %v vs %+v", q, k, r, g)
			}
			if g.Suppressed {
				if r[col["question"]] != "" || r[col["count"]] != "" {
					t.Fatalf("%s %s: suppressed group with numbers: %v", q, k, r)
				}
				continue
			}
			qr := g.Questions[r[col["question"]]]
			if qr == nil || r[col["question_n"]] != strconv.FormatInt(qr.N, 10) || r[col["question_suppressed"]] != strconv.FormatBool(qr.Suppressed) {
				t.Fatalf("%s %s: %v vs %+v", q, k, r, qr)
			}
			if ans := r[col["answer"]]; ans != "" && r[col["count"]] != strconv.FormatInt(qr.Counts[ans], 10) {
				t.Fatalf("%s %s %s=%s: count %s, JSON %d", q, k, r[col["question"]], ans, r[col["count"]], qr.Counts[ans])
			}
			if qr.Mean != nil && r[col["mean"]] != strconv.FormatFloat(*qr.Mean, 'f', -1, 64) {
				t.Fatalf("%s %s mean %s vs %v", q, k, r[col["mean"]], *qr.Mean)
			}
		}
		if len(seen) != len(res) {
			t.Fatalf("%s: CSV has %d groups, JSON %d", q, len(seen), len(res))
		}
	}
	// Arabic labels survive, right after the BOM.
	_, body, _ := a.fetch("/api/v1/surveys/"+exampleSlug+"/results.csv?lang=ar", auth.RoleStaff)
	if !strings.Contains(string(body), "ريفرسايد") || !strings.Contains(string(body), "ما مدى شعورك بالأمان") {
		t.Fatal("Arabic labels missing from results.csv?lang=ar")
	}
}

func testResultsGeoJSONJoinsBoundariesAndResults(t *testing.T, a *resultsApp) {
	path := "/api/v1/surveys/" + exampleSlug + "/results.geojson"
	res := groupByKey(a.results("", auth.RoleStaff))
	status, body, h := a.fetch(path, auth.RoleStaff)
	if status != http.StatusOK || h.Get("Content-Type") != "application/geo+json" {
		t.Fatalf("%d %v %s", status, h, body)
	}
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Properties map[string]any  `json:"properties"`
			Geometry   json.RawMessage `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(body, &fc); err != nil || fc.Type != "FeatureCollection" || len(fc.Features) != len(a.rec.Neighborhoods) {
		t.Fatalf("%v %s %d", err, fc.Type, len(fc.Features))
	}
	for _, f := range fc.Features {
		p := f.Properties
		g := res[p["neighborhood"].(string)+"/"]
		if g == nil || p["n"].(float64) != float64(g.N) || p["suppressed"] != g.Suppressed || len(f.Geometry) < 50 {
			t.Fatalf("feature %v vs %+v", p, g)
		}
		if p["id"] != p["neighborhood"] {
			t.Fatalf("the organizer's own properties are kept: %v", p)
		}
		safe := g.Questions["safe_day"]
		switch {
		case g.Suppressed:
			if p["safe_day_mean"] != nil || p["safe_day_5"] != nil {
				t.Fatalf("suppressed neighborhood with values: %v", p)
			}
		default:
			if p["safe_day_mean"].(float64) != *safe.Mean || p["safe_day_5"].(float64) != float64(safe.Counts["5"]) {
				t.Fatalf("%v vs %+v", p, safe)
			}
		}
	}
	// A partner's map has their neighborhood only.
	_, body, _ = a.fetch(path, auth.RolePartner)
	if err := json.Unmarshal(body, &fc); err != nil || len(fc.Features) != 1 {
		t.Fatalf("partner map: %v %d", err, len(fc.Features))
	}
	if status, _, _ := a.fetch(path+"?split=age", auth.RoleStaff); status != http.StatusUnprocessableEntity {
		t.Fatalf("split map: %d", status)
	}
}

// results.gpkg holds the GeoJSON's layer whole: a row per neighborhood
// with the same values under the same (long) column names, which a
// Shapefile would cut to ten characters; a partner's has their
// neighborhood only.
func testResultsGeoPackageMatchesTheGeoJSON(t *testing.T, a *resultsApp) {
	base := "/api/v1/surveys/" + exampleSlug + "/results."
	for _, role := range []auth.Role{auth.RoleStaff, auth.RolePartner} {
		_, body, _ := a.fetch(base+"geojson", role)
		var fc struct {
			Features []struct {
				Properties map[string]any `json:"properties"`
			} `json:"features"`
		}
		if err := json.Unmarshal(body, &fc); err != nil {
			t.Fatal(err)
		}
		status, pkg, h := a.fetch(base+"gpkg", role)
		if status != http.StatusOK || h.Get("Content-Type") != "application/geopackage+sqlite3" || !strings.HasPrefix(string(pkg), "SQLite format 3\x00") {
			t.Fatalf("%s: %d %v", role, status, h)
		}
		path := filepath.Join(t.TempDir(), "results.gpkg")
		if err := os.WriteFile(path, pkg, 0o600); err != nil {
			t.Fatal(err)
		}
		db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		rows, err := db.Query("SELECT * FROM results ORDER BY fid")
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		long := 0
		n := 0
		for ; rows.Next(); n++ {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			want := fc.Features[n].Properties
			for i, col := range cols {
				if col == "fid" || col == "geom" {
					continue
				}
				if len(col) > 10 {
					long++
				}
				if got, w := fmt.Sprint(sqlValue(vals[i], want[col])), fmt.Sprint(want[col]); got != w {
					t.Fatalf("%s row %d %s: %s, the GeoJSON has %s", role, n, col, got, w)
				}
			}
		}
		rows.Close()
		db.Close()
		if n != len(fc.Features) || long == 0 {
			t.Fatalf("%s: %d rows for %d features, %d long column names", role, n, len(fc.Features), long)
		}
	}
}

// sqlValue reads a SQLite value as the GeoJSON has it: numbers as
// float64, booleans as bool (SQLite stores them as 0 and 1).
func sqlValue(v, like any) any {
	switch x := v.(type) {
	case int64:
		if _, ok := like.(bool); ok {
			return x != 0
		}
		return float64(x)
	case []byte:
		return string(x)
	}
	return v
}

// putExampleBoundaries uploads the example's boundaries file.
func (a *resultsApp) putExampleBoundaries() {
	a.t.Helper()
	geo := exampleBoundaries(a.t)
	status, body, _ := a.send("PUT", "/api/v1/surveys/"+exampleSlug+"/boundaries", auth.RoleOrganizer, string(geo))
	if status != http.StatusOK {
		a.t.Fatalf("boundaries: %d %s", status, body)
	}
}

func TestBoundariesUpload(t *testing.T) {
	t.Parallel()
	a := newResultsApp(t, 0, 1)
	path := "/api/v1/surveys/" + exampleSlug + "/boundaries"
	if status, _, _ := a.fetch("/api/v1/surveys/"+exampleSlug+"/results.geojson", auth.RoleStaff); status != http.StatusNotFound {
		t.Fatalf("a map without boundaries: %d", status)
	}
	bad := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"atlantis"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}`
	for _, sc := range []struct {
		role   auth.Role
		body   string
		status int
		want   string
	}{
		{auth.RoleStaff, bad, 403, ""},
		{auth.RoleOrganizer, "not json", 422, "FeatureCollection"},
		{auth.RoleOrganizer, bad, 422, `"path":"features[0].properties.id"`},
		{auth.RoleOrganizer, `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"riverside"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}`, 200, `"features":1`},
	} {
		status, body, _ := a.send("PUT", path, sc.role, sc.body)
		if status != sc.status || !strings.Contains(string(body), sc.want) {
			t.Errorf("%s: %d %s", sc.role, status, body)
		}
	}
	status, body, _ := a.fetch(path, auth.RolePartner)
	if status != 200 || !strings.Contains(string(body), "riverside") {
		t.Fatalf("get: %d %s", status, body)
	}
	if status, _, _ := a.send("DELETE", path, auth.RoleOrganizer, ""); status != http.StatusNoContent {
		t.Fatalf("delete: %d", status)
	}
	if status, _, _ := a.fetch(path, auth.RoleStaff); status != http.StatusNotFound {
		t.Fatalf("after delete: %d", status)
	}
}

// exportRowsByNeighborhood counts rows per neighborhood of a raw export.
func exportRowsByNeighborhood(rows [][]string) map[string]int64 {
	out := map[string]int64{}
	for _, r := range rows[1:] {
		out[r[6]]++
	}
	return out
}

func jsonNeighborhoodCounts(res *results.Results) map[string]int64 {
	out := map[string]int64{}
	for _, g := range res.Groups {
		if g.Split == nil && g.N > 0 {
			out[g.Neighborhood] = g.N
		}
	}
	return out
}
