package handlers_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"canvass/invite"
)

// contactsCSV has good rows, bad rows and a duplicate; every neighborhood
// is the example survey's.
const contactsCSV = "phone,language,neighborhood,consent_source,consent_date\n" +
	"(617) 555-0101,es,north-of-main,door knocking,2026-03-01\n" + // row 2
	"617-555-0102,Somali,Riverside,library sign-up,2026-03-02\n" + // row 3
	"617-555-0103,vi,01422,clinic,2026-03-03\n" + // row 4: ZIP names Mill District
	"555-0104,en,riverside,clinic,2026-03-01\n" + // row 5: too short
	"617 555 0105,en,atlantis,,2026-13-45\n" + // row 6: three problems
	"+1 617 555 0101,es,north,community meeting,2026-04-01\n" + // row 7: same as row 2
	"617 555 0106,ar,eastgate,mosque event,2026-03-05\n" + // row 8
	"617 555 0107,ht,elm-park,church sign-up,2026-03-06\n" // row 9

func TestImportContactsKeepsGoodRowsReportsBadOnes(t *testing.T) {
	t.Parallel()
	a := newInviteApp(t)
	var dry struct {
		DryRun   bool `json:"dry_run"`
		Imported int  `json:"imported"`
		Created  int  `json:"created"`
	}
	if code := a.call("POST", "/api/v1/contacts/import?dry_run=true", "text/csv", contactsCSV, &dry); code != http.StatusOK || !dry.DryRun || dry.Imported != 5 || dry.Created != 0 {
		t.Fatalf("dry run: %d %+v", code, dry)
	}
	var res struct {
		Read     int `json:"rows_read"`
		Imported int `json:"imported"`
		Created  int `json:"created"`
		Rejected []struct {
			Row    int `json:"row"`
			Errors []struct{ Column, Message string }
		} `json:"rejected"`
		Merged []struct {
			Row  int    `json:"row"`
			Note string `json:"note"`
		} `json:"merged"`
	}
	req := func(lang string) {
		t.Helper()
		hreq, _ := http.NewRequest("POST", a.URL+"/api/v1/contacts/import?survey=safety-spring-2026", strings.NewReader(contactsCSV))
		hreq.Header.Set("Authorization", "Bearer "+adminToken)
		hreq.Header.Set("Content-Type", "text/csv")
		hreq.Header.Set("Accept-Language", lang)
		resp, err := http.DefaultClient.Do(hreq)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("import: status %d", resp.StatusCode)
		}
		if err := decodeJSON(resp.Body, &res); err != nil {
			t.Fatal(err)
		}
	}
	req("en")
	if res.Read != 8 || res.Imported != 5 || res.Created != 5 {
		t.Errorf("read %d, imported %d, created %d; want 8, 5, 5", res.Read, res.Imported, res.Created)
	}
	if len(res.Rejected) != 2 || res.Rejected[0].Row != 5 || res.Rejected[1].Row != 6 || len(res.Rejected[1].Errors) != 3 {
		t.Fatalf("rejected: %+v", res.Rejected)
	}
	if !strings.Contains(res.Rejected[0].Errors[0].Message, "too short") || res.Rejected[0].Errors[0].Column != "phone" {
		t.Errorf("row 5's reason: %+v", res.Rejected[0].Errors)
	}
	if len(res.Merged) != 1 || res.Merged[0].Row != 7 || !strings.Contains(res.Merged[0].Note, "row 2") {
		t.Errorf("merged: %+v", res.Merged)
	}
	req("es") // the same file again, read by a Spanish-speaking organizer
	if res.Created != 0 || !strings.Contains(res.Rejected[0].Errors[0].Message, "demasiado corto") {
		t.Errorf("second import: created %d, reason %q", res.Created, res.Rejected[0].Errors[0].Message)
	}
	ct, err := a.Store.Contact(context.Background(), a.pseudonyms.Pseudonym("+16175550103"))
	if err != nil || ct.Neighborhood != "mill-district" || ct.Language != "vi" {
		t.Errorf("row 4 stored as %+v, %v", ct, err)
	}
	if bytes.Contains(ct.Phone, []byte("6175550103")) {
		t.Error("the number is stored in clear")
	}

	var list struct {
		Total          int            `json:"total"`
		ByNeighborhood map[string]int `json:"by_neighborhood"`
		Contacts       []struct{ ID, Phone, Language string }
	}
	if code := a.call("GET", "/api/v1/contacts?neighborhood=north-of-main", "", "", &list); code != http.StatusOK || list.Total != 1 || list.Contacts[0].Phone != "•••• 0101" {
		t.Errorf("list: %d %+v", code, list)
	}
}

