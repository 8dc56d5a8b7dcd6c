package conversation_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"canvass/conversation"
	"canvass/sms"
	"canvass/surveys"
)

// conversationCase is a whole conversation with the example survey: the
// resident's texts, what the replies to some of them must say, and the
// response it must store.
type conversationCase struct {
	name  string
	texts []string
	// replies maps an index of texts to strings its reply must contain.
	replies map[int][]string
	// unwanted maps an index of texts to strings its reply must not contain.
	unwanted map[int][]string
	want     map[string]any // the stored answers; nil: no response
	lang     string
}

func conversationCases() []conversationCase {
	return []conversationCase{
		{
			name:  "English through the menu, every answer form",
			texts: []string{" Safe! ", "1", "my zip is 01421", "4", "2", "1 and 3", "skip", "skip", "4 people", "2", "SKIP", "english", "1", "NO"},
			replies: map[int][]string{
				0:  {"1 English", "2 Español", "5 العربية", "6 Kreyòl ayisyen"},
				1:  {"anonymous", "Reply STOP to opt out, HELP for help.", "Which neighborhood", "1 North of Main", "7 Lincoln Heights"},
				2:  {"How safe", "Reply 1 (Very unsafe) to 5 (Very safe)."},
				4:  {"Choose up to 3, like: 1 3", "1 Poor street lighting", "Reply SKIP to skip."},
				5:  {"What would help you feel safer at night?", "Reply SKIP to skip."},
				6:  {"household need most"},
				12: {"Would you like your neighborhood's results by text later? Reply YES or NO."},
				13: {"Thank you!"},
			},
			want: map[string]any{"neighborhood": "riverside", "safe_day": 4, "safe_night": 2, "unsafe_why": []string{"lighting", "drugs"},
				"household": 4, "age": "age_25_34", "home_language": "english", "tenure": "rent"},
			lang: "en",
		},
		{
			name:  "Spanish by alias, skip logic shows the comment",
			texts: []string{"seguro", "Riverside", "٣", "1", "1 y 3", "Más luz en la calle", "saltar", "somos 3", "SALTAR", "saltar", "2", "saltar", "si"},
			replies: map[int][]string{
				0:  {"Esta encuesta es anónima", "Responda STOP para darse de baja, AYUDA para ayuda.", "¿En qué vecindario vive?"},
				3:  {"Elija hasta 3, por ejemplo: 1 3", "Responda SALTAR para omitirla."},
				4:  {"¿Qué le ayudaría"},
				11: {"¿Quiere recibir luego por mensaje los resultados de su vecindario? Responda SI o NO."},
				12: {"¡Gracias!", "Le enviaremos los resultados por mensaje."},
			},
			want: map[string]any{"neighborhood": "riverside", "safe_day": 3, "safe_night": 1, "unsafe_why": []string{"lighting", "drugs"},
				"comment": "Más luz en la calle", "household": 3, "home_language": "spanish"},
			lang: "es",
		},
		{
			name:  "Arabic by menu, Eastern Arabic digits and و",
			texts: []string{"SAFE", "5", "ريفرسايد", "٥", "٤", "١ و ٣", "٢،٤", "٤", "تخطي", "تخطي", "العربية", "١", "لا"},
			replies: map[int][]string{
				1: {"في أي حي تسكن؟", "أرسل STOP للإيقاف وHELP للمساعدة."},
				3: {"أجب من 1 (غير آمن جدًا) إلى 5 (آمن جدًا)."},
				4: {"اختر حتى 3، مثلًا: 1 3", "أرسل تخطي لتخطي السؤال."},
			},
			want: map[string]any{"neighborhood": "riverside", "safe_day": 5, "safe_night": 4, "unsafe_why": []string{"lighting", "drugs"},
				"needs": []string{"jobs", "mental_health"}, "household": 4, "home_language": "arabic", "tenure": "rent"},
			lang: "ar",
		},
		{
			name:  "language chosen by name, then switched with LANG",
			texts: []string{"safe", "Español", "2", "LANG en", "3", "idioma ar", "٤", "IDIOMA 1"},
			replies: map[int][]string{
				2: {"¿Cuánta seguridad siente"},
				3: {"How safe do you feel walking in your neighborhood during the day?"},
				5: {"ما مدى شعورك بالأمان عند المشي في حيّك ليلًا؟"},
				7: {"What makes you feel unsafe"},
			},
			lang: "en",
		},
		{
			name:  "invalid answers get a short re-prompt, optional skipped after three",
			texts: []string{"SAFE", "1", "2", "4", "4", "banana", "9", "1 2 3 4"},
			replies: map[int][]string{
				5: {"Please reply with numbers from 1 to 8", "Reply SKIP to skip.", "HELP"},
				6: {"Please reply with numbers from 1 to 8"},
				7: {"Let's go to the next question.", "household need most"},
			},
			unwanted: map[int][]string{5: {"What makes you feel unsafe"}, 6: {"What makes you feel unsafe"}},
		},
		{
			name:  "a required question is re-asked, never ended, the list every third try",
			texts: []string{"SAFE", "1", "nowhere", "elsewhere", "skip", "?", "2"},
			replies: map[int][]string{
				2: {"Please reply with a number from 1 to 7.", "Text HELP for help."},
				3: {"Please reply with a number from 1 to 7."},
				4: {"Please answer this question.", "Which neighborhood", "7 Lincoln Heights"},
				5: {"Please reply with a number from 1 to 7."},
				6: {"during the day"},
			},
			unwanted: map[int][]string{2: {"Which neighborhood", "Reply SKIP"}, 3: {"Which neighborhood"}, 5: {"Which neighborhood"}},
		},
		{
			name:  "the keyword again restarts",
			texts: []string{"SAFE", "1", "2", "SAFE", "1"},
			replies: map[int][]string{
				3: {"1 English"},
				4: {"anonymous", "Which neighborhood"},
			},
		},
	}
}

