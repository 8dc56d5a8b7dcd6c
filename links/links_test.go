package links_test

import (
	"testing"

	"canvass/links"
)

func TestLinks(t *testing.T) {
	site := links.Site("https://survey.example.org/")
	for _, c := range []struct{ got, want string }{
		{links.Form("safety-spring-2026", ""), "/s/safety-spring-2026"},
		{links.Form("safety spring", "es"), "/s/safety%20spring?lang=es"},
		{links.Thanks("s", "so"), "/s/s/thanks?lang=so"},
		{links.Results("s", links.InText("en", "en")), "/s/s/results"},
		{links.Results("s", links.InText("ar", "en")), "/s/s/results?lang=ar"},
		{links.Another("s", "ht"), "/s/s/another?lang=ht"},
		{site.URL(links.Form("s", "vi")), "https://survey.example.org/s/s?lang=vi"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
