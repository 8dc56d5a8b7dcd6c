package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestCloseLetsInFlightRequestsFinish starts an upload, shuts the program
// down while the body is still arriving, and checks the upload completes
// and is stored before the database closes.
func TestCloseLetsInFlightRequestsFinish(t *testing.T) {
	m, _ := MustRunMain(t, nil)
	body, w := io.Pipe()
	req, _ := http.NewRequest("POST", m.URL()+"/api/v1/surveys", body)
	req.Header.Set("Authorization", "Bearer "+testAdminToken)
	req.Header.Set("Content-Type", "application/yaml")
	type result struct {
		status int
		err    error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- result{err: err}
			return
		}
		resp.Body.Close()
		done <- result{status: resp.StatusCode}
	}()
	def := "slug: late\ndefault_language: en\nlanguages: [en]\ntitle: {en: Late}\nquestions:\n  - {id: q, type: text, text: {en: Say}}\n"
	half := len(def) / 2
	if _, err := w.Write([]byte(def[:half])); err != nil {
		t.Fatal(err)
	}
	// The server has the request; Close must now wait for it.
	time.Sleep(100 * time.Millisecond)
	closed := make(chan error, 1)
	go func() { closed <- m.Close() }()
	select {
	case err := <-closed:
		t.Fatalf("Close returned (%v) while a request was in flight", err)
	case <-time.After(200 * time.Millisecond):
	}
	if _, err := w.Write([]byte(def[half:])); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if r := <-done; r.err != nil || r.status != http.StatusCreated {
		t.Fatalf("in-flight request: status %d, err %v", r.status, r.err)
	}
	if err := <-closed; err != nil && !strings.Contains(err.Error(), "closed") {
		t.Fatalf("close: %v", err)
	}
}
