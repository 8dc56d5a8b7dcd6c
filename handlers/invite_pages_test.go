package handlers_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// page sends a staff page request as a browser would (Accept: text/html),
// with the bootstrap token, and returns status, Location and body.
func (a *inviteApp) page(method, path, contentType, body string) (int, string, string) {
	a.t.Helper()
	req, _ := http.NewRequest(method, a.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+adminToken)
	req.Header.Set("Accept", "text/html")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

func TestOrganizerPagesImportPreviewSend(t *testing.T) {
	t.Parallel()
	a := newInviteApp(t)
	code, _, body := a.page("GET", "/admin/contacts", "", "")
	if code != http.StatusOK || !strings.Contains(body, "Contacts: 0") || !strings.Contains(body, `href="/admin/surveys/safety-spring-2026/invite"`) {
		t.Fatalf("contacts page: %d\n%.2000s", code, body)
	}

	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "contacts.csv")
	fw.Write([]byte(contactsCSV))
	mw.WriteField("survey", "safety-spring-2026")
	mw.Close()
	code, _, body = a.page("POST", "/admin/contacts/import", mw.FormDataContentType(), buf.String())
	for _, want := range []string{"5 new contacts", "Rows not imported: 2", "Row 5", "too short", "Row 7", "Contacts: 5"} {
		if !strings.Contains(body, want) {
			t.Errorf("import report lacks %q (status %d)", want, code)
		}
	}

	code, _, body = a.page("POST", "/admin/surveys/safety-spring-2026/invite/preview", "application/x-www-form-urlencoded", url.Values{"neighborhood": {"eastgate"}}.Encode())
	if code != http.StatusOK || !strings.Contains(body, "Recipients: 1") || !strings.Contains(body, "دقيقتين") || !strings.Contains(body, "Send now (recipients: 1)") {
		t.Fatalf("preview page: %d\n%.3000s", code, body)
	}
	seg := between(body, `name="estimated_segments" value="`, `"`)
	key := between(body, `name="key" value="`, `"`)
	form := url.Values{"neighborhood": {"eastgate"}, "estimated_segments": {seg}, "key": {key}}.Encode()
	code, loc, _ := a.page("POST", "/admin/surveys/safety-spring-2026/invite", "application/x-www-form-urlencoded", form)
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/batches/inv-") {
		t.Fatalf("send: %d %q", code, loc)
	}
	// A double click: the same form again is the same batch.
	if _, loc2, _ := a.page("POST", "/admin/surveys/safety-spring-2026/invite", "application/x-www-form-urlencoded", form); loc2 != loc {
		t.Errorf("second submit went to %q, first to %q", loc2, loc)
	}
	code, _, body = a.page("GET", loc, "", "")
	if code != http.StatusOK || !strings.Contains(body, "Invitation") {
		t.Errorf("batch page: %d\n%.2000s", code, body)
	}

	code, _, body = a.page("POST", "/admin/surveys/safety-spring-2026/invite", "application/x-www-form-urlencoded", url.Values{"estimated_segments": {"1"}}.Encode())
	if code != http.StatusOK || !strings.Contains(body, "recipients changed since the preview") {
		t.Errorf("stale confirmation: %d\n%.2000s", code, body)
	}

	code, _, body = a.page("POST", "/admin/contacts/forget", "application/x-www-form-urlencoded", url.Values{"phone": {"617-555-0107"}}.Encode())
	if code != http.StatusOK || !strings.Contains(body, "deleted for good") || !strings.Contains(body, "Contacts: 4") {
		t.Errorf("forget: %d\n%.2000s", code, body)
	}
}

func between(s, start, end string) string {
	_, after, ok := strings.Cut(s, start)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(after, end)
	return v
}