func TestConversation(t *testing.T) {
	for _, tc := range conversationCases() {
		t.Run(tc.name, func(t *testing.T) {
			r := newResident(t, exampleRecord(t))
			for i, text := range tc.texts {
				reply := r.text(text)
				for _, want := range tc.replies[i] {
					if !strings.Contains(reply, want) {
						t.Errorf("reply to %q (text %d) lacks %q:\n%s", text, i, want, reply)
					}
				}
				for _, not := range tc.unwanted[i] {
					if strings.Contains(reply, not) {
						t.Errorf("reply to %q (text %d) has %q:\n%s", text, i, not, reply)
					}
				}
			}
			if tc.want == nil {
				if len(r.sim.Responses) > 0 {
					t.Fatalf("stored a response: %+v", r.sim.Responses[0])
				}
				return
			}
			if len(r.sim.Responses) != 1 {
				t.Fatalf("want one response, got %d (session %+v)", len(r.sim.Responses), r.session())
			}
			resp := r.sim.Responses[0]
			if !reflect.DeepEqual(resp.Answers, tc.want) {
				t.Errorf("answers:\n got %#v\nwant %#v", resp.Answers, tc.want)
			}
			if resp.Channel != surveys.ChannelSMS || resp.Language != tc.lang || resp.Respondent != "p-0123" ||
				resp.Neighborhood != "riverside" || resp.Version != 1 || !strings.HasPrefix(resp.ID, "sms-") {
				t.Errorf("response: %+v", resp)
			}
			if n := liveSessions(r.sim); n != 0 {
				t.Errorf("%d live sessions left after the end: %+v", n, r.session())
			}
		})
	}
}

func TestConversationConsent(t *testing.T) {
	for _, tc := range []struct {
		answer    string
		followups int
	}{{"yes", 1}, {"SI", 1}, {"نعم", 1}, {"no", 0}, {"skip", 0}} {
		r := newResident(t, exampleRecord(t))
		for _, text := range []string{"SAFE", "1", "2", "5", "5", "skip", "skip", "skip", "skip", "skip", "skip", "skip"} {
			r.text(text)
		}
		if len(r.sim.Responses) != 1 || r.session().Stage != conversation.StageConsent || r.session().Answers != nil {
			t.Fatalf("after the last question: %d responses, session %+v", len(r.sim.Responses), r.session())
		}
		r.text(tc.answer)
		if len(r.sim.Followups) != tc.followups || liveSessions(r.sim) != 0 {
			t.Errorf("%q: %d follow-ups, %d live sessions", tc.answer, len(r.sim.Followups), liveSessions(r.sim))
		}
		if tc.followups == 1 && *r.sim.Followups[0] != (conversation.Followup{Survey: "safety-spring-2026", Language: "en", Neighborhood: "riverside"}) {
			t.Errorf("follow-up: %+v", r.sim.Followups[0])
		}
		if len(r.sim.Responses) != 1 {
			t.Errorf("%q: the answer changed the response count to %d", tc.answer, len(r.sim.Responses))
		}
	}
}

