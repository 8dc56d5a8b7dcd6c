package handlers_test

import (
	"bytes"
	"context"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	gzqr "github.com/makiuchi-d/gozxing/qrcode"

	"canvass/auth"
	"canvass/surveys"
	"canvass/surveys/examples"
)

// fallSurvey is the example survey as a new round: another slug, another
// keyword, so it can open beside the example.
func fallSurvey(t *testing.T) string {
	t.Helper()
	files, err := examples.Surveys()
	if err != nil {
		t.Fatal(err)
	}
	src := string(files[exampleSlug+".yaml"])
	src = strings.Replace(src, "slug: safety-spring-2026", "slug: safety-fall-2026", 1)
	src = strings.Replace(src, "keyword: SAFE", "keyword: FALL", 1)
	for from, to := range map[string]string{"[SEGURO]": "[OTONO]", "[AMMAAN]": "[DAYR]", "[ANTOAN]": "[MUATHU]", "[AMAN]": "[KHARIF]", "[SEKIRITE]": "[LOTOMN]"} {
		src = strings.Replace(src, from, to, 1)
	}
	if !strings.Contains(src, "slug: safety-fall-2026") || !strings.Contains(src, "keyword: FALL") {
		t.Fatal("the example survey changed shape; update fallSurvey")
	}
	return src
}

func TestSurveyUploadShowsEveryProblem(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	b := a.browser()
	b.mustLogin("organizer@example.org")
	form := b.get("/admin/surveys/new")
	expect(t, "new survey page", form, http.StatusOK, `enctype="multipart/form-data"`, `name="definition"`, `type="file"`)
	broken := fallSurvey(t)
	broken = strings.Replace(broken, "keyword: FALL", "keyword: STOP", 1)             // a carrier word
	broken = strings.Replace(broken, "min_n: 10", "min_n: 0", 1)                      // out of range
	broken = strings.Replace(broken, "type: scale", "type: slider", 1)                // unknown type
	broken = strings.Replace(broken, "\nquestions:", "\ncolour: blue\nquestions:", 1) // unknown field
	p := b.postFile("/admin/surveys", url.Values{"_csrf": {csrf(t, form)}, "action": {"save"}}, "file", "fall.yaml", broken)
	expect(t, "broken upload", p, http.StatusUnprocessableEntity, "Fix the errors below", `<strong class="where">colour</strong>`)
	if !strings.Contains(p.Body, "keyword: STOP") {
		t.Error("the uploaded definition is not kept in the text box for fixing")
	}
	// Parse problems come first; once they are fixed, validation reports
	// all of its own at once.
	fixed := strings.Replace(broken, "\ncolour: blue", "", 1)
	fixed = strings.Replace(fixed, "[OTONO]", "[SEGURO]", 1) // the open example's alias: only a warning for a draft
	p = b.postFile("/admin/surveys", url.Values{"_csrf": {csrf(t, form)}, "definition": {fixed}, "action": {"save"}}, "", "", "")
	expect(t, "invalid definition", p, http.StatusUnprocessableEntity, `<strong class="where">sms › keyword</strong>`, `<strong class="where">min_n</strong>`, "slider",
		`<strong class="where">sms › aliases › Español › word 1</strong>`, `data-path="sms.aliases.es[0]"`,
		`<strong class="where">question 2 (safe_day) › type</strong>`)
	errors := strings.Count(p.Body, `<li class="error"`)
	if errors < 3 {
		t.Errorf("want every error listed at once, got %d", errors)
	}
	if warnings := strings.Count(p.Body, `<li class="warning"`); warnings != 0 {
		t.Logf("%d warnings listed with the errors", warnings)
	}
	if surveysCount(t, a) != 1 {
		t.Error("a survey with errors was saved")
	}
}

