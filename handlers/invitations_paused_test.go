package handlers_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"canvass/invite"
	"canvass/sms/twiliotest"
	"canvass/store/storetest"
)

// sendInvitations imports the contacts and sends the example survey's
// invitation to all of them; it returns the batch's ID.
func (a *inviteApp) sendInvitations() string {
	a.t.Helper()
	a.call("POST", "/api/v1/contacts/import", "text/csv", contactsCSV, nil)
	const path = "/api/v1/surveys/safety-spring-2026/invitations"
	var est estimateResp
	a.call("POST", path+"/preview", "application/json", `{}`, &est)
	var b batchResp
	if code := a.call("POST", path, "application/json", fmt.Sprintf(`{"estimated_segments": %d}`, est.Segments), &b); code != http.StatusAccepted {
		a.t.Fatalf("send: %d", code)
	}
	return b.ID
}

// batchNoteResp is what the API says of a held-up batch.
type batchNoteResp struct {
	State  string
	Note   string
	Paused *struct {
		Code    int
		Problem string
	}
	Counts struct{ Failed, Canceled int }
	Total  int
}

// A Twilio that refuses canvass's credentials pauses the send instead of
// failing it: the API and the batch page say since when and what to fix,
// in the reader's language, and Cancel still ends the batch.
func TestPausedBatchSaysWhatToFix(t *testing.T) {
	t.Parallel()
	a := newInviteApp(t)
	a.tw.RefuseAccount(twiliotest.Failure{Status: http.StatusUnauthorized, Code: 20003})
	id := a.sendInvitations()
	storetest.WaitBatch(t, a.Store, id, func(b *invite.Batch) bool { return b.Paused != nil })

	var b batchNoteResp
	a.call("GET", "/api/v1/batches/"+id, "", "", &b)
	if b.State != "paused" || b.Paused == nil || b.Paused.Code != 20003 || b.Paused.Problem != "credentials" || b.Counts.Failed != 0 ||
		!strings.Contains(b.Note, "Paused: Twilio refused canvass's credentials (error 20003) since ") || !strings.Contains(b.Note, "TWILIO_AUTH_TOKEN") {
		t.Errorf("API: %+v", b)
	}
	code, _, body := a.page("GET", "/admin/batches/"+id, "", "")
	if code != http.StatusOK || !strings.Contains(body, "Twilio refused canvass&#39;s credentials (error 20003) since ") || !strings.Contains(body, "TWILIO_ACCOUNT_SID") {
		t.Errorf("batch page: %d\n%.3000s", code, body)
	}
	req, _ := http.NewRequest("GET", a.URL+"/admin/batches/"+id, nil)
	req.Header.Set("Authorization", "Bearer "+adminToken)
	req.Header.Set("Accept", "text/html")
	req.Header.Set("Accept-Language", "es")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	es, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(es), "En pausa: Twilio rechazó las credenciales de canvass (error 20003)") {
		t.Errorf("Spanish batch page:\n%.3000s", es)
	}

	if code := a.call("POST", "/api/v1/batches/"+id+"/cancel", "", "", nil); code != http.StatusOK {
		t.Fatalf("cancel: %d", code)
	}
	done := storetest.WaitBatch(t, a.Store, id, (*invite.Batch).Finished)
	if done.State() != invite.StateCanceled || done.Counts.Canceled != done.Total || len(a.tw.Messages()) != 0 {
		t.Errorf("after cancel: state %s, counts %+v, %d sent", done.State(), done.Counts, len(a.tw.Messages()))
	}
}

// A Twilio nobody can connect to: the batch says it waits for Twilio,
// since when and why.
func TestWaitingBatchSaysWhy(t *testing.T) {
	t.Parallel()
	a := newInviteApp(t)
	a.tw.Down(t)
	id := a.sendInvitations()
	storetest.WaitBatch(t, a.Store, id, func(b *invite.Batch) bool { return b.Waiting != nil })
	var b batchNoteResp
	a.call("GET", "/api/v1/batches/"+id, "", "", &b)
	if b.State != "waiting" || !strings.Contains(b.Note, "Waiting for Twilio since ") || !strings.Contains(b.Note, ": Twilio cannot be reached (no connection).") {
		t.Errorf("API: %+v", b)
	}
	code, _, body := a.page("GET", "/admin/surveys/safety-spring-2026/invite", "", "")
	if code != http.StatusOK || !strings.Contains(body, "Waiting for Twilio since ") {
		t.Errorf("survey's sends: %d\n%.3000s", code, body)
	}
}
