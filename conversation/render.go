package conversation

import (
	"strconv"
	"strings"

	"canvass/surveys"
)

// The texts of a conversation. Cost renders the same ones, so the cost
// an organizer sees is the cost of what residents receive.

// languageMenu offers the survey's languages, numbered, each named in
// itself. The menu is the same whatever the resident reads, so its one
// line of instructions (in the default language) is kept only when it
// does not make the menu cost an extra segment.
func (c *Conversation) languageMenu(s *surveys.Survey) string {
	var b strings.Builder
	for i, l := range s.Languages {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strconv.Itoa(i+1) + " " + surveys.LanguageName(l))
	}
	list := b.String()
	with := c.tr.T(s.DefaultLanguage, "sms.choose_language", nil) + "\n" + list
	if c.segments(with) <= c.segments(list) {
		return with
	}
	return list
}

// notice opens a conversation that starts with the language menu: carriers
// want the first message to name the program and say how to stop, get
// help, and that rates may apply. The language is not known yet, so the
// survey's default speaks; the intro after the menu says it again in the
// chosen one. It is a message of its own: in the menu, the names of the
// languages in their own scripts would make it all UCS-2, three segments
// instead of one each.
func (c *Conversation) notice(s *surveys.Survey) string {
	def := s.DefaultLanguage
	return s.Title.In(def, def) + ". " + c.tr.T(def, "sms.stop_hint", nil)
}

// segments counts a text's segments with the options' counter, or, when
// none was given, as if every non-ASCII character forced UCS-2.
func (c *Conversation) segments(text string) int {
	if c.opts.Count != nil {
		_, _, n := c.opts.Count(text)
		return n
	}
	return roughSegments(text)
}

func roughSegments(text string) int {
	units, single, split := 0, 160, 153
	for _, r := range text {
		units++
		if r > 0x7f {
			single, split = 70, 67
		}
		if r > 0xffff {
			units++
		}
	}
	if units <= single {
		return 1
	}
	return (units + split - 1) / split
}

// intro is the first message: the survey's intro (or title) and how to
// stop, which carriers expect at the start of a program.
func (c *Conversation) intro(s *surveys.Survey, lang string) string {
	// The first message in the resident's language names the program
	// (the title, unless the intro already does), how to stop and get
	// help, and that rates may apply.
	title := s.Title.In(lang, s.DefaultLanguage)
	text := s.Intro.In(lang, s.DefaultLanguage)
	switch {
	case text == "":
		text = title
	case !strings.Contains(text, title):
		text = title + ": " + text
	}
	return text + " " + c.tr.T(lang, "sms.stop_hint", nil)
}

// questionText is one question as one message: its SMS wording (or its
// text), how to answer, the numbered options, and how to skip it.
func (c *Conversation) questionText(s *surveys.Survey, q *surveys.Question, lang string) string {
	var b strings.Builder
	text := q.SMSText.In(lang, s.DefaultLanguage)
	if text == "" {
		text = q.Text.In(lang, s.DefaultLanguage)
	}
	b.WriteString(text)
	line := func(s string) {
		b.WriteByte('\n')
		b.WriteString(s)
	}
	switch q.Type {
	case surveys.TypeScale:
		if sc := q.Scale; sc != nil {
			low, high := sc.Low.In(lang, s.DefaultLanguage), sc.High.In(lang, s.DefaultLanguage)
			data := map[string]any{"Min": sc.Min, "Max": sc.Max, "Low": low, "High": high}
			if low == "" || high == "" {
				line(c.tr.T(lang, "sms.scale_plain", data))
			} else {
				line(c.tr.T(lang, "sms.scale", data))
			}
		}
	case surveys.TypeMulti:
		if q.MaxChoices > 0 {
			line(c.tr.T(lang, "sms.multi", map[string]any{"Max": q.MaxChoices}))
		} else {
			line(c.tr.T(lang, "sms.multi_any", nil))
		}
	}
	// A free-text answer is kept as written: its help (the privacy
	// warning of the example survey: no names) is sent with it. Other
	// questions' help stays on the web form, where it costs nothing.
	if help := q.Help.In(lang, s.DefaultLanguage); help != "" && q.Type == surveys.TypeText {
		line(help)
	}
	switch q.Type {
	case surveys.TypeSingle, surveys.TypeMulti:
		for i, o := range q.Options {
			line(strconv.Itoa(i+1) + " " + o.Text.In(lang, s.DefaultLanguage))
		}
	case surveys.TypeNeighborhood:
		for i, n := range s.Neighborhoods {
			line(strconv.Itoa(i+1) + " " + n.Name.In(lang, s.DefaultLanguage))
		}
	}
	if q.Optional {
		line(c.tr.T(lang, "sms.optional", map[string]any{"Skip": displayWord(c.tr, lang, wordsSkip)}))
	}
	return b.String()
}

// consentText asks whether to text the neighborhood's results later.
func (c *Conversation) consentText(lang string) string {
	return c.tr.T(lang, "sms.consent", map[string]any{
		"Yes": displayWord(c.tr, lang, wordsYes), "No": displayWord(c.tr, lang, wordsNo),
	})
}

// thanks ends the conversation: the survey's thanks (or a short default),
// and the promise of results when the resident asked for them.
func (c *Conversation) thanks(s *surveys.Survey, lang string, promised bool) string {
	text := s.Thanks.In(lang, s.DefaultLanguage)
	if text == "" {
		text = c.tr.T(lang, "sms.thanks", nil)
	}
	if promised {
		text += " " + c.tr.T(lang, "sms.results_promised", nil)
	}
	return text
}

// retryText is the short re-prompt for an unreadable answer: for a list,
// the numbers to reply with (unless the problem says more, as too many
// choices does), else the problem's hint; then how to skip an optional
// question, and HELP. It fits one segment where the full question, sent
// again, would cost several.
func (c *Conversation) retryText(s *surveys.Survey, q *surveys.Question, lang string, p *surveys.Problem) string {
	hint := c.tr.T(lang, p.MessageID, p.Data)
	n := len(q.Options)
	if q.Type == surveys.TypeNeighborhood {
		n = len(s.Neighborhoods)
	}
	if n > 0 && p.MessageID != "answer.too_many_choices" {
		id := "sms.retry_one"
		if q.Type == surveys.TypeMulti {
			id = "sms.retry_many"
		}
		hint = c.tr.T(lang, id, map[string]any{"Max": n})
	}
	hint += "\n"
	if q.Optional {
		hint += c.tr.T(lang, "sms.optional", map[string]any{"Skip": displayWord(c.tr, lang, wordsSkip)}) + " "
	}
	return hint + c.tr.T(lang, "sms.retry_help", nil)
}
