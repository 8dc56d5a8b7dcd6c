package phone

import (
	"errors"
	"slices"
	"testing"
)

// normalizeCase is one number as a contact list or an organizer may write
// it, with the E.164 number canvass must store, or the reason it refuses it.
type normalizeCase struct {
	raw, region, want, reason string
}

func TestNormalizeUS(t *testing.T) {
	checkNormalize(t, []normalizeCase{
		{"(617) 555-0142", "US", "+16175550142", ""},
		{"617.555.0142", "US", "+16175550142", ""},
		{"617/555/0142", "US", "+16175550142", ""},
		{"617*555*0142", "US", "+16175550142", ""},
		{"617 – 555 – 0142", "US", "+16175550142", ""},
		{"1-617-555-0142", "US", "+16175550142", ""},
		{"+1 617 555 0142", "US", "+16175550142", ""},
		{"+1 1 617 555 0142", "US", "+16175550142", ""},
		{" +1 (617) 555-0142 ", "GB", "+16175550142", ""},
		{"6175550142", "us", "+16175550142", ""},
		{"'6175550142", "US", "+16175550142", ""}, // a spreadsheet's text marker
		{"٦١٧٥٥٥٠١٤٢", "US", "+16175550142", ""},
		{"６１７５５５０１４２", "US", "+16175550142", ""},
		{"6175550142\u200f", "US", "+16175550142", ""},
		{"617\u202f555\u00a00142", "US", "+16175550142", ""},
		{"555-0142", "US", "", ReasonTooShort}, // no area code
		{"617 555 014", "US", "", ReasonTooShort},
		{"617 555 01422", "US", "", ReasonTooLong},
		{"(117) 555-0142", "US", "", ReasonAreaCode},
		{"(617) 155-0142", "US", "", ReasonAreaCode},
		{"(911) 555-0142", "US", "", ReasonAreaCode},
		{"+1 911 555 0142", "US", "", ReasonAreaCode},
		{"+1 555 123 4567", "US", "", ReasonAreaCode},
		{"+12345", "US", "", ReasonTooShort},
		{"+1234567890123456", "US", "", ReasonTooLong},
	})
}

func TestNormalizeInternationalPrefixes(t *testing.T) {
	checkNormalize(t, []normalizeCase{
		{"011 44 20 7946 0018", "US", "+442079460018", ""},
		{"0044 20 7946 0018", "US", "+442079460018", ""},
		{"00 252 61 512 3456", "US", "+252615123456", ""},
		{"٠٠٢٥٢٦١٥١٢٣٤٥٦", "US", "+252615123456", ""},
		{"002 010 0123 4567", "US", "+201001234567", ""},
		{"0044 20 7946 0018", "MX", "+442079460018", ""},
		{"0011 44 20 7946 0018", "AU", "+442079460018", ""},
		{"+44 (0)20 7946 0018", "US", "+442079460018", ""},
		{"+44 020 7946 0018", "US", "+442079460018", ""}, // the trunk 0 after the country code is dropped
		{"+44 20 7946 0018", "ZZ", "+442079460018", ""},
		{"020 7946 0018", "GB", "+442079460018", ""},
		{"07911 123456", "gb", "+447911123456", ""},
		{"+6175550142", "US", "", ReasonAreaCode}, // +61 is Australia, and this no Australian number
		{"0044 20 7946 0018", "ZZ", "+442079460018", ""},
		{"+28 1234 5678", "US", "", ReasonCountryCode},
		{"0028 1234 5678", "US", "", ReasonCountryCode},
		{"6175550142", "ZZ", "", ReasonNational},
		{"+61 4123 456 7890", "US", "", ReasonTooLong},
		{"+57 321 123 456", "US", "", ReasonTooShort}, // Colombia: nine digits fall between its plan's lengths
		{"+57 321 123 4567", "US", "+573211234567", ""},
		{"+44 1", "US", "", ReasonTooShort},
		{"011 44", "US", "", ReasonTooShort},
		{"+44 123456789012345678", "US", "", ReasonTooLong},
		{"0252 61 5123456", "US", "", ReasonTooLong}, // one 0 short of an international prefix
		{"(509) 3410-1234", "US", "", ReasonTooLong}, // a Haitian number without its +
	})
}

func TestNormalizeMexico(t *testing.T) {
	checkNormalize(t, []normalizeCase{
		{"222 123 4567", "MX", "+522221234567", ""},
		{"(222) 123-4567", "MX", "+522221234567", ""},
		{"+52 222 123 4567", "US", "+522221234567", ""},
		{"52 222 123 4567", "MX", "+522221234567", ""},
		{"+1 (617) 555-0142", "MX", "+16175550142", ""},
		{"222 123 456", "MX", "", ReasonTooShort},
		{"01 222 123 4567", "MX", "", ReasonTooLong}, // the national prefix Mexico dropped in 2019
		{"+52 022 123 4567", "US", "", ReasonAreaCode},
	})
}

