package sms

import (
	"strings"
	"testing"

	"canvass/locales"
)

// TestConversationTextsAreCheap renders every text of the SMS conversation
// in the languages written in Latin script and checks it stays in GSM-7
// and in one segment: one accent outside GSM-7 (á, í, ó, ú, È, a curly
// quote) would make it UCS-2 and cost two or three times as much.
// Vietnamese and Arabic cannot be GSM-7; they are checked for length.
func TestConversationTextsAreCheap(t *testing.T) {
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	data := map[string]any{"Min": 1, "Max": 5, "Low": "Low", "High": "High", "Skip": "SKIP", "Keyword": "SAFE",
		"Keywords": "SAFE, BUS", "Yes": "YES", "No": "NO", "Program": "Community survey", "URL": "https://survey.example.org", "Count": 6,
		"Title": "Safety survey", "Answered": 3, "Days": 8}
	ids := []string{"sms.choose_language", "sms.stop_hint", "sms.scale", "sms.scale_plain", "sms.multi", "sms.multi_any",
		"sms.optional", "sms.moving_on", "sms.retry_one", "sms.retry_many", "sms.retry_help", "sms.paused", "sms.lapsed", "sms.consent", "sms.thanks", "sms.results_promised", "sms.closed",
		"sms.none_open", "sms.unknown_one", "sms.unknown_many", "sms.program", "sms.help", "sms.opted_out", "sms.opted_in", "sms.stop_check", "sms.language_retry", "sms.text_only"}
	for _, lang := range []string{"en", "es", "so", "ht", "vi", "ar"} {
		loc := cat.Localizer(lang)
		for _, id := range ids {
			text := loc.T(id, data)
			if text == id || strings.Contains(text, "<no value>") {
				t.Errorf("%s %s: renders as %q", lang, id, text)
			}
			enc, units, segs := Count(text)
			latin := lang != "vi" && lang != "ar"
			if latin && (enc != GSM7 || segs != 1) {
				t.Errorf("%s %s is %s in %d segments (%d units): %q", lang, id, enc, segs, units, text)
			}
			if !latin && id != "sms.help" && segs > 2 {
				t.Errorf("%s %s takes %d segments: %q", lang, id, segs, text)
			}
		}
	}
}
