package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"canvass/invite"
	"canvass/results"
	"canvass/sms"
	"canvass/store"
	"canvass/store/storetest"
	"canvass/surveys"
)

type estimateResp struct {
	Recipients int            `json:"recipients"`
	Segments   int            `json:"segments"`
	Excluded   map[string]int `json:"excluded"`
	Texts      []struct {
		Language, Neighborhood, Text, Encoding string
		Recipients, Segments                   int
	} `json:"texts"`
	Cost *struct{ Total float64 } `json:"cost"`
}

type batchResp struct {
	ID      string `json:"id"`
	Total   int    `json:"total"`
	State   string `json:"state"`
	Pending int    `json:"pending"`
	Counts  struct {
		Accepted, Skipped, Failed int
		Delivery                  map[string]int
	} `json:"counts"`
}

func TestInvitationFromPreviewToDelivery(t *testing.T) {
	t.Parallel()
	a := newInviteApp(t)
	ctx := context.Background()
	a.call("POST", "/api/v1/contacts/import", "text/csv", contactsCSV, nil)
	// The Spanish-speaking resident texted STOP since signing up.
	if err := a.Store.SetOptOut(ctx, a.pseudonyms.Pseudonym("+16175550101"), true); err != nil {
		t.Fatal(err)
	}
	const path = "/api/v1/surveys/safety-spring-2026/invitations"
	var est estimateResp
	if code := a.call("POST", path+"/preview", "application/json", `{}`, &est); code != http.StatusOK {
		t.Fatalf("preview: %d", code)
	}
	if est.Recipients != 4 || est.Excluded["opted_out"] != 1 || len(est.Texts) != 4 || est.Cost == nil {
		t.Fatalf("preview %+v", est)
	}
	sum := 0
	for _, tx := range est.Texts {
		sum += tx.Segments * tx.Recipients
		if _, _, segs := sms.Count(tx.Text); segs != tx.Segments {
			t.Errorf("%s: %d segments shown, the text has %d", tx.Language, tx.Segments, segs)
		}
	}
	if sum != est.Segments {
		t.Errorf("segments %d, texts add up to %d", est.Segments, sum)
	}
	var east estimateResp
	a.call("POST", path+"/preview", "application/json", `{"neighborhoods": ["eastgate"]}`, &east)
	if east.Recipients != 1 || east.Texts[0].Language != "ar" || east.Texts[0].Encoding != sms.UCS2 {
		t.Errorf("eastgate preview %+v", east)
	}
	a.run(scenario{name: "unknown neighborhood", method: "POST", path: path + "/preview", token: adminToken, body: `{"neighborhoods": ["atlantis"]}`, status: http.StatusUnprocessableEntity, contains: []string{"atlantis"}})
	a.run(scenario{name: "no confirmation", method: "POST", path: path, token: adminToken, body: `{}`, status: http.StatusUnprocessableEntity, contains: []string{"estimated_segments"}})
	a.run(scenario{name: "stale confirmation", method: "POST", path: path, token: adminToken, body: `{"estimated_segments": 1}`, status: http.StatusConflict, contains: []string{strconv.Itoa(est.Segments) + " segments"}})
	if n := len(a.tw.Messages()); n != 0 {
		t.Fatalf("%d messages sent before a confirmed send", n)
	}

	body := fmt.Sprintf(`{"estimated_segments": %d}`, est.Segments)
	var b batchResp
	req := func() int {
		hreq, _ := http.NewRequest("POST", a.URL+path, strings.NewReader(body))
		hreq.Header.Set("Authorization", "Bearer "+adminToken)
		hreq.Header.Set("Idempotency-Key", "launch-1")
		resp, err := http.DefaultClient.Do(hreq)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if err := decodeJSON(resp.Body, &b); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode
	}
	if code := req(); code != http.StatusAccepted || b.Total != 4 {
		t.Fatalf("send: %d %+v", code, b)
	}
	first := b.ID
	storetest.WaitBatch(t, a.Store, first, func(b *invite.Batch) bool { return b.Pending() == 0 })
	if code := req(); code != http.StatusOK || b.ID != first {
		t.Errorf("the same Idempotency-Key again: %d, batch %s (first %s)", code, b.ID, first)
	}

	sent := a.tw.Messages()
	got := map[string]string{}
	for _, m := range sent {
		got[m.To] = m.Body
	}
	if len(sent) != 4 || got["+16175550101"] != "" {
		t.Fatalf("Twilio got %d messages: %v", len(sent), got)
	}
	if !strings.Contains(got["+16175550106"], "دقيقتين") || !strings.Contains(got["+16175550106"], "?lang=ar") {
		t.Errorf("the Arabic speaker got %q", got["+16175550106"])
	}
	if !strings.Contains(got["+16175550102"], "AMMAAN") && !strings.Contains(got["+16175550102"], "SAFE") {
		t.Errorf("the Somali speaker's invitation has no keyword: %q", got["+16175550102"])
	}

	// Twilio reports delivery; the batch shows it.
	for i, m := range sent {
		a.deliver(m, "sent", "")
		if i == 0 {
			a.deliver(m, "undelivered", "30003")
			continue
		}
		a.deliver(m, "delivered", "")
		a.deliver(m, "sent", "") // late, out of order: ignored
	}
	if code := a.call("GET", "/api/v1/batches/"+first, "", "", &b); code != http.StatusOK {
		t.Fatal(code)
	}
	if b.State != "done" || b.Counts.Accepted != 4 || b.Counts.Delivery["delivered"] != 3 || b.Counts.Delivery["undelivered"] != 1 || b.Counts.Delivery["sent"] != 0 {
		t.Errorf("batch after callbacks: %+v", b)
	}
	var list []batchResp
	if a.call("GET", "/api/v1/surveys/safety-spring-2026/batches", "", "", &list); len(list) != 1 || list[0].ID != first {
		t.Errorf("batches: %+v", list)
	}
}

