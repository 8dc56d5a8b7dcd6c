// Package links builds the addresses canvass gives out: the pages of a
// survey, on the site and in texts, posters and QR codes. One home, so a
// link in an SMS, on a poster and on a page name the same place the same
// way.
package links

import (
	"net/url"
	"strings"
)

// Survey is the path every page of one survey lives under (its form).
func Survey(slug string) string { return "/s/" + url.PathEscape(slug) }

// Form is the survey's form in lang ("" for the default language).
func Form(slug, lang string) string { return withLang(Survey(slug), lang) }

// Thanks is the page after a response, in lang.
func Thanks(slug, lang string) string { return withLang(Survey(slug)+"/thanks", lang) }

// Results is the survey's public results page in lang.
func Results(slug, lang string) string { return withLang(Survey(slug)+"/results", lang) }

// Another is where a resident asks to answer again for someone else.
func Another(slug, lang string) string { return withLang(Survey(slug)+"/another", lang) }

// InText is lang as a link in a text needs it: none for the survey's
// default language, which saves characters in an SMS.
func InText(lang, defaultLang string) string {
	if lang == defaultLang {
		return ""
	}
	return lang
}

func withLang(path, lang string) string {
	if lang == "" {
		return path
	}
	return path + "?lang=" + url.QueryEscape(lang)
}

// Site is the public address residents and Twilio reach canvass at
// (CANVASS_PUBLIC_URL).
type Site string

// URL is path on the site, absolute.
func (s Site) URL(path string) string { return strings.TrimSuffix(string(s), "/") + path }
