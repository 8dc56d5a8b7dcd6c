package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptrace"
	"strings"
	"testing"
	"time"
)

// TestCloseLetsInFlightRequestsFinish starts an upload, shuts the program
// down while the body is still arriving, and checks the upload completes
// and is stored before the database closes.
func TestCloseLetsInFlightRequestsFinish(t *testing.T) {
	t.Parallel()
	m, _ := MustRunMain(t, nil)
	body, w := io.Pipe()
	// With Expect: 100-continue the body waits for the server's go-ahead,
	// which it sends once the handler starts reading: the server then has
	// the request, and Close must wait for it.
	handling := make(chan struct{})
	ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{Got100Continue: func() { close(handling) }})
	req, _ := http.NewRequestWithContext(ctx, "POST", m.URL()+"/api/v1/surveys", body)
	req.Header.Set("Authorization", "Bearer "+testAdminToken)
	req.Header.Set("Content-Type", "application/yaml")
	req.Header.Set("Expect", "100-continue")
	// Never send the body without the go-ahead (the default gives up
	// waiting after a second).
	client := &http.Client{Transport: &http.Transport{ExpectContinueTimeout: time.Hour}}
	type result struct {
		status int
		err    error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := client.Do(req)
		if err != nil {
			done <- result{err: err}
			return
		}
		resp.Body.Close()
		done <- result{status: resp.StatusCode}
	}()
	select {
	case <-handling:
	case r := <-done:
		t.Fatalf("answered before the body was sent: status %d, err %v", r.status, r.err)
	}
	def := "slug: late\ndefault_language: en\nlanguages: [en]\ntitle: {en: Late}\nquestions:\n  - {id: q, type: text, text: {en: Say}}\n"
	half := len(def) / 2
	if _, err := w.Write([]byte(def[:half])); err != nil {
		t.Fatal(err)
	}
	shuttingDown := make(chan struct{})
	m.server.RegisterOnShutdown(func() { close(shuttingDown) })
	closed := make(chan error, 1)
	go func() { closed <- m.Close() }()
	// The listener is closed now; the rest of the body arrives during the
	// shutdown.
	select {
	case <-shuttingDown:
	case err := <-closed:
		t.Fatalf("Close returned (%v) while a request was in flight", err)
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