func TestConversationCarrierWords(t *testing.T) {
	r := newResident(t, exampleRecord(t))
	r.text("SEGURO")
	steps := []struct {
		text, want string // want "" means no reply at all
		optedOut   bool
	}{
		{"AYUDA", "Pueden aplicarse tarifas de msj y datos", false},
		{"help", "Pueden aplicarse tarifas", false},
		{"Stop.", "ya no le enviaremos mensajes", true},
		{"2", "", true},
		{"SAFE", "", true},
		{"HELP", "STOP para darse de baja", true}, // answered after STOP too, in the resident's language
		{"STOP", "", true},
		{"START", "Listo: puede volver", false}, // the language outlives the session STOP ended
		{"2", "Escriba SEGURO", false},          // the keyword of the resident's language
		{"SAFE", "1 English", false},
		{"NO MAS", "ya no le enviaremos mensajes", true}, // the revocation's language, none chosen yet
		{"unstop", "Listo: puede volver", false},
		{"YES", "Escriba SEGURO", false},
		{"توقف", "أُلغي اشتراكك", true},
		{"YES", "أُعيد اشتراكك", false}, // the last revocation's language
	}
	for _, s := range steps {
		reply := r.text(s.text)
		if (s.want == "" && reply != "") || !strings.Contains(reply, s.want) {
			t.Errorf("%q: reply %q, want %q", s.text, reply, s.want)
		}
		if r.sim.OptedOut != s.optedOut {
			t.Errorf("%q: opted out %v, want %v", s.text, r.sim.OptedOut, s.optedOut)
		}
	}
	if len(r.sim.Sessions) != 0 {
		t.Errorf("STOP left a session: %+v", r.session())
	}
}

func TestConversationHelpIsComplete(t *testing.T) {
	tr := translator(t)
	for _, lang := range []string{"en", "es", "so", "vi", "ar", "ht"} {
		help := tr.T(lang, "sms.help", map[string]any{"Program": "P", "URL": "https://u.example"})
		if !strings.Contains(help, "STOP") || !strings.Contains(help, "https://u.example") || !strings.HasPrefix(help, "P") {
			t.Errorf("%s help lacks how to stop, the program or the link: %q", lang, help)
		}
	}
	if help := tr.T("en", "sms.help", map[string]any{"Program": "P"}); !strings.Contains(help, "Msg & data rates may apply") {
		t.Errorf("English help: %q", help)
	}
}

func TestConversationResumeExpireDuplicate(t *testing.T) {
	r := newResident(t, exampleRecord(t))
	r.text("SAFE")
	r.text("1")
	first := r.sim.Send("2") // answer the neighborhood
	again := r.sim.Resend("2")
	if again.Event != "duplicate" || !reflect.DeepEqual(again.Replies, first.Replies) {
		t.Fatalf("redelivery: %+v, first %+v", again, first)
	}
	if got := r.session().Answers["neighborhood"]; !reflect.DeepEqual(got, []string{"riverside"}) || r.session().Question != "safe_day" {
		t.Fatalf("redelivery changed the session: %+v", r.session())
	}
	r.now = r.now.Add(50 * time.Minute) // within the test TTL of an hour
	if reply := r.text("4"); !strings.Contains(reply, "at night") {
		t.Fatalf("resume: %q", reply)
	}
	r.now = r.now.Add(2 * time.Hour)
	if reply := r.text("4"); !strings.Contains(reply, "paused while you were away") {
		t.Fatalf("after the session TTL: %q", reply)
	}
}

func TestConversationClosedSurvey(t *testing.T) {
	rec := exampleRecord(t)
	r := newResident(t, rec)
	r.text("SAFE")
	r.text("2")
	rec.Status = surveys.StatusClosed
	if reply := r.text("1"); !strings.Contains(reply, "esta encuesta ya no recibe respuestas") || liveSessions(r.sim) != 0 {
		t.Fatalf("closed: %q %v", reply, r.sim.Sessions)
	}
}