func surveysCount(t *testing.T, a *staffApp) int {
	t.Helper()
	all, err := a.Store.Surveys(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(all)
}

// TestSurveyLifecycleInPages creates, checks, opens and closes a survey
// from the pages, and finds each step in the audit log.
func TestSurveyLifecycleInPages(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	b := a.browser()
	b.mustLogin("organizer@example.org")
	form := b.get("/admin/surveys/new")
	tok := csrf(t, form)
	src := fallSurvey(t)
	check := b.postFile("/admin/surveys", url.Values{"_csrf": {tok}, "definition": {src}, "action": {"check"}}, "", "", "")
	expect(t, "check only", check, http.StatusOK, "No errors, but")
	if !strings.Contains(check.Body, `<li class="warning"`) || !strings.Contains(check.Body, "segments") {
		t.Errorf("check shows no SMS segment warnings: %.1500s", check.Body)
	}
	if surveysCount(t, a) != 1 {
		t.Fatal("check only saved the survey")
	}
	p := b.postFile("/admin/surveys", url.Values{"_csrf": {tok}, "action": {"save"}}, "file", "fall.yaml", src)
	if p.Status != http.StatusSeeOther || p.Location != "/admin/surveys/safety-fall-2026?done=created" {
		t.Fatalf("create: %d → %q; %.500s", p.Status, p.Location, p.Body)
	}
	page := b.get(p.Location)
	expect(t, "survey page", page, http.StatusOK, "created as a draft", "Draft", "SMS cost per language", "Tiếng Việt", "العربية",
		"/admin/surveys/safety-fall-2026/preview?lang=so", "/admin/surveys/safety-fall-2026/sms?lang=vi", "/admin/surveys/safety-fall-2026/poster?lang=ar")
	if !strings.Contains(page.Body, `<li class="warning"`) {
		t.Error("the survey page does not show the definition's warnings")
	}
	p = b.post("/admin/surveys/safety-fall-2026/open", url.Values{"_csrf": {csrf(t, page)}})
	if p.Status != http.StatusSeeOther || !strings.HasSuffix(p.Location, "?done=opened") {
		t.Fatalf("open: %d → %q; %.500s", p.Status, p.Location, p.Body)
	}
	rec, _ := a.Store.Survey(context.Background(), "safety-fall-2026")
	if rec.Status != surveys.StatusOpen {
		t.Fatalf("status after open: %s", rec.Status)
	}
	// Editing: the slug cannot change, and a valid edit is a new version.
	edit := b.get("/admin/surveys/safety-fall-2026/edit")
	expect(t, "edit page", edit, http.StatusOK, "slug: safety-fall-2026")
	moved := strings.Replace(src, "slug: safety-fall-2026", "slug: elsewhere", 1)
	expect(t, "slug change", b.postFile("/admin/surveys/safety-fall-2026", url.Values{"_csrf": {csrf(t, edit)}, "definition": {moved}}, "", "", ""),
		http.StatusUnprocessableEntity, "elsewhere")
	p = b.postFile("/admin/surveys/safety-fall-2026", url.Values{"_csrf": {csrf(t, edit)}, "definition": {strings.Replace(src, "Spring 2026", "Fall 2026", 1)}}, "", "", "")
	expect(t, "save edit", p, http.StatusSeeOther)
	p = b.post("/admin/surveys/safety-fall-2026/close", url.Values{"_csrf": {csrf(t, page)}})
	expect(t, "close", p, http.StatusSeeOther)

	entries, err := a.Store.Audit(context.Background(), auth.AuditFilter{Target: "safety-fall-2026"})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
		if e.ActorEmail != "organizer@example.org" || e.ActorRole != auth.RoleOrganizer || e.IP != "127.0.0.1" || e.At.IsZero() {
			t.Errorf("audit entry %+v: want the organizer, their role, address and time", e)
		}
	}
	if want := "survey.close survey.update survey.open survey.create"; strings.Join(actions, " ") != want {
		t.Errorf("audit actions %v, want %s", actions, want)
	}
}

// The next round is saved with the open round's keyword; its page
// explains who holds the words and offers to close that round, and the
// offer closes it and opens this one, both in the audit log.
func TestNextRoundTakesOverTheKeyword(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	b := a.browser()
	b.mustLogin("organizer@example.org")
	form := b.get("/admin/surveys/new")
	next := strings.Replace(fallSurvey(t), "keyword: FALL", "keyword: SAFE", 1) // the open example's keyword
	next = strings.Replace(next, "[OTONO]", "[SEGURO]", 1)                      // and one of its aliases
	p := b.postFile("/admin/surveys", url.Values{"_csrf": {csrf(t, form)}, "definition": {next}, "action": {"save"}}, "", "", "")
	if p.Status != http.StatusSeeOther {
		t.Fatalf("saving the next round with the open round's keyword: %d %.600s", p.Status, p.Body)
	}
	page := b.do("GET", "/admin/surveys/safety-fall-2026", nil, "", "Accept-Language", "es")
	expect(t, "survey page, in Spanish", page, http.StatusOK, `id="in-the-way"`,
		"tiene SAFE, SEGURO", `name="close" value="`+exampleSlug+`"`, "Cerrar «", "y abrir esta encuesta", "es la palabra clave de la encuesta abierta")
	if strings.Contains(page.Body, "disabled") {
		t.Error("the offer to open in place of the open round is disabled")
	}

	// Opening without the offer is refused with the same offer.
	refused := b.post("/admin/surveys/safety-fall-2026/open", url.Values{"_csrf": {csrf(t, page)}})
	expect(t, "plain open", refused, http.StatusUnprocessableEntity, `<strong class="where">sms › keyword</strong>`, `name="close" value="`+exampleSlug+`"`)
	if strings.Contains(refused.Body, "disabled") {
		t.Error("after a refusal, the offer is disabled")
	}
	// Agreeing to close another survey changes nothing.
	other := b.post("/admin/surveys/safety-fall-2026/open", url.Values{"_csrf": {csrf(t, page)}, "close": {"someone-else"}})
	expect(t, "open, closing the wrong round", other, http.StatusUnprocessableEntity, `name="close" value="`+exampleSlug+`"`)
	mustStatus(t, a, exampleSlug, surveys.StatusOpen)
	mustStatus(t, a, "safety-fall-2026", surveys.StatusDraft)

	done := b.post("/admin/surveys/safety-fall-2026/open", url.Values{"_csrf": {csrf(t, page)}, "close": {exampleSlug}})
	if done.Status != http.StatusSeeOther || !strings.HasSuffix(done.Location, "?done=replaced") {
		t.Fatalf("open instead: %d %q %.500s", done.Status, done.Location, done.Body)
	}
	mustStatus(t, a, exampleSlug, surveys.StatusClosed)
	mustStatus(t, a, "safety-fall-2026", surveys.StatusOpen)
	expect(t, "after", b.get(done.Location), http.StatusOK, "the round that held its keyword is closed")
	for slug, want := range map[string]string{exampleSlug: auth.ActionSurveyClose, "safety-fall-2026": auth.ActionSurveyOpen} {
		entries, err := a.Store.Audit(context.Background(), auth.AuditFilter{Target: slug})
		if err != nil || len(entries) == 0 || entries[0].Action != want {
			t.Errorf("%s: audit %v %v, want %s first", slug, entries, err, want)
		}
	}
}

