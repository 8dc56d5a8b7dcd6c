package handlers_test

import (
	"encoding/json"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"canvass/surveys"
)

var (
	formTag     = regexp.MustCompile(`(?s)<form method="post" action="([^"]*)"[^>]*>(.*?)</form>`)
	inputTag    = regexp.MustCompile(`<input ([^>]*)>`)
	textareaTag = regexp.MustCompile(`(?s)<textarea ([^>]*)>(.*?)</textarea>`)
	selectTag   = regexp.MustCompile(`(?s)<select ([^>]*)>(.*?)</select>`)
	optionTag   = regexp.MustCompile(`<option value="([^"]*)"( selected)?>`)
	attrPattern = regexp.MustCompile(`([a-z][a-z-]*)(?:="([^"]*)")?`)
)

// attrs reads an HTML tag's attributes.
func attrs(s string) map[string]string {
	out := map[string]string{}
	for _, m := range attrPattern.FindAllStringSubmatch(s, -1) {
		out[m[1]] = html.UnescapeString(m[2])
	}
	return out
}

// submitted is what a browser sends from the page's form posting to
// action when no field is changed: inputs (ticked boxes only), text
// areas and each list's selected option, in page order per kind.
func submitted(t *testing.T, p page, action string) url.Values {
	t.Helper()
	var body string
	for _, m := range formTag.FindAllStringSubmatch(p.Body, -1) {
		if m[1] == action {
			body = m[2]
		}
	}
	if body == "" {
		t.Fatalf("no form posting to %s: %.400s", action, p.Body)
	}
	out := url.Values{}
	for _, m := range inputTag.FindAllStringSubmatch(body, -1) {
		a := attrs(m[1])
		_, checked := a["checked"]
		switch a["type"] {
		case "file", "submit":
		case "checkbox", "radio":
			if checked {
				out.Add(a["name"], a["value"])
			}
		default:
			out.Add(a["name"], a["value"])
		}
	}
	for _, m := range textareaTag.FindAllStringSubmatch(body, -1) {
		out.Add(attrs(m[1])["name"], html.UnescapeString(m[2]))
	}
	for _, m := range selectTag.FindAllStringSubmatch(body, -1) {
		opts := optionTag.FindAllStringSubmatch(m[2], -1)
		if len(opts) == 0 {
			continue
		}
		chosen := opts[0][1]
		for _, o := range opts {
			if o[2] != "" {
				chosen = o[1]
			}
		}
		out.Add(attrs(m[1])["name"], html.UnescapeString(chosen))
	}
	return out
}

// editorState reads the definition an editor page carries.
func editorState(t *testing.T, p page) *surveys.Survey {
	t.Helper()
	m := regexp.MustCompile(`name="state" value="([^"]*)"`).FindStringSubmatch(p.Body)
	if m == nil {
		t.Fatalf("no state: %.400s", p.Body)
	}
	def := &surveys.Survey{}
	if err := json.NewDecoder(strings.NewReader(html.UnescapeString(m[1]))).Decode(def); err != nil {
		t.Fatal(err)
	}
	return def
}

// sameDefinition compares definitions as the API would return them.
func sameDefinition(t *testing.T, a, b *surveys.Survey) bool {
	t.Helper()
	x, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	y, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return string(x) == string(y)
}

// editorOp posts the editor's form as the page holds it, changed by
// set, with one button pressed.
func editorOp(t *testing.T, b *browser, p page, slug, op string, set url.Values) page {
	t.Helper()
	action := "/admin/surveys/" + slug + "/editor"
	form := submitted(t, p, action)
	for k, v := range set {
		form[k] = v
	}
	form.Set("op", op)
	return b.postFile(action, form, "", "", "")
}
