package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"canvass/sms/twiliotest"
	"canvass/store"
)

// TestMainSMS boots the program with Twilio configured: the webhook
// answers, the pseudonym key is generated once, and after a restart the
// same phone is still recognized (its opt-out holds).
func TestMainSMS(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := map[string]string{"CANVASS_DATA": dir, "CANVASS_PUBLIC_URL": "https://survey.example.org",
		"TWILIO_AUTH_TOKEN": strings.Repeat("5a", 16), "TWILIO_ACCOUNT_SID": "AC" + strings.Repeat("0", 32), "TWILIO_FROM": "+15550009999"}
	seq := 0
	text := func(m *Main, body string) string {
		seq++
		form := url.Values{"MessageSid": {"SM" + strings.Repeat("0", 31) + string(rune('a'+seq))}, "From": {"+15550001111"}, "Body": {body}, "AccountSid": {env["TWILIO_ACCOUNT_SID"]}}
		req, _ := http.NewRequest("POST", m.URL()+"/sms/twilio", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Twilio-Signature", twiliotest.Sign(env["TWILIO_AUTH_TOKEN"], "https://survey.example.org/sms/twilio", form))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("%q: %d %s", body, resp.StatusCode, b)
		}
		return string(b)
	}
	m, logs := MustRunMain(t, env)
	if reply := text(m, "SAFE"); !strings.Contains(reply, "2 Español") {
		t.Fatalf("keyword: %s", reply)
	}
	if reply := text(m, "STOP"); !strings.Contains(reply, "unsubscribed") {
		t.Fatalf("stop: %s", reply)
	}
	for _, want := range []string{"SMS is on", "/sms/twilio", "generated the key"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q", want)
		}
	}
	if strings.Contains(logs.String(), "5550001111") {
		t.Error("the log shows the phone number")
	}
	key, err := os.ReadFile(filepath.Join(dir, pseudonymKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	m2, _ := MustRunMain(t, env)
	if reply := text(m2, "SAFE"); strings.Contains(reply, "<Message>") {
		t.Fatalf("after a restart the opted-out phone got a reply: %s", reply)
	}
	if again, _ := os.ReadFile(filepath.Join(dir, pseudonymKeyFile)); !bytes.Equal(again, key) {
		t.Fatal("the key changed on restart")
	}
}

func TestSimulate(t *testing.T) {
	t.Parallel()
	def := filepath.Join(t.TempDir(), "bus.yaml")
	err := os.WriteFile(def, []byte(`
slug: bus
default_language: en
languages: [en, es]
title: {en: Bus stops, es: Paradas}
sms: {keyword: BUS}
neighborhoods:
  - {id: centro, name: {en: Downtown, es: Centro}, match: ["02100"]}
  - {id: norte, name: {en: North, es: Norte}}
questions:
  - {id: where, type: neighborhood, text: {en: "Where?", es: "¿Dónde?"}}
  - {id: stops, type: scale, scale: {min: 1, max: 5}, text: {en: "Enough stops?", es: "¿Suficientes paradas?"}}
`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	stdin := strings.NewReader("02100\nseis\n٥\n")
	if err := simulateFrom(stdin)(context.Background(), []string{"--file", def, "--lang", "es"}, func(string) string { return "" }, &out, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{"> BUS", "> 2", "¿Dónde?\n  1 Centro", "[UCS-2", "segment(s)]", "Responda con un valor de 1 a 5.",
		"(response complete, in es, neighborhood \"centro\"", `"stops":5`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	err = run(context.Background(), []string{"sms", "simulate", "--file", def, "--lang", "fr"}, func(string) string { return "" }, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "not offered") {
		t.Fatalf("unknown language: %v", err)
	}
}

// Run from the wrong folder, or with a slug that is not there, simulate
// says so in a sentence, and creates no empty database on the way.
func TestSimulateErrorsArePlain(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "nowhere")
	env := func(k string) string {
		if k == "CANVASS_DATA" {
			return dir
		}
		return ""
	}
	var out bytes.Buffer
	err := run(context.Background(), []string{"sms", "simulate", "--survey", "safety-spring-2026"}, env, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "there is no canvass database in "+dir) {
		t.Fatalf("no database: %v", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("simulate created %s: %v", dir, err)
	}

	// A database, without that survey.
	st, err := store.Open(context.Background(), store.Options{DataDir: dir, Database: "canvass"})
	if err != nil {
		t.Fatal(err)
	}
	_ = st.Close(context.Background())
	err = run(context.Background(), []string{"sms", "simulate", "--survey", "nope"}, env, &out, &out)
	if err == nil || !strings.Contains(err.Error(), `there is no survey "nope"`) {
		t.Fatalf("an unknown survey: %v", err)
	}

	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("slug: x\nlanguages: [en]\ntitle: {en: X}\nquestions: []\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err = run(context.Background(), []string{"sms", "simulate", "--file", bad}, env, &out, &out)
	if err == nil || strings.Contains(err.Error(), "survey.") || !strings.Contains(err.Error(), "problems to fix first") {
		t.Fatalf("a definition with problems: %v", err)
	}
}
