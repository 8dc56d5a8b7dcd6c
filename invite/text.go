package invite

import (
	"sort"
	"strings"

	"canvass/links"
	"canvass/locales"
	"canvass/sms"
	"canvass/surveys"
)

// MessageLanguage is the language a contact is written to for a survey:
// their own when the survey offers it, else the survey's default.
func MessageLanguage(def *surveys.Survey, contactLang string) string {
	if def.HasLanguage(contactLang) {
		return contactLang
	}
	return def.DefaultLanguage
}

// FormLink is the survey form's address in lang; the default language
// needs no parameter, which saves characters in a text.
func FormLink(publicURL string, def *surveys.Survey, lang string) string {
	return links.Site(publicURL).URL(links.Form(def.Slug, links.InText(lang, def.DefaultLanguage)))
}

// InvitationText is the invitation to def in lang. An organizer's own text
// (the survey's invitation field) gets {link}, {keyword} and {title}
// filled in, the link added when it has none, and the opt-out line added
// when it does not say STOP: carriers require every campaign's first
// message to tell how to stop. Without one, the localized default is used.
func InvitationText(loc *locales.Localizer, def *surveys.Survey, lang, publicURL string) string {
	link := FormLink(publicURL, def, lang)
	title := def.Title.In(lang, def.DefaultLanguage)
	keyword := ""
	if def.SMS != nil {
		keyword = def.SMS.Keyword
	}
	var text string
	if own := strings.TrimSpace(def.Invitation[lang]); own != "" {
		text = strings.NewReplacer("{link}", link, "{keyword}", keyword, "{title}", title).Replace(own)
		if !strings.Contains(own, "{link}") {
			text += " " + link
		}
	} else {
		text = loc.T("invite.sms.default", map[string]any{"Title": title, "Link": link})
		if keyword != "" {
			text += " " + loc.T("invite.sms.keyword", map[string]any{"Keyword": keyword})
		}
	}
	if !mentionsStop(text) {
		text += " " + loc.T("invite.sms.stop", nil)
	}
	return text
}

// mentionsStop reports whether text tells the reader about STOP.
func mentionsStop(text string) bool {
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !('A' <= r && r <= 'Z') }) {
		if w == "STOP" {
			return true
		}
	}
	return false
}

// TextEstimate is what the messages of one text of a batch will cost: one
// language's invitation, or one neighborhood's results in one language.
type TextEstimate struct {
	Language     string `json:"language"`
	Neighborhood string `json:"neighborhood,omitempty"`
	Recipients   int    `json:"recipients"`
	Text         string `json:"text"`
	Encoding     string `json:"encoding"`
	// Characters counts in the encoding's units (GSM-7 septets, UTF-16
	// units), which is what segments are cut by.
	Characters int `json:"characters"`
	// Segments is per message; each recipient costs this many.
	Segments int `json:"segments"`
	// TotalSegments is Segments × Recipients.
	TotalSegments int `json:"total_segments"`
}

// Estimate is a batch's cost before it is sent: segments × recipients, per
// text and in all.
type Estimate struct {
	Recipients int            `json:"recipients"`
	Segments   int            `json:"segments"`
	Texts      []TextEstimate `json:"texts"`
}

// Planner adds a batch's planned messages up into an Estimate.
type Planner struct {
	texts map[textKey]string
	count map[textKey]int
}

type textKey struct{ lang, neighborhood string }

// NewPlanner starts an empty plan.
func NewPlanner() *Planner {
	return &Planner{texts: map[textKey]string{}, count: map[textKey]int{}}
}

// Add counts one recipient of a text; neighborhood is "" for texts that are
// the same in every neighborhood.
func (p *Planner) Add(lang, neighborhood, text string) {
	k := textKey{lang, neighborhood}
	p.texts[k] = text
	p.count[k]++
}

// Estimate sums the plan up, by neighborhood then language.
func (p *Planner) Estimate() Estimate {
	e := Estimate{Texts: []TextEstimate{}}
	keys := make([]textKey, 0, len(p.count))
	for k := range p.count {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].neighborhood != keys[j].neighborhood {
			return keys[i].neighborhood < keys[j].neighborhood
		}
		return keys[i].lang < keys[j].lang
	})
	for _, k := range keys {
		enc, units, segs := sms.Count(p.texts[k])
		te := TextEstimate{Language: k.lang, Neighborhood: k.neighborhood, Recipients: p.count[k], Text: p.texts[k],
			Encoding: enc, Characters: units, Segments: segs, TotalSegments: segs * p.count[k]}
		e.Recipients += te.Recipients
		e.Segments += te.TotalSegments
		e.Texts = append(e.Texts, te)
	}
	return e
}
