package authoring

import "testing"

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"safety-Fall 2026":     "safety-fall-2026",
		"safety-Mùa thu 2026":  "safety-mua-thu-2026",
		"safety--Otoño, 2026!": "safety-otono-2026",
		"ربيع":                 "survey",
		"x":                    "survey-x",
		"a very long round name that goes on and on and on and on": "a-very-long-round-name-that-goes-on-and-on-and-on",
	} {
		if got := slugify(in); got != want {
			t.Errorf("slugify(%q) = %q, want %q", in, got, want)
		}
	}
}