func mustStatus(t *testing.T, a *staffApp, slug string, want surveys.Status) {
	t.Helper()
	rec, err := a.Store.Survey(context.Background(), slug)
	if err != nil || rec.Status != want {
		t.Fatalf("%s: %v %v, want %s", slug, rec, err, want)
	}
}

func TestSurveysListTodayCounts(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	ctx := context.Background()
	now := time.Now().UTC()
	for i, r := range []struct{ channel, lang, hood string }{
		{"web", "es", "north-of-main"}, {"sms", "so", "north-of-main"}, {"web", "es", "riverside"}, {"web", "en", ""},
	} {
		resp := &surveys.Response{ID: "r" + string(rune('0'+i)), Survey: exampleSlug, Version: 1, Channel: r.channel, Language: r.lang,
			Neighborhood: r.hood, Answers: map[string]any{}, CreatedAt: now}
		if _, err := a.Store.InsertResponse(ctx, resp); err != nil {
			t.Fatal(err)
		}
	}
	// Yesterday's response counts in the total, not today.
	old := &surveys.Response{ID: "old", Survey: exampleSlug, Version: 1, Channel: "web", Language: "vi", Answers: map[string]any{}, CreatedAt: now.AddDate(0, 0, -1)}
	if _, err := a.Store.InsertResponse(ctx, old); err != nil {
		t.Fatal(err)
	}
	b := a.browser()
	b.mustLogin("staff@example.org")
	p := b.get("/admin/surveys")
	expect(t, "surveys list", p, http.StatusOK, "<td class=\"n\">5</td>", "<td class=\"n\"><strong>4</strong></td>",
		"Web form&nbsp;3", "SMS&nbsp;1", "Español&nbsp;2", "Soomaali&nbsp;1", "English&nbsp;1", "No neighborhood given&nbsp;1")
	if strings.Contains(p.Body, "Tiếng Việt&nbsp;") {
		t.Error("yesterday's response counts as today")
	}
	if strings.Contains(p.Body, "/admin/surveys/new") || strings.Contains(p.Body, "/close\"") {
		t.Error("staff see buttons only organizers may use")
	}
}

func TestFormPreviewNeverStores(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	b := a.browser()
	b.mustLogin("organizer@example.org")
	p := b.get("/admin/surveys/" + exampleSlug + "/preview?lang=es")
	expect(t, "preview", p, http.StatusOK, `<html lang="es"`, "Preview in Español", `action="/admin/surveys/`+exampleSlug+`/preview?lang=es"`)
	tok := csrf(t, p)
	bad := b.post("/admin/surveys/"+exampleSlug+"/preview?lang=es", url.Values{"_csrf": {tok}, "_key": {"k"}})
	expect(t, "preview with missing answers", bad, http.StatusUnprocessableEntity, `class="summary"`)
	def, _ := a.Store.Survey(context.Background(), exampleSlug)
	answers := url.Values{"_csrf": {tok}}
	for _, q := range def.Questions {
		switch q.Type {
		case surveys.TypeNeighborhood:
			answers.Set(q.ID, def.Neighborhoods[0].ID)
		case surveys.TypeScale:
			answers.Set(q.ID, "4")
		case surveys.TypeSingle, surveys.TypeMulti:
			answers.Set(q.ID, q.Options[0].ID)
		case surveys.TypeNumber:
			answers.Set(q.ID, "3")
		}
	}
	ok := b.post("/admin/surveys/"+exampleSlug+"/preview?lang=es", answers)
	expect(t, "valid preview", ok, http.StatusOK, "would be accepted")
	rec, _ := a.Store.Survey(context.Background(), exampleSlug)
	if rec.Responses != 0 {
		t.Fatalf("a preview stored %d responses", rec.Responses)
	}
}

