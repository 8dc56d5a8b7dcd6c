package phone

import (
	"sort"
	"strings"
)

// region is how numbers are dialled inside one country: its calling code,
// the trunk prefix dialled before national numbers ("0" in most of Europe),
// and the lengths of its national significant numbers.
type region struct {
	code           string
	trunk          string
	minLen, maxLen int
}

func (r region) validLen(n int) bool { return n >= r.minLen && n <= r.maxLen }

// regions are the default regions canvass can read national numbers of
// (CANVASS_DEFAULT_REGION). Lengths are the ITU-T national numbering plans'
// ranges for numbers that can receive a text. Adding a country is one line.
var regions = map[string]region{
	// The North American Numbering Plan: ten digits everywhere.
	"US": {code: "1", trunk: "1", minLen: 10, maxLen: 10},
	"CA": {code: "1", trunk: "1", minLen: 10, maxLen: 10},
	"PR": {code: "1", trunk: "1", minLen: 10, maxLen: 10},
	"MX": {code: "52", minLen: 10, maxLen: 10},
	"GB": {code: "44", trunk: "0", minLen: 9, maxLen: 10},
	"IE": {code: "353", trunk: "0", minLen: 7, maxLen: 9},
	"FR": {code: "33", trunk: "0", minLen: 9, maxLen: 9},
	"DE": {code: "49", trunk: "0", minLen: 6, maxLen: 13},
	"NL": {code: "31", trunk: "0", minLen: 9, maxLen: 9},
	"BE": {code: "32", trunk: "0", minLen: 8, maxLen: 9},
	"ES": {code: "34", minLen: 9, maxLen: 9},
	"IT": {code: "39", minLen: 6, maxLen: 11},
	"SE": {code: "46", trunk: "0", minLen: 7, maxLen: 9},
	"NO": {code: "47", minLen: 8, maxLen: 8},
	"AU": {code: "61", trunk: "0", minLen: 9, maxLen: 9},
	"NZ": {code: "64", trunk: "0", minLen: 8, maxLen: 10},
}

// regionInfo returns the dialling rules of an ISO 3166 region code.
func regionInfo(code string) (region, bool) {
	r, ok := regions[strings.ToUpper(strings.TrimSpace(code))]
	return r, ok
}

// regionByCode returns dialling rules for a calling code when canvass knows
// them (for +1, the North American plan).
func regionByCode(cc string) (region, bool) {
	switch cc {
	case "1":
		return regions["US"], true
	}
	for _, r := range regions {
		if r.code == cc && r.code != "1" {
			return r, true
		}
	}
	return region{}, false
}

// Regions lists the region codes Normalize accepts as a default.
func Regions() []string {
	out := make([]string, 0, len(regions))
	for k := range regions {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// KnownRegion reports whether Normalize can read national numbers of code.
func KnownRegion(code string) bool {
	_, ok := regionInfo(code)
	return ok
}

// countryCodes are the ITU-T E.164 country calling codes assigned to
// countries and territories, as of 2025. Non-geographic codes (satellite,
// freephone, international networks) are left out: they do not take texts.
// The codes are prefix-free, so a number has at most one of them.
const countryCodes = `1 7 20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49
51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98
211 212 213 216 218 220 221 222 223 224 225 226 227 228 229 230 231 232 233 234
235 236 237 238 239 240 241 242 243 244 245 246 247 248 249 250 251 252 253 254
255 256 257 258 260 261 262 263 264 265 266 267 268 269 290 291 297 298 299
350 351 352 353 354 355 356 357 358 359 370 371 372 373 374 375 376 377 378 380
381 382 383 385 386 387 389 420 421 423 500 501 502 503 504 505 506 507 508 509
590 591 592 593 594 595 596 597 598 599 670 672 673 674 675 676 677 678 679 680
681 682 683 685 686 687 688 689 690 691 692 850 852 853 855 856 880 886
960 961 962 963 964 965 966 967 968 970 971 972 973 974 975 976 977 992 993 994
995 996 998`

// countryCode returns the calling code digits start with, or "".
func countryCode(digits string) string {
	for n := 1; n <= 3 && n <= len(digits); n++ {
		if isCountryCode(digits[:n]) {
			return digits[:n]
		}
	}
	return ""
}

func isCountryCode(cc string) bool {
	for _, c := range strings.Fields(countryCodes) {
		if c == cc {
			return true
		}
	}
	return false
}