func TestConversationOneLanguage(t *testing.T) {
	rec := record(t, `
slug: bus-stops
default_language: es
languages: [es]
title: {es: Paradas}
sms: {keyword: BUS}
neighborhoods:
  - {id: centro, name: {es: Centro}, match: ["02100"]}
  - {id: norte, name: {es: Norte}}
questions:
  - {id: barrio, type: neighborhood, text: {es: "¿Barrio?"}}
  - {id: n, type: number, text: {es: "¿Cuántas paradas?"}, number: {min: 0, max: 9}}
`)
	r := newResident(t, rec)
	if reply := r.text("bus"); !strings.Contains(reply, "Paradas Responda STOP") || !strings.Contains(reply, "¿Barrio?\n1 Centro\n2 Norte") {
		t.Fatalf("start: %q", reply)
	}
	r.text("02100")
	if reply := r.text("0"); !strings.Contains(reply, "¡Gracias! Sus respuestas quedaron guardadas.") {
		t.Fatalf("end: %q", reply)
	}
	if len(r.sim.Responses) != 1 || !reflect.DeepEqual(r.sim.Responses[0].Answers, map[string]any{"barrio": "centro", "n": 0}) {
		t.Fatalf("responses: %+v", r.sim.Responses)
	}
}

// liveSessions counts the simulated resident's sessions still under way
// (an ended one stays as a record).
func liveSessions(sim *conversation.Simulator) int {
	n := 0
	for _, s := range sim.Sessions {
		if s.Stage != conversation.StageDone {
			n++
		}
	}
	return n
}

// STOP after a finished survey ends as it does by SMS (both go through
// conversation.Apply): the consent to hear back is dropped, the finished
// conversation is kept as done (one response per resident still holds),
// and the resident is opted out.
func TestStopAfterConsentDropsTheFollowup(t *testing.T) {
	t.Parallel()
	r := newResident(t, exampleRecord(t))
	for _, text := range []string{"SAFE", "1", "2", "5", "5", "skip", "skip", "skip", "skip", "skip", "skip", "skip", "yes"} {
		r.text(text)
	}
	if len(r.sim.Followups) != 1 {
		t.Fatalf("%d follow-ups before STOP", len(r.sim.Followups))
	}
	r.text("STOP")
	if !r.sim.OptedOut || len(r.sim.Followups) != 0 {
		t.Fatalf("after STOP: opted out %v, %d follow-ups", r.sim.OptedOut, len(r.sim.Followups))
	}
	if s := r.session(); s == nil || s.Stage != conversation.StageDone {
		t.Fatalf("the finished conversation was not kept as done: %+v", s)
	}
}

// A revocation "by any reasonable means": the carrier words and each
// language's plain words, whatever their case, width or punctuation, alone
// or in a short message, opt out at once.
func TestStopVariants(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ text, reply string }{
		{"stop please", "You are unsubscribed"},
		{"Please STOP texting me!", "You are unsubscribed"},
		{"ＳＴＯＰ", "You are unsubscribed"},
		{"Stop!!!", "You are unsubscribed"},
		{"ALTO", "ya no le enviaremos mensajes"},
		{"alto ya", "ya no le enviaremos mensajes"},
		{"por favor, no más", "ya no le enviaremos mensajes"},
		{"JOOJI", "Waad ka baxday"},
		{"dừng lại nhé", "Bạn đã ngừng nhận tin"},
		{"sispann souple", "Ou dezabòne"},
		{"توقف من فضلك", "أُلغي اشتراكك"},
	} {
		r := newResident(t, exampleRecord(t))
		r.text("SAFE")
		if reply := r.text(tc.text); !strings.Contains(reply, tc.reply) || !r.sim.OptedOut {
			t.Errorf("%q: reply %q, opted out %v; want %q", tc.text, reply, r.sim.OptedOut, tc.reply)
		}
	}
	// A longer sentence holding "stop" is not a request to stop.
	r := newResident(t, exampleRecord(t))
	r.text("SAFE")
	if r.text("I will not stop until the lights are fixed"); r.sim.OptedOut {
		t.Error("a sentence holding \"stop\" opted out")
	}
}