func TestImportContactsWholeFileProblemsAndUpload(t *testing.T) {
	t.Parallel()
	a := newInviteApp(t)
	a.run(scenario{name: "no token", method: "POST", path: "/api/v1/contacts/import", body: contactsCSV, status: http.StatusUnauthorized})
	a.run(scenario{name: "missing column", method: "POST", path: "/api/v1/contacts/import", token: adminToken,
		headers: map[string]string{"Content-Type": "text/csv"}, body: "phone,language\n6175550101,en\n",
		status: http.StatusUnprocessableEntity, contains: []string{"neighborhood, consent_source, consent_date"}})
	a.run(scenario{name: "empty", method: "POST", path: "/api/v1/contacts/import", token: adminToken, status: http.StatusUnprocessableEntity, contains: []string{"file"}})
	// Over 10 MB: refused whole, not cut at some row. The server stops
	// reading the body, so this request gets a connection of its own.
	big := contactsCSV + strings.Repeat("617 555 0199,en,riverside,clinic,2026-03-01\n", 10<<20/44+100)
	req, _ := http.NewRequest("POST", a.URL+"/api/v1/contacts/import", strings.NewReader(big))
	req.Header.Set("Authorization", "Bearer "+adminToken)
	req.Header.Set("Content-Type", "text/csv")
	req.Close = true
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(b), "10 MB") {
		t.Errorf("over 10 MB: %d %s", resp.StatusCode, b)
	}
	// A spreadsheet upload from a browser form.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "contacts.csv")
	fw.Write([]byte(contactsCSV))
	mw.Close()
	var res struct{ Created int }
	if code := a.call("POST", "/api/v1/contacts/import", mw.FormDataContentType(), buf.String(), &res); code != http.StatusOK || res.Created != 5 {
		t.Errorf("multipart import: %d %+v", code, res)
	}
}

func TestDeleteContactForGood(t *testing.T) {
	t.Parallel()
	a := newInviteApp(t)
	a.call("POST", "/api/v1/contacts/import", "text/csv", contactsCSV, nil)
	ctx := context.Background()
	id := a.pseudonyms.Pseudonym("+16175550102")
	a.run(scenario{name: "delete", method: "DELETE", path: "/api/v1/contacts/" + id, token: adminToken, status: http.StatusNoContent})
	a.run(scenario{name: "delete again", method: "DELETE", path: "/api/v1/contacts/" + id, token: adminToken, status: http.StatusNotFound})
	gone := a.pseudonyms.Pseudonym("+16175550103")
	if err := a.Store.SaveFollowup(ctx, &invite.Followup{ID: "safety-spring-2026|" + gone, Survey: "safety-spring-2026", Respondent: gone, Phone: "+16175550103", Language: "vi", Neighborhood: "mill-district"}); err != nil {
		t.Fatal(err)
	}
	a.run(scenario{name: "forget by number", method: "POST", path: "/api/v1/contacts/forget", token: adminToken, body: `{"phone": "(617) 555-0103"}`, status: http.StatusNoContent})
	_ = a.Store.Followups(ctx, "safety-spring-2026", func(f *invite.Followup) error {
		if f.Respondent == gone {
			t.Error("the deleted number's request to hear back is still stored")
		}
		return nil
	})
	a.run(scenario{name: "forget a bad number", method: "POST", path: "/api/v1/contacts/forget", token: adminToken, body: `{"phone": "12"}`, status: http.StatusUnprocessableEntity})
	n := 0
	_ = a.Store.EachContact(ctx, invite.Audience{}, func(*invite.Contact) error { n++; return nil })
	if n != 3 {
		t.Errorf("%d contacts left, want 3", n)
	}
}
