package handlers_test

import (
	"net/http"
	"strings"
	"testing"
)

const validSurvey = `
slug: bus-stops
default_language: en
languages: [en, es]
title: {en: Bus stops, es: Paradas de autobús}
sms: {keyword: BUS}
neighborhoods:
  - {id: north, name: {en: North, es: Norte}, match: ["01420"]}
  - {id: south, name: {en: South, es: Sur}}
questions:
  - {id: neighborhood, type: neighborhood, text: {en: "Where do you live?", es: "¿Dónde vive?"}}
  - id: safe
    type: scale
    scale: {min: 1, max: 5}
    text: {en: "How safe is your stop?", es: "¿Qué tan segura es su parada?"}
`

func TestSurveyAPI(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	json := map[string]string{"Content-Type": "application/json"}
	yaml := map[string]string{"Content-Type": "application/yaml"}
	es := map[string]string{"Accept-Language": "es-MX,es;q=0.9"}
	clash := strings.Replace(strings.Replace(validSurvey, "bus-stops", "bus-stops-2", 1), "{keyword: BUS}", "{keyword: \" bus! \"}", 1)
	broken := strings.NewReplacer("max: 5", "max: 1", "languages: [en, es]", "languages: [en, es, so]", "type: neighborhood", "type: neighbourhood").Replace(validSurvey)
	for _, sc := range []scenario{
		{name: "health", method: "GET", path: "/healthz", status: 200, contains: []string{`"status":"ok"`}},
		{name: "list without token", method: "GET", path: "/api/v1/surveys", status: 401, contains: []string{`"code":"unauthorized"`}},
		{name: "list with wrong token", method: "GET", path: "/api/v1/surveys", token: "wrong-token-0123456789abcdef", status: 401},
		{name: "create without token", method: "POST", path: "/api/v1/surveys", body: validSurvey, headers: yaml, status: 401},
		{name: "open without token", method: "POST", path: "/api/v1/surveys/bus-stops/open", status: 401},
		{name: "close without token", method: "POST", path: "/api/v1/surveys/bus-stops/close", status: 401},
		{name: "get without token", method: "GET", path: "/api/v1/surveys/bus-stops", status: 401},
		{name: "empty list", method: "GET", path: "/api/v1/surveys", token: adminToken, status: 200, contains: []string{"[]"}},
		{name: "get missing", method: "GET", path: "/api/v1/surveys/nope", token: adminToken, status: 404, contains: []string{`"code":"not_found"`, "nope"}},
		{name: "create", method: "POST", path: "/api/v1/surveys", body: validSurvey, headers: yaml, token: adminToken, status: 201,
			contains: []string{`"slug":"bus-stops"`, `"status":"draft"`, `"version":1`, `"responses":0`, `"questions":[`}},
		{name: "create again", method: "POST", path: "/api/v1/surveys", body: validSurvey, headers: yaml, token: adminToken, status: 409, contains: []string{`"code":"conflict"`}},
		{name: "invalid, every problem", method: "POST", path: "/api/v1/surveys", body: strings.Replace(broken, "bus-stops", "broken", 1), headers: yaml, token: adminToken, status: 422,
			contains: []string{`"code":"invalid"`, `"errors":[`, `"path":"questions[0].type"`, `"path":"questions[1].scale`, `"path":"title.so"`}},
		{name: "invalid in Spanish", method: "POST", path: "/api/v1/surveys", body: strings.Replace(broken, "bus-stops", "broken", 1), headers: mergeHeaders(yaml, es), token: adminToken, status: 422,
			contains: []string{`"path":"title.so"`}, excludes: []string{"There are"}},
		{name: "not yaml", method: "POST", path: "/api/v1/surveys", body: "{{{", headers: yaml, token: adminToken, status: 422, contains: []string{`"errors":[`}},
		{name: "oversized", method: "POST", path: "/api/v1/surveys", body: strings.Repeat("#", 1<<20+10), headers: yaml, token: adminToken, status: 413, contains: []string{`"code":"invalid"`}},
		{name: "get", method: "GET", path: "/api/v1/surveys/bus-stops", token: adminToken, status: 200,
			contains: []string{`"slug":"bus-stops"`, `"default_language":"en"`, `"neighborhoods":[`, `"sms":{"keyword":"BUS"`}, excludes: []string{`"source"`}},
		{name: "open", method: "POST", path: "/api/v1/surveys/bus-stops/open", token: adminToken, status: 200, contains: []string{`"status":"open"`}},
		{name: "open missing", method: "POST", path: "/api/v1/surveys/nope/open", token: adminToken, status: 404},
		// The next round is drafted with the open round's keyword: saved,
		// warned, and refused only when it opens.
		{name: "draft sharing an open survey's keyword", method: "POST", path: "/api/v1/surveys", body: clash, headers: yaml, token: adminToken, status: 201,
			contains: []string{`"warnings":[`, `"path":"sms.keyword"`, "bus-stops"}},
		{name: "opening it while the keyword is taken", method: "POST", path: "/api/v1/surveys/bus-stops-2/open", token: adminToken, status: 422,
			contains: []string{`"path":"sms.keyword"`, "bus-stops"}},
		{name: "list", method: "GET", path: "/api/v1/surveys", token: adminToken, status: 200,
			contains: []string{`"slug":"bus-stops"`, `"status":"open"`, `"languages":["en","es"]`, `"sms_keyword":"BUS"`, `"responses":0`, `"title":{`}},
		{name: "update slug mismatch", method: "PUT", path: "/api/v1/surveys/other", body: validSurvey, headers: yaml, token: adminToken, status: 422},
		{name: "update", method: "PUT", path: "/api/v1/surveys/bus-stops", body: strings.Replace(validSurvey, "Bus stops", "Bus stops 2", 1), headers: yaml, token: adminToken, status: 200,
			contains: []string{"Bus stops 2", `"version":1`, `"status":"open"`}},
		{name: "close", method: "POST", path: "/api/v1/surveys/bus-stops/close", token: adminToken, status: 200, contains: []string{`"status":"closed"`}},
		{name: "create json", method: "POST", path: "/api/v1/surveys", headers: json, token: adminToken, status: 201,
			body:     `{"slug":"json-survey","default_language":"en","languages":["en"],"title":{"en":"J"},"questions":[{"id":"q","type":"text","text":{"en":"Say"}}]}`,
			contains: []string{`"slug":"json-survey"`}},
		{name: "unknown route", method: "GET", path: "/api/v1/nothing", token: adminToken, status: 404, contains: []string{`"code":"not_found"`}},
	} {
		app.run(sc)
	}
}

func mergeHeaders(hs ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, h := range hs {
		for k, v := range h {
			out[k] = v
		}
	}
	return out
}

var _ = http.MethodGet