// As the answer to a free-text question, a short message holding a stop
// word may be an answer ("stop the speeding"): the resident is asked, in
// their language, and the same message again is kept as the answer; STOP
// alone still opts out at once.
func TestStopInAFreeTextAnswerIsAsked(t *testing.T) {
	t.Parallel()
	rec := exampleRecord(t)
	var textQ string
	for _, q := range rec.Questions {
		if q.Type == surveys.TypeText {
			textQ = q.ID
		}
	}
	reach := func(r *resident) {
		r.text("SEGURO")
		for i := 0; i < 20 && r.session() != nil && r.session().Question != textQ; i++ {
			if r.session().Stage != conversation.StageQuestion {
				t.Fatalf("never reached the text question %s: %+v", textQ, r.session())
			}
			r.text("1")
		}
	}
	r := newResident(t, rec)
	reach(r)
	if reply := r.text("stop the speeding"); !strings.Contains(reply, "Responda STOP") || r.sim.OptedOut {
		t.Fatalf("a free-text answer holding STOP: reply %q, opted out %v", reply, r.sim.OptedOut)
	}
	if r.text("stop the speeding"); r.sim.OptedOut || r.session().Answers[textQ][0] != "stop the speeding" {
		t.Fatalf("sent again, it is the answer: opted out %v, answers %v", r.sim.OptedOut, r.session().Answers)
	}
	r = newResident(t, rec)
	reach(r)
	if r.text("STOP"); !r.sim.OptedOut {
		t.Fatal("STOP alone at a text question did not opt out")
	}
}

// HELP gives a working contact in the resident's language: the survey's
// own, else the program's (CANVASS_CONTACT), and says how to stop, in each
// of the six languages, also after STOP.
func TestHelpGivesTheContact(t *testing.T) {
	t.Parallel()
	tr := translator(t)
	conv := conversation.New(tr, tr.Languages(), conversation.Options{SessionTTL: time.Hour, ContactURL: "https://canvass.test", Contact: "+1 617 555 0100", Count: sms.Count})
	for _, own := range []string{"", "help@example.org"} {
		rec := exampleRecord(t)
		rec.Contact = own
		want := "+1 617 555 0100"
		if own != "" {
			want = own
		}
		for _, lang := range rec.Languages {
			r := newResident(t, rec)
			r.sim.Conv = conv
			r.text(rec.KeywordIn(lang))
			if lang == "en" {
				r.text("1")
			}
			reply := r.text("HELP")
			if !strings.Contains(reply, want) || !strings.Contains(reply, "STOP") {
				t.Errorf("%s HELP (survey contact %q): %q, want %s and STOP", lang, own, reply, want)
			}
			r.text("STOP")
			if reply := r.text("HELP"); !strings.Contains(reply, want) {
				t.Errorf("%s HELP after STOP: %q", lang, reply)
			}
		}
	}
}

// The first message of a conversation, in every survey language, names
// the program and says how to stop, how to get help and that rates may
// apply: the notice before the menu in the survey's default language, and
// the intro in the resident's.
func TestFirstMessageNamesProgramStopHelpAndRates(t *testing.T) {
	t.Parallel()
	tr := translator(t)
	rec := exampleRecord(t)
	help := map[string]string{"en": "HELP", "es": "AYUDA", "so": "CAAWIN", "vi": "HELP", "ar": "HELP", "ht": "ED"}
	for _, lang := range rec.Languages {
		r := newResident(t, rec)
		first := r.sim.Send(rec.KeywordIn(lang)).Replies[0]
		if lang == "en" { // the main keyword: the notice, then the menu
			if !strings.Contains(first, rec.Title.In("en", "en")) || !strings.Contains(first, "Msg & data rates may apply") || !strings.Contains(first, "HELP") {
				t.Errorf("the notice before the menu: %q", first)
			}
			first = r.sim.Send("1").Replies[0]
		}
		rates := tr.T(lang, "sms.stop_hint", nil)
		for _, want := range []string{rec.Title.In(lang, rec.DefaultLanguage), "STOP", help[lang], rates} {
			if !strings.Contains(first, want) {
				t.Errorf("%s first message lacks %q: %q", lang, want, first)
			}
		}
	}
}