func TestInvitationRefusedWhenSurveyNotOpenOrSMSOff(t *testing.T) {
	t.Parallel()
	a := newInviteApp(t)
	a.call("POST", "/api/v1/contacts/import", "text/csv", contactsCSV, nil)
	if _, err := a.Store.SetSurveyStatus(context.Background(), "safety-spring-2026", surveys.StatusClosed); err != nil {
		t.Fatal(err)
	}
	a.run(scenario{name: "closed survey", method: "POST", path: "/api/v1/surveys/safety-spring-2026/invitations", token: adminToken, body: `{"estimated_segments": 5}`, status: http.StatusConflict})
	a.Server.Invite.Outreach.Sender = ""
	a.run(scenario{name: "preview with SMS off", method: "POST", path: "/api/v1/surveys/safety-spring-2026/invitations/preview", token: adminToken, status: http.StatusOK, contains: []string{`"sending_on":false`}})
	a.run(scenario{name: "results back with SMS off", method: "POST", path: "/api/v1/surveys/safety-spring-2026/results-back", token: adminToken, body: `{"estimated_segments": 5}`, status: http.StatusConflict, contains: []string{"TWILIO_AUTH_TOKEN"}})
}

// respond stores n SMS responses from a neighborhood, with safe_day
// answers cycling through 1..5 from start.
func respond(t *testing.T, st *store.Store, nb string, n, start int) {
	t.Helper()
	for i := range n {
		r := &surveys.Response{ID: fmt.Sprintf("%s-%d", nb, i), Survey: "safety-spring-2026", Version: 1, Channel: surveys.ChannelSMS,
			Language: "en", Neighborhood: nb, Answers: map[string]any{"neighborhood": nb, "safe_day": 1 + (start+i)%5},
			Respondent: fmt.Sprintf("r-%s-%d", nb, i), CreatedAt: time.Now().UTC()}
		if _, err := st.InsertResponse(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
}

func TestResultsBackSuppressedLikeEveryView(t *testing.T) {
	t.Parallel()
	a := newInviteApp(t)
	ctx := context.Background()
	respond(t, a.Store, "north-of-main", 30, 3)
	respond(t, a.Store, "mill-district", 25, 0)
	respond(t, a.Store, "riverside", 3, 0)
	follow := func(num, lang, nb string) string {
		id := a.pseudonyms.Pseudonym(num)
		if err := a.Store.SaveFollowup(ctx, &invite.Followup{ID: "safety-spring-2026|" + id, Survey: "safety-spring-2026", Respondent: id, Phone: num, Language: lang, Neighborhood: nb}); err != nil {
			t.Fatal(err)
		}
		return id
	}
	follow("+16175550201", "en", "north-of-main")
	follow("+16175550202", "es", "north-of-main")
	follow("+16175550203", "ar", "riverside")
	follow("+16175550204", "en", "mill-district")
	out := follow("+16175550205", "en", "north-of-main")
	if err := a.Store.SetOptOut(ctx, out, true); err != nil {
		t.Fatal(err)
	}
	const path = "/api/v1/surveys/safety-spring-2026/results-back"
	a.run(scenario{name: "survey still open", method: "POST", path: path, token: adminToken, body: `{"estimated_segments": 4}`, status: http.StatusConflict})
	if _, err := a.Store.SetSurveyStatus(ctx, "safety-spring-2026", surveys.StatusClosed); err != nil {
		t.Fatal(err)
	}
	a.run(scenario{name: "not a summarizable question", method: "POST", path: path + "/preview", token: adminToken, body: `{"question": "neighborhood"}`, status: http.StatusUnprocessableEntity})
	var est estimateResp
	if code := a.call("POST", path+"/preview", "application/json", `{}`, &est); code != http.StatusOK || est.Recipients != 4 || est.Excluded["opted_out"] != 1 {
		t.Fatalf("preview: %d %+v", code, est)
	}
	// What the public results page shows (published numbers), computed
	// by the results package itself.
	rec, _ := a.Store.Survey(ctx, "safety-spring-2026")
	view := results.View{MinN: rec.MinN}
	vt, err := a.Store.PublishedTallies(ctx, rec, view)
	if err != nil {
		t.Fatal(err)
	}
	res := results.Compute(&rec.Survey, view, vt, results.Options{})
	hidden := map[string]bool{}
	for _, g := range res.Groups {
		hidden[g.Neighborhood] = g.Suppressed
	}
	if hidden["north-of-main"] || !hidden["riverside"] {
		t.Fatalf("unexpected suppression %v; the test data needs adjusting", hidden)
	}
	for _, tx := range est.Texts {
		shows := strings.Contains(tx.Text, "%")
		if shows == hidden[tx.Neighborhood] {
			t.Errorf("%s/%s: %q; suppressed in every view: %v", tx.Neighborhood, tx.Language, tx.Text, hidden[tx.Neighborhood])
		}
		if tx.Segments != 1 {
			t.Errorf("%s/%s takes %d segments: %q", tx.Neighborhood, tx.Language, tx.Segments, tx.Text)
		}
	}
	var b batchResp
	if code := a.call("POST", path, "application/json", fmt.Sprintf(`{"estimated_segments": %d}`, est.Segments), &b); code != http.StatusAccepted {
		t.Fatalf("send: %d %+v", code, b)
	}
	storetest.WaitBatch(t, a.Store, b.ID, func(b *invite.Batch) bool { return b.Pending() == 0 })
	got := map[string]string{}
	for _, m := range a.tw.Messages() {
		got[m.To] = m.Body
	}
	if len(got) != 4 || got["+16175550205"] != "" {
		t.Fatalf("sent %v", got)
	}
	if !strings.Contains(got["+16175550201"], "30 neighbors") || !strings.Contains(got["+16175550201"], "%") {
		t.Errorf("north, en: %q", got["+16175550201"])
	}
	if strings.Contains(got["+16175550203"], "3") || strings.Contains(got["+16175550203"], "%") {
		t.Errorf("riverside (suppressed), ar: %q", got["+16175550203"])
	}
	a.run(scenario{name: "twice", method: "POST", path: path, token: adminToken, body: fmt.Sprintf(`{"estimated_segments": %d}`, est.Segments), status: http.StatusConflict, contains: []string{b.ID}})
}
