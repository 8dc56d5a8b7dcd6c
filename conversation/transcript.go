package conversation

import (
	"slices"
	"strconv"
	"time"

	"canvass/surveys"
)

// Message is one text of a transcript, with what it costs.
type Message struct {
	FromResident bool
	Text         string
	// Language is the language a reply is in: the survey's default before
	// the resident picks one (the notice, the language menu).
	Language   string
	Encoding   string
	Characters int
	Segments   int
}

// maxTranscriptTurns bounds a simulated conversation; a survey has at most
// a few dozen questions, each answered in one turn.
const maxTranscriptTurns = 200

// Transcript plays the conversation in lang with a simulated resident who
// texts the keyword (the language's alias when there is one), picks the
// language if asked, and gives each question a typical answer. It is the
// SMS preview organizers read and the conversation the survey's SMS cost
// counts (Cost), so the two never disagree. Nothing is stored.
func (c *Conversation) Transcript(rec *surveys.Record, lang string, now time.Time) []Message {
	sv := &rec.Survey
	open := []*surveys.Record{rec}
	var out []Message
	var sess *Session
	body := sv.KeywordIn(lang)
	for turn := 0; turn < maxTranscriptTurns && body != ""; turn++ {
		out = append(out, c.message(true, body))
		t := Turn{
			Body: body, MessageSID: "preview-" + strconv.Itoa(turn), Respondent: "preview",
			Now: now.Add(time.Duration(turn) * time.Minute), Session: sess, Survey: sv, SurveyOpen: true, Open: open,
		}
		res := c.Step(t)
		for _, r := range res.Replies {
			m := c.message(false, r)
			m.Language = replyLanguage(t, res, sv)
			out = append(out, m)
		}
		if res.Response != nil || res.Session == nil {
			break
		}
		sess = res.Session
		body = typicalReply(sv, sess, lang)
	}
	return out
}

func (c *Conversation) message(fromResident bool, text string) Message {
	m := Message{FromResident: fromResident, Text: text}
	if c.opts.Count != nil {
		m.Encoding, m.Characters, m.Segments = c.opts.Count(text)
	}
	return m
}

// typicalReply is the simulated resident's next text.
func typicalReply(sv *surveys.Survey, sess *Session, lang string) string {
	switch sess.Stage {
	case StageLanguage:
		return strconv.Itoa(slices.Index(sv.Languages, lang) + 1)
	case StageQuestion:
		q, ok := sv.Question(sess.Question)
		if !ok {
			return ""
		}
		return typicalAnswer(q, lang)
	}
	return ""
}

// typicalAnswer is a plausible reply to q: the first choice, the middle of
// a scale, the lowest allowed number, a few words of text.
func typicalAnswer(q *surveys.Question, lang string) string {
	switch q.Type {
	case surveys.TypeScale:
		if q.Scale != nil {
			return strconv.Itoa((q.Scale.Min + q.Scale.Max) / 2)
		}
	case surveys.TypeNumber:
		if q.Number != nil && q.Number.Min != nil {
			return strconv.Itoa(*q.Number.Min)
		}
		return "3"
	case surveys.TypeText:
		if t, ok := sampleText[lang]; ok {
			return t
		}
		return sampleText["en"]
	}
	return "1"
}

// sampleText is what the simulated resident writes to a text question.
var sampleText = map[string]string{
	"en": "More street lights please", "es": "Más luces en la calle por favor", "so": "Nalal badan fadlan",
	"vi": "Xin thêm đèn đường", "ar": "المزيد من إنارة الشوارع من فضلك", "ht": "Plis limyè nan lari a souple",
}
