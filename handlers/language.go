package handlers

import (
	"slices"
	"strings"
	"sync"

	"github.com/labstack/echo/v5"
	"golang.org/x/text/language"

	"canvass/locales"
	"canvass/surveys"
)

// Every page, export and error picks its language here, by one rule:
// ?lang= when it is offered, then the language the visitor chose before
// (the langCookie), then the browser's Accept-Language matched with
// x/text's matcher, then the fallback. Staff pages choose their own
// interface language without ?lang=, which there names the survey
// language of what they show (contentLanguage).

// pickLanguage chooses among offered for the request; fromQuery says the
// choice came from ?lang= (and should be remembered).
func pickLanguage(c *echo.Context, offered []string, fallback string) (lang string, fromQuery bool) {
	if q := strings.ToLower(strings.TrimSpace(c.QueryParam("lang"))); q != "" && slices.Contains(offered, q) {
		return q, true
	}
	return preferredLanguage(c, offered, fallback), false
}

// preferredLanguage is the visitor's own choice among offered: the cookie,
// then Accept-Language, then fallback.
func preferredLanguage(c *echo.Context, offered []string, fallback string) string {
	if ck, err := c.Cookie(langCookie); err == nil && slices.Contains(offered, ck.Value) {
		return ck.Value
	}
	if l := matchAcceptLanguage(headerValue(c.Request().Header, "Accept-Language"), offered); l != "" {
		return l
	}
	return fallback
}

// contentLanguage is the survey language a staff page, preview, poster or
// export shows the survey in.
func contentLanguage(c *echo.Context, sv *surveys.Survey) string {
	lang, _ := pickLanguage(c, sv.Languages, sv.DefaultLanguage)
	return lang
}

// adminLanguage is the staff pages' interface language.
func adminLanguage(c *echo.Context, cat *locales.Catalog) string {
	return preferredLanguage(c, cat.Languages(), locales.Default)
}

// matchAcceptLanguage returns the offered language that best matches the
// header (by its q weights), or "" when none matches at all: then the
// fallback wins, not whichever language the matcher would fall back to.
func matchAcceptLanguage(header string, offered []string) string {
	if header == "" || len(offered) == 0 {
		return ""
	}
	return acceptMatches.match(header, offered)
}

// acceptMatch is matchAcceptLanguage without the memo.
func acceptMatch(header string, offered []string) string {
	prefs := acceptedTags(header)
	if len(prefs) == 0 || len(offered) == 0 {
		return ""
	}
	tags := make([]language.Tag, len(offered))
	for i, l := range offered {
		tags[i] = language.Make(l)
	}
	_, i, conf := language.NewMatcher(tags).Match(prefs...)
	if conf == language.No {
		return ""
	}
	return offered[i]
}

// acceptedTags reads an Accept-Language header in order of preference.
// Each entry is read on its own, so one malformed or unknown tag does not
// discard the rest, and "und" (a region without a language) is no request
// for a language at all.
func acceptedTags(header string) []language.Tag {
	type weighted struct {
		tag language.Tag
		q   float32
	}
	var ws []weighted
	for _, part := range strings.Split(header, ",") {
		tags, qs, err := language.ParseAcceptLanguage(part)
		if err != nil || len(tags) != 1 {
			continue
		}
		if _, conf := tags[0].Base(); conf != language.Exact {
			continue
		}
		ws = append(ws, weighted{tags[0], qs[0]})
	}
	slices.SortStableFunc(ws, func(a, b weighted) int {
		switch {
		case a.q > b.q:
			return -1
		case a.q < b.q:
			return 1
		}
		return 0
	})
	out := make([]language.Tag, len(ws))
	for i, w := range ws {
		out[i] = w.tag
	}
	return out
}

// acceptMatches remembers matchAcceptLanguage's answers. Every resident
// page matches the header twice (the interface's languages, then the
// survey's), and parsing it and building a matcher took 38 µs and 283
// allocations each for a browser's "es-MX,es;q=0.9,en-US;q=0.8,en;q=0.7"
// (50 ns and none remembered: BenchmarkMatchAcceptLanguage); browsers
// send a few distinct headers, each again and again. The answer depends on
// the header and the offered languages alone, so a remembered one is the
// one computed.
var acceptMatches = &acceptMemo{answers: map[string]string{}}

// Bounds of acceptMemo: headers are the client's to choose, so a long one
// is matched without the memo, and a full memo is emptied (a client
// sending ever new headers costs what every request cost before).
const (
	maxAcceptMemo       = 512
	maxAcceptMemoHeader = 256
)

type acceptMemo struct {
	mu      sync.Mutex
	answers map[string]string // acceptMemoKey → offered language or ""
}

func (m *acceptMemo) match(header string, offered []string) string {
	if len(header) > maxAcceptMemoHeader || strings.IndexByte(header, 0) >= 0 {
		return acceptMatch(header, offered)
	}
	var buf [512]byte
	key := acceptMemoKey(buf[:0], header, offered)
	m.mu.Lock()
	lang, ok := m.answers[string(key)] // no allocation for the lookup
	m.mu.Unlock()
	if ok {
		return lang
	}
	lang = acceptMatch(header, offered)
	m.mu.Lock()
	if len(m.answers) >= maxAcceptMemo {
		clear(m.answers)
	}
	m.answers[string(key)] = lang
	m.mu.Unlock()
	return lang
}

// acceptMemoKey is the header and the offered languages, each ended by a
// NUL: a language code holds none, and a header that does is not
// remembered (net/http refuses it anyway).
func acceptMemoKey(buf []byte, header string, offered []string) []byte {
	buf = append(append(buf, header...), 0)
	for _, l := range offered {
		buf = append(append(buf, l...), 0)
	}
	return buf
}
