package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"canvass/store/storetest"
	"canvass/surveys"
)

// TestMainServesForm answers the example survey through the whole program,
// as a resident's phone would: the form, its stylesheet, the post, and the
// stored response.
func TestMainServesForm(t *testing.T) {
	t.Parallel()
	m, _ := MustRunMain(t, map[string]string{"MONGODB_URI": storetest.URI(t), "CANVASS_DATABASE": storetest.DatabaseName()})
	defer m.Store.Drop(context.Background())
	get := func(path string) (int, string) {
		resp, err := http.Get(m.URL() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	code, page := get("/s/safety-spring-2026?lang=es")
	if code != 200 || !strings.Contains(page, "Encuesta sobre seguridad") {
		t.Fatalf("form: %d %.300s", code, page)
	}
	css := regexp.MustCompile(`href="(/static/site\.[0-9a-f]+\.css)"`).FindStringSubmatch(page)
	if css == nil {
		t.Fatal("no stylesheet link")
	}
	if code, _ := get(css[1]); code != 200 {
		t.Errorf("stylesheet: %d", code)
	}
	key := regexp.MustCompile(`name="_key" value="([^"]+)"`).FindStringSubmatch(page)[1]
	form := url.Values{"_key": {key}, "neighborhood": {"elm-park"}, "safe_day": {"5"}, "safe_night": {"4"}}
	req, _ := http.NewRequest("POST", m.URL()+"/s/safety-spring-2026?lang=es", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "Gracias") {
		t.Fatalf("post: %d %.300s", resp.StatusCode, b)
	}
	var stored []*surveys.Response
	err = m.Store.EachResponse(context.Background(), "safety-spring-2026", func(r *surveys.Response) error {
		stored = append(stored, r)
		return nil
	})
	if err != nil || len(stored) != 1 || stored[0].Language != "es" || stored[0].Channel != "web" || stored[0].Neighborhood != "elm-park" {
		t.Fatalf("stored %v (%v), want one Spanish web response from elm-park", stored, err)
	}
}
