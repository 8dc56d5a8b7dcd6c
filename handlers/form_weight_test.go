package handlers_test

import (
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// maxFirstPageBytes is the budget for the example survey's first
// page: HTML and CSS together, gzipped, as a phone on a slow plan gets it.
const maxFirstPageBytes = 20 << 10

// TestFormPageWeight measures what a phone downloads for the example
// survey's first page in each language, as served (gzipped), and holds the
// HTML and CSS to the budget. Run with -v to see the table that
// docs/benchmarks.md records.
func TestFormPageWeight(t *testing.T) {
	t.Parallel()
	a := newApp(t, withExample())
	raw := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	fetch := func(path string) (wire, plain int, body string) {
		t.Helper()
		req, _ := http.NewRequest("GET", a.URL+path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := raw.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("%s: %d, Content-Encoding %q", path, resp.StatusCode, resp.Header.Get("Content-Encoding"))
		}
		req.Header.Del("Accept-Encoding")
		resp2, err := raw.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp2.Body.Close()
		p, _ := io.ReadAll(resp2.Body)
		return len(b), len(p), string(p)
	}
	assets := regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`)
	table := []string{"| language | HTML | CSS | HTML+CSS | JS (optional) | icon | total |", "|---|---|---|---|---|---|---|"}
	for _, lang := range []string{"en", "es", "so", "vi", "ar", "ht"} {
		htmlWire, htmlPlain, html := fetch("/s/" + exampleSlug + "?lang=" + lang)
		var cssWire, jsWire, cssPlain, jsPlain, icon int
		for _, m := range assets.FindAllStringSubmatch(html, -1) {
			if strings.HasPrefix(m[1], "/static/favicon.") {
				// Fetched by the browser at low priority, after the page.
				icon += fetchSize(t, raw, a.URL+m[1])
				continue
			}
			w, p, _ := fetch(m[1])
			switch {
			case strings.HasSuffix(m[1], ".css"):
				cssWire, cssPlain = cssWire+w, cssPlain+p
			case strings.HasSuffix(m[1], ".js"):
				jsWire, jsPlain = jsWire+w, jsPlain+p
			default:
				t.Errorf("%s: unexpected asset %s on the first page", lang, m[1])
			}
		}
		if cssWire == 0 {
			t.Fatalf("%s: no stylesheet found", lang)
		}
		if sum := htmlWire + cssWire; sum > maxFirstPageBytes {
			t.Errorf("%s: first page HTML+CSS is %d bytes gzipped, over the %d budget", lang, sum, maxFirstPageBytes)
		}
		table = append(table, fmt.Sprintf("| %s | %s | %s | %s | %s | %s | %s |", lang,
			kb(htmlWire, htmlPlain), kb(cssWire, cssPlain), kb(htmlWire+cssWire, htmlPlain+cssPlain), kb(jsWire, jsPlain), kb(icon, icon),
			kb(htmlWire+cssWire+jsWire+icon, htmlPlain+cssPlain+jsPlain+icon)))
	}
	t.Logf("first page of %s, gzipped (uncompressed):\n%s", exampleSlug, strings.Join(table, "\n"))
}

// fetchSize is the size of what url serves.
func fetchSize(t *testing.T, c *http.Client, url string) int {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", url, resp.StatusCode)
	}
	return len(b)
}

func kb(wire, plain int) string {
	return fmt.Sprintf("%.1f KB (%.1f)", float64(wire)/1024, float64(plain)/1024)
}