func TestSMSPreviewTranscript(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	b := a.browser()
	b.mustLogin("staff@example.org")
	p := b.get("/admin/surveys/" + exampleSlug + "/sms?lang=vi")
	expect(t, "SMS preview", p, http.StatusOK, "The SMS conversation", `class="resident"`, `class="canvass"`, "UCS-2", "segments per completed survey")
	def, _ := a.Store.Survey(context.Background(), exampleSlug)
	for _, q := range def.Questions {
		if q.ShowIf != nil || q.Type == surveys.TypeText {
			continue
		}
		text := q.Text["vi"]
		if q.SMSText != nil && q.SMSText["vi"] != "" {
			text = q.SMSText["vi"]
		}
		if first := strings.Fields(text)[0]; !strings.Contains(p.Body, first) {
			t.Errorf("transcript lacks question %s (%q)", q.ID, first)
		}
	}
	if rec, _ := a.Store.Survey(context.Background(), exampleSlug); rec.Responses != 0 {
		t.Fatal("the SMS preview stored a response")
	}
}

func TestPoster(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	b := a.browser()
	b.mustLogin("staff@example.org")
	p := b.get("/admin/surveys/" + exampleSlug + "/poster?lang=vi&lang2=ar")
	expect(t, "two-language poster", p, http.StatusOK, `<section lang="vi" dir="ltr" class="kw-`, `<section lang="ar" dir="rtl" class="kw-`,
		"Khu phố của bạn. Tiếng nói của bạn.", "حيّك. صوتك.", "<svg", ">ANTOAN<", ">AMAN<", "(617) 555-0123", "canvass.test/s/"+exampleSlug,
		"Có thể áp dụng phí tin nhắn", "Download PNG")
	one := b.get("/admin/surveys/" + exampleSlug + "/poster?lang=en")
	expect(t, "English poster", one, http.StatusOK, ">SAFE<", "Message and data rates may apply", "Download PNG")
	if c := strings.Count(p.Body, "<svg"); c != 2 {
		t.Errorf("%d QR codes, want one per language", c)
	}
	png1 := b.get("/admin/surveys/" + exampleSlug + "/poster.png?lang=es&paper=letter")
	if png1.Status != http.StatusOK || png1.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("PNG: %d %s", png1.Status, png1.Header.Get("Content-Type"))
	}
	img, err := png.Decode(bytes.NewReader([]byte(png1.Body)))
	if err != nil {
		t.Fatal(err)
	}
	bmp, _ := gozxing.NewBinaryBitmapFromImage(img)
	res, err := gzqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("the PNG's QR code does not read: %v", err)
	}
	if want := "http://canvass.test/s/" + exampleSlug + "?lang=es"; res.GetText() != want {
		t.Errorf("QR code reads %q, want %q", res.GetText(), want)
	}
	ar := b.get("/admin/surveys/" + exampleSlug + "/poster.png?lang=ar&lang2=en")
	if ar.Status != http.StatusOK || ar.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("Arabic and English PNG: %d %s", ar.Status, ar.Header.Get("Content-Type"))
	}
	if cd := ar.Header.Get("Content-Disposition"); cd != `attachment; filename="`+exampleSlug+`-poster-ar-en-a4.png"` {
		t.Errorf("Content-Disposition %q", cd)
	}
}

func TestAuditView(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	org := a.browser()
	org.mustLogin("organizer@example.org")
	page := org.get("/admin/surveys/" + exampleSlug)
	org.post("/admin/surveys/"+exampleSlug+"/close", url.Values{"_csrf": {csrf(t, page)}})
	admin := a.browser()
	admin.mustLogin("admin@example.org")
	all := admin.get("/admin/audit")
	expect(t, "audit log", all, http.StatusOK, "survey.close", "organizer@example.org", "session.login", "127.0.0.1", exampleSlug)
	only := admin.get("/admin/audit?action=survey.&actor=organizer%40example.org")
	expect(t, "filtered", only, http.StatusOK, "survey.close")
	if strings.Contains(only.Body, "<code>session.login</code>") {
		t.Error("the action filter lets other actions through")
	}
	none := admin.get("/admin/audit?target=nothing-here")
	expect(t, "no match", none, http.StatusOK, "No entries match.")
}
