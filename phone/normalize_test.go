package phone

import (
	"errors"
	"testing"
)

func TestNormalize(t *testing.T) {
	cases := []struct {
		raw, region, want, reason string
	}{
		{"(617) 555-0142", "US", "+16175550142", ""},
		{"617.555.0142", "US", "+16175550142", ""},
		{"1-617-555-0142", "US", "+16175550142", ""},
		{"+1 617 555 0142", "US", "+16175550142", ""},
		{" +1 (617) 555-0142 ", "GB", "+16175550142", ""},
		{"011 44 20 7946 0018", "US", "+442079460018", ""},
		{"0044 20 7946 0018", "US", "+442079460018", ""},
		{"+44 (0)20 7946 0018", "US", "+442079460018", ""},
		{"020 7946 0018", "GB", "+442079460018", ""},
		{"07911 123456", "gb", "+447911123456", ""},
		{"+252 61 5123456", "US", "+252615123456", ""},
		{"+84 90 123 4567", "US", "+84901234567", ""},
		{"٦١٧٥٥٥٠١٤٢", "US", "+16175550142", ""},
		{"６１７５５５０１４２", "US", "+16175550142", ""},
		{"6175550142\u200f", "US", "+16175550142", ""},
		{"", "US", "", ReasonEmpty},
		{"  - ", "US", "", ReasonEmpty},
		{"1-800-FLOWERS", "US", "", ReasonLetters},
		{"n/a", "US", "", ReasonLetters},
		{"617-555-0142 x12", "US", "", ReasonExtension},
		{"617-555-0142 ext. 12", "US", "", ReasonExtension},
		{"555-0142", "US", "", ReasonTooShort},
		{"617 555 01422", "US", "", ReasonTooLong},
		{"(117) 555-0142", "US", "", ReasonAreaCode},
		{"(617) 155-0142", "US", "", ReasonAreaCode},
		{"(911) 555-0142", "US", "", ReasonAreaCode},
		{"+1 911 555 0142", "US", "", ReasonAreaCode},
		{"+28 1234 5678", "US", "", ReasonCountryCode},
		{"+1234567890123456", "US", "", ReasonTooLong},
		{"+44 020 7946 0018", "US", "", ReasonNational},
		{"+12345", "US", "", ReasonTooShort},
		{"6175550142", "ZZ", "", ReasonNational},
		{"+6175550142", "US", "", ReasonTooShort}, // +61 is Australia, whose numbers have nine digits
	}
	for _, c := range cases {
		got, err := Normalize(c.raw, c.region)
		if c.reason == "" {
			if err != nil || got != c.want {
				t.Errorf("Normalize(%q, %s) = %q, %v; want %q", c.raw, c.region, got, err, c.want)
			}
			continue
		}
		var pe *Error
		if !errors.As(err, &pe) || pe.Reason != c.reason {
			t.Errorf("Normalize(%q, %s) = %q, %v; want reason %s", c.raw, c.region, got, err, c.reason)
		}
	}
}

func TestRegionsAreKnown(t *testing.T) {
	for _, code := range Regions() {
		r, _ := regionInfo(code)
		if !isCountryCode(r.code) {
			t.Errorf("region %s: calling code %s is not in countryCodes", code, r.code)
		}
	}
	if !KnownRegion("us") || KnownRegion("XX") {
		t.Error("KnownRegion: want us known, XX unknown")
	}
}

func TestMask(t *testing.T) {
	if got := Mask("+16175550142"); got != "•••• 0142" {
		t.Errorf("Mask = %q", got)
	}
}