func TestNormalizeSomalia(t *testing.T) {
	checkNormalize(t, []normalizeCase{
		{"61 5123456", "SO", "+252615123456", ""},
		{"061 5123456", "SO", "+252615123456", ""},
		{"7 1123456", "SO", "+25271123456", ""},
		{"+252 61 5123456", "US", "+252615123456", ""},
		{"+252-61-512-3456", "US", "+252615123456", ""},
		{"+252 12 345678", "US", "", ReasonAreaCode},
		{"+252 61 51", "US", "", ReasonTooShort},
		{"+252 61 5123 4567", "US", "", ReasonTooLong},
	})
}

func TestNormalizeVietnam(t *testing.T) {
	checkNormalize(t, []normalizeCase{
		{"0912 345 678", "VN", "+84912345678", ""},
		{"0210 1234 567", "VN", "+842101234567", ""},
		{"+84 90 123 4567", "US", "+84901234567", ""},
		{"+84 (0) 912 345 678", "US", "+84912345678", ""},
		{"+84 0912 345 678", "US", "+84912345678", ""},
		{"091 234 567", "VN", "", ReasonAreaCode},
		{"+84 12 345 6789", "US", "", ReasonAreaCode},
		{"+84 912 345 678 901", "US", "", ReasonTooLong},
	})
}

func TestNormalizeHaitiLebanonEgypt(t *testing.T) {
	checkNormalize(t, []normalizeCase{
		{"34 10 1234", "HT", "+50934101234", ""},
		{"+509 34 10 1234", "US", "+50934101234", ""},
		{"+509 3410 123", "US", "", ReasonTooShort},
		{"+509 0410 1234", "US", "", ReasonAreaCode},
		{"71 123 456", "LB", "+96171123456", ""},
		{"03 123 456", "LB", "+9613123456", ""},
		{"+961 3 123 456", "US", "+9613123456", ""},
		{"+961 71-123-456", "US", "+96171123456", ""},
		{"+961 99 123 456", "US", "", ReasonAreaCode},
		{"010 01234567", "EG", "+201001234567", ""},
		{"+20 10 01234567", "US", "+201001234567", ""},
		{"+20 (10) 0123-4567", "US", "+201001234567", ""},
		{"+20 10 0123456", "US", "", ReasonAreaCode},
		{"+20 19 01234567", "US", "", ReasonAreaCode},
	})
}

func TestNormalizeRefusesWhatIsNotANumber(t *testing.T) {
	checkNormalize(t, []normalizeCase{
		{"", "US", "", ReasonEmpty},
		{"  - ", "US", "", ReasonEmpty},
		{"()", "US", "", ReasonEmpty},
		{"***", "US", "", ReasonEmpty},
		{"n/a", "US", "", ReasonLetters},
		{"1-800-FLOWERS", "US", "", ReasonLetters},
		{"Tel: 617 555 0142", "US", "", ReasonLetters},
		{"tel:+1-617-555-0142", "US", "", ReasonLetters},
		{"+1 617 555 0142 (cell)", "US", "", ReasonLetters},
		{"+1 617 555 0142 / +1 617 555 0143", "US", "", ReasonLetters},
		{"617-555-0142 x12", "US", "", ReasonExtension},
		{"617-555-0142 ext. 12", "US", "", ReasonExtension},
		{"6175550142#12", "US", "", ReasonExtension},
		{"+1 617 555 0142;ext=12", "US", "", ReasonExtension},
		{"12", "US", "", ReasonTooShort},
	})
}

func checkNormalize(t *testing.T, cases []normalizeCase) {
	t.Helper()
	for _, c := range cases {
		got, err := Normalize(c.raw, c.region)
		if c.reason == "" {
			if err != nil || got != c.want {
				t.Errorf("Normalize(%q, %s) = %q, %v; want %q", c.raw, c.region, got, err, c.want)
				continue
			}
			// What canvass stores must read back as itself from any region.
			if again, err := Normalize(got, "VN"); again != got || err != nil {
				t.Errorf("Normalize(%q) = %q, %v; not stable", got, again, err)
			}
			continue
		}
		var pe *Error
		if !errors.As(err, &pe) || pe.Reason != c.reason || got != "" {
			t.Errorf("Normalize(%q, %s) = %q, %v; want reason %s", c.raw, c.region, got, err, c.reason)
		}
	}
}

func TestRegions(t *testing.T) {
	regions := Regions()
	if !slices.IsSorted(regions) {
		t.Error("Regions is not sorted")
	}
	for _, code := range []string{"US", "MX", "SO", "VN", "HT", "LB", "EG", "GB"} {
		if !slices.Contains(regions, code) || !KnownRegion(code) {
			t.Errorf("region %s unknown", code)
		}
	}
	if !KnownRegion(" us ") || KnownRegion("XX") || KnownRegion("001") || KnownRegion("") {
		t.Error("KnownRegion: want us known, XX, 001 and nothing unknown")
	}
}

func TestMask(t *testing.T) {
	if got := Mask("+16175550142"); got != "•••• 0142" {
		t.Errorf("Mask = %q", got)
	}
}