// Replies the language menu cannot read get a short word on what to send,
// the menu again every third time, and never a language chosen for the
// resident, whose next "1" would be taken as an answer.
func TestLanguageMenuNeverGuesses(t *testing.T) {
	t.Parallel()
	r := newResident(t, exampleRecord(t))
	r.text("SAFE")
	for i, text := range []string{"hello", "what?", "ok", "👍"} {
		reply := r.text(text)
		if !strings.Contains(reply, "reply with a number from 1 to 6") {
			t.Errorf("reply %d to %q: %q", i+1, text, reply)
		}
		if menu := strings.Contains(reply, "1 English"); menu != (i == 2) {
			t.Errorf("reply %d: menu sent %v", i+1, menu)
		}
		if s := r.session(); s == nil || s.Stage != conversation.StageLanguage {
			t.Fatalf("after %q the session left the menu: %+v", text, s)
		}
	}
	if reply := r.text("2"); !strings.Contains(reply, "Encuesta") {
		t.Fatalf("then 2 picks Spanish: %q", reply)
	}
}

// Help words and keywords speak the resident's language: AYUDA from a new
// number is answered in Spanish, and a Spanish speaker whose unfinished
// answers were deleted is told to text the Spanish keyword, not the
// English one.
func TestHelpWordsAndKeywordsInTheResidentsLanguage(t *testing.T) {
	t.Parallel()
	rec := exampleRecord(t)
	for word, want := range map[string]string{"AYUDA": "Pueden aplicarse tarifas", "caawin": "Kharash fariin", "èd": "Frè mesaj", "giúp": "Có thể mất phí", "مساعدة": "قد تُطبَّق"} {
		r := newResident(t, rec)
		if reply := r.text(word); !strings.Contains(reply, want) {
			t.Errorf("%s from a new number: %q, want %q", word, reply, want)
		}
	}
	r := newResident(t, rec)
	r.text("SEGURO")
	r.text("2")
	r.now = r.now.Add(30 * 24 * time.Hour)
	if reply := r.text("??"); !strings.Contains(reply, "SEGURO") || strings.Contains(reply, "SAFE") {
		t.Errorf("answers deleted in Spanish names the keyword: %q", reply)
	}
	if reply := r.text("??"); !strings.Contains(reply, "Escriba SEGURO") || strings.Contains(reply, "SAFE") {
		t.Errorf("after that, Spanish still: %q", reply)
	}
}

// A picture alone is not an unreadable answer: the resident is told, in
// their language, that only text is read, and the question still waits.
func TestPictureGetsTextOnly(t *testing.T) {
	t.Parallel()
	r := newResident(t, exampleRecord(t))
	r.text("SEGURO")
	before := *r.session()
	out := r.sim.SendMedia("", 1)
	if len(out.Replies) != 1 || !strings.Contains(out.Replies[0], "Solo podemos leer texto") {
		t.Fatalf("a picture: %q", out.Replies)
	}
	if s := r.session(); s.Question != before.Question || s.Tries != before.Tries {
		t.Fatalf("the picture moved the conversation: %+v", s)
	}
	// A caption with the picture is read as the answer.
	if out := r.sim.SendMedia("2", 1); out.Event == "media" {
		t.Fatalf("a caption was not read: %+v", out)
	}
}

// A free-text question's help (the example's privacy warning) reaches SMS
// residents with the question, in their language.
func TestTextQuestionSendsItsHelp(t *testing.T) {
	t.Parallel()
	rec := exampleRecord(t)
	comment, ok := rec.Question("comment")
	if !ok {
		t.Fatal("the example has no comment question")
	}
	for _, lang := range rec.Languages {
		r := newResident(t, rec)
		r.text(rec.KeywordIn(lang))
		if lang == "en" {
			r.text("1")
		}
		var reply string
		// neighborhood, safe during the day, unsafe at night, why: the comment
		// question shows.
		for _, answer := range []string{"2", "3", "1", "1"} {
			reply = r.text(answer)
		}
		if r.session().Question != "comment" || !strings.Contains(reply, comment.Help.In(lang, "en")) {
			t.Errorf("%s: at %s, reply %q lacks the help", lang, r.session().Question, reply)
		}
	}
}
