package examples

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"canvass/surveys"
)

// These tests check what the examples promise beyond what the general
// validator in package surveys checks: that every text is translated into
// every language, that SMS wording stays cheap, and that the boundaries
// match the neighborhoods one to one.

// decode parses a definition strictly, so a misspelled field name fails
// here instead of being silently dropped on import.
func decode(t *testing.T, name string, b []byte) surveys.Survey {
	t.Helper()
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var s surveys.Survey
	if err := dec.Decode(&s); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var extra any
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		t.Fatalf("%s: want exactly one YAML document, got more (err %v)", name, err)
	}
	return s
}

func loadAll(t *testing.T) map[string]surveys.Survey {
	t.Helper()
	files, err := Surveys()
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no example surveys embedded")
	}
	out := make(map[string]surveys.Survey, len(files))
	for name, b := range files {
		s := decode(t, name, b)
		if want := strings.TrimSuffix(name, ".yaml"); s.Slug != want {
			t.Errorf("%s: slug %q, want the file name %q", name, s.Slug, want)
		}
		out[name] = s
	}
	return out
}

func TestSafetyExample(t *testing.T) {
	all := loadAll(t)
	s, ok := all["safety-spring-2026.yaml"]
	if !ok {
		t.Fatal("safety-spring-2026.yaml not embedded")
	}
	if want := []string{"en", "es", "so", "vi", "ar", "ht"}; !slices.Equal(s.Languages, want) {
		t.Errorf("languages %v, want %v", s.Languages, want)
	}
	if s.Series != "safety" || s.Round != "Spring 2026" || s.DefaultLanguage != "en" || s.MinN != 10 || !s.PublicResults {
		t.Errorf("header: series %q round %q default %q min_n %d public %v", s.Series, s.Round, s.DefaultLanguage, s.MinN, s.PublicResults)
	}
	if s.SMS == nil || s.SMS.Keyword != "SAFE" {
		t.Errorf("sms keyword: %+v", s.SMS)
	}
	if len(s.Neighborhoods) < 6 {
		t.Errorf("%d neighborhoods, want at least 6", len(s.Neighborhoods))
	}
	want := map[string]string{
		"neighborhood":  surveys.TypeNeighborhood,
		"safe_day":      surveys.TypeScale,
		"safe_night":    surveys.TypeScale,
		"unsafe_why":    surveys.TypeMulti,
		"comment":       surveys.TypeText,
		"needs":         surveys.TypeMulti,
		"household":     surveys.TypeNumber,
		"age":           surveys.TypeSingle,
		"race":          surveys.TypeSingle,
		"home_language": surveys.TypeSingle,
		"tenure":        surveys.TypeSingle,
	}
	for id, typ := range want {
		q, ok := s.Question(id)
		if !ok {
			t.Errorf("question %s missing", id)
			continue
		}
		if q.Type != typ {
			t.Errorf("question %s: type %q, want %q", id, q.Type, typ)
		}
	}
	if len(s.Questions) == 0 || s.Questions[0].ID != "neighborhood" {
		t.Error("the neighborhood question must come first")
	}
	for _, id := range []string{"age", "race", "home_language", "tenure"} {
		if q, ok := s.Question(id); ok && (!q.Demographic || !q.Optional) {
			t.Errorf("question %s: demographic questions must be demographic and optional", id)
		}
	}
	if q, ok := s.Question("comment"); !ok || q.ShowIf == nil || q.ShowIf.Question != "safe_night" ||
		!slices.Equal(q.ShowIf.In, surveys.Values{"1", "2"}) {
		t.Errorf("comment must be shown only when safe_night is 1 or 2")
	}
	if _, ok := Boundaries(s.Slug); !ok {
		t.Errorf("no boundaries for %s", s.Slug)
	}
}

// TestTranslations walks every Text in each definition by reflection, so a
// Text field added to the schema later is checked without touching the test.
func TestTranslations(t *testing.T) {
	for name, s := range loadAll(t) {
		langs := slices.Clone(s.Languages)
		sort.Strings(langs)
		check := func(path string, txt surveys.Text) {
			var got []string
			for l, v := range txt {
				got = append(got, l)
				if strings.TrimSpace(v) == "" {
					t.Errorf("%s: %s.%s is empty", name, path, l)
				}
			}
			sort.Strings(got)
			if !slices.Equal(got, langs) {
				t.Errorf("%s: %s has languages %v, want exactly %v", name, path, got, langs)
			}
		}
		walkTexts(reflect.ValueOf(s), "", check)

		// Texts that may be absent in general but that every example gives.
		required := map[string]surveys.Text{"title": s.Title, "intro": s.Intro, "thanks": s.Thanks}
		for i, n := range s.Neighborhoods {
			required[fmt.Sprintf("neighborhoods[%d].name", i)] = n.Name
		}
		for i, q := range s.Questions {
			p := fmt.Sprintf("questions[%d]", i)
			required[p+".text"] = q.Text
			required[p+".sms_text"] = q.SMSText
			for j, o := range q.Options {
				required[fmt.Sprintf("%s.options[%d].text", p, j)] = o.Text
			}
			if q.Type == surveys.TypeScale {
				if q.Scale == nil {
					t.Errorf("%s: %s: scale question without scale", name, p)
					continue
				}
				required[p+".scale.low"] = q.Scale.Low
				required[p+".scale.high"] = q.Scale.High
			}
		}
		for path, txt := range required {
			if len(txt) == 0 {
				t.Errorf("%s: %s is missing", name, path)
			}
		}
	}
}

var textType = reflect.TypeOf(surveys.Text(nil))

// walkTexts calls fn for every non-nil Text reachable from v, with its path
// written in the YAML field names.
func walkTexts(v reflect.Value, path string, fn func(string, surveys.Text)) {
	if v.Type() == textType {
		if !v.IsNil() {
			fn(path, v.Interface().(surveys.Text))
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			walkTexts(v.Elem(), path, fn)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			walkTexts(v.Index(i), fmt.Sprintf("%s[%d]", path, i), fn)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name == "" {
				name = f.Name
			}
			if path != "" {
				name = path + "." + name
			}
			walkTexts(v.Field(i), name, fn)
		}
	}
}

var zip = regexp.MustCompile(`^[0-9]{5}$`)

// idRE is the ID form canvass accepts: it starts with a letter, so an option
// ID can never be mistaken for a menu number or a scale value.
var idRE = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,47}$`)

func TestIDs(t *testing.T) {
	for name, s := range loadAll(t) {
		check := func(path, id string) {
			if !idRE.MatchString(id) {
				t.Errorf("%s: %s: ID %q must match %s", name, path, id, idRE)
			}
		}
		for i, n := range s.Neighborhoods {
			check(fmt.Sprintf("neighborhoods[%d]", i), n.ID)
		}
		questions := map[string]bool{}
		for i, q := range s.Questions {
			p := fmt.Sprintf("questions[%d]", i)
			check(p, q.ID)
			if questions[q.ID] {
				t.Errorf("%s: %s: question ID %q used twice", name, p, q.ID)
			}
			if q.ShowIf != nil && !questions[q.ShowIf.Question] {
				t.Errorf("%s: %s: show_if refers to %q, not an earlier question", name, p, q.ShowIf.Question)
			}
			questions[q.ID] = true
			options := map[string]bool{}
			for j, o := range q.Options {
				check(fmt.Sprintf("%s.options[%d]", p, j), o.ID)
				if options[o.ID] {
					t.Errorf("%s: %s: option ID %q used twice", name, p, o.ID)
				}
				options[o.ID] = true
			}
		}
	}
}

func TestNeighborhoodMatchWords(t *testing.T) {
	for name, s := range loadAll(t) {
		ids := map[string]bool{}
		claimed := map[string]string{}
		for _, n := range s.Neighborhoods {
			if ids[n.ID] {
				t.Errorf("%s: neighborhood %s listed twice", name, n.ID)
			}
			ids[n.ID] = true
			hasZIP := false
			for _, w := range n.Match {
				key := strings.ToLower(strings.TrimSpace(w))
				if key == "" {
					t.Errorf("%s: %s: empty match word", name, n.ID)
					continue
				}
				if other, dup := claimed[key]; dup {
					t.Errorf("%s: match word %q claimed by both %s and %s", name, w, other, n.ID)
				}
				claimed[key] = n.ID
				if zip.MatchString(w) {
					hasZIP = true
				}
			}
			if !hasZIP {
				t.Errorf("%s: %s has no ZIP code among its match words", name, n.ID)
			}
		}
	}
}

// reserved are words carriers and the SMS layer give a meaning of their own;
// a survey keyword equal to one would never reach the survey.
var reserved = []string{
	"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT",
	"START", "UNSTOP", "YES", "OPTIN", "SUBSCRIBE", "HELP", "INFO", "NO", "SKIP", "LANG",
}

var keywordRE = regexp.MustCompile(`^[A-Za-z]+$`)

func TestSMSKeywords(t *testing.T) {
	for name, s := range loadAll(t) {
		if s.SMS == nil {
			continue
		}
		seen := map[string]string{}
		add := func(lang, w string) {
			if !keywordRE.MatchString(w) {
				t.Errorf("%s: keyword %q (%s) must be plain ASCII letters", name, w, lang)
			}
			u := strings.ToUpper(w)
			if slices.Contains(reserved, u) {
				t.Errorf("%s: keyword %q (%s) is a reserved word", name, w, lang)
			}
			if other, dup := seen[u]; dup {
				t.Errorf("%s: keyword %q used for both %s and %s", name, w, other, lang)
			}
			seen[u] = lang
		}
		add("keyword", s.SMS.Keyword)
		for lang, words := range s.SMS.Aliases {
			if !s.HasLanguage(lang) {
				t.Errorf("%s: aliases for %s, which the survey does not offer", name, lang)
			}
			for _, w := range words {
				add(lang, w)
			}
		}
	}
}

// gsm7 is the GSM 03.38 basic character set: text made only of these costs
// 160 characters a segment instead of 70.
const gsm7 = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
	"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"

func TestSMSTextLength(t *testing.T) {
	// Latin-script languages fit one GSM-7 segment with room for the
	// numbered options; Vietnamese and Arabic are sent as UCS-2 anyway.
	limit := map[string]int{"en": 100, "es": 100, "so": 100, "ht": 100, "vi": 60, "ar": 60}
	mustGSM := map[string]bool{"en": true, "so": true, "ht": true}
	for name, s := range loadAll(t) {
		for _, q := range s.Questions {
			for lang, txt := range q.SMSText {
				if max, ok := limit[lang]; ok && utf8.RuneCountInString(txt) > max {
					t.Errorf("%s: %s sms_text.%s is %d characters, want at most %d: %q",
						name, q.ID, lang, utf8.RuneCountInString(txt), max, txt)
				}
				if mustGSM[lang] {
					for _, r := range txt {
						if !strings.ContainsRune(gsm7, r) {
							t.Errorf("%s: %s sms_text.%s has %q, outside GSM-7", name, q.ID, lang, r)
						}
					}
				}
			}
		}
	}
}

type featureCollection struct {
	Type     string `json:"type"`
	Features []struct {
		Type       string `json:"type"`
		Properties struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"properties"`
		Geometry struct {
			Type        string         `json:"type"`
			Coordinates [][][2]float64 `json:"coordinates"`
		} `json:"geometry"`
	} `json:"features"`
}

func TestBoundaries(t *testing.T) {
	for name, s := range loadAll(t) {
		b, ok := Boundaries(s.Slug)
		if !ok {
			continue
		}
		var fc featureCollection
		if err := json.Unmarshal(b, &fc); err != nil {
			t.Fatalf("%s.geojson: %v", s.Slug, err)
		}
		if fc.Type != "FeatureCollection" {
			t.Errorf("%s.geojson: type %q", s.Slug, fc.Type)
		}
		count := map[string]int{}
		for i, f := range fc.Features {
			id := f.Properties.ID
			count[id]++
			if _, ok := s.Neighborhood(id); !ok {
				t.Errorf("%s.geojson: feature %d has id %q, not a neighborhood of %s", s.Slug, i, id, name)
			}
			if f.Type != "Feature" || f.Geometry.Type != "Polygon" || f.Properties.Name == "" {
				t.Errorf("%s.geojson: feature %s: want a named Polygon Feature", s.Slug, id)
			}
			for r, ring := range f.Geometry.Coordinates {
				if len(ring) < 4 || ring[0] != ring[len(ring)-1] {
					t.Errorf("%s.geojson: %s ring %d is not a closed ring", s.Slug, id, r)
					continue
				}
				for _, p := range ring {
					if p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90 {
						t.Errorf("%s.geojson: %s: %v is not lon/lat", s.Slug, id, p)
					}
				}
				// RFC 7946: exterior rings counter-clockwise, holes clockwise.
				if a := signedArea(ring); (r == 0) != (a > 0) {
					t.Errorf("%s.geojson: %s ring %d winds the wrong way", s.Slug, id, r)
				}
			}
		}
		for _, n := range s.Neighborhoods {
			if count[n.ID] != 1 {
				t.Errorf("%s.geojson: neighborhood %s has %d features, want 1", s.Slug, n.ID, count[n.ID])
			}
		}
	}
}

func signedArea(ring [][2]float64) float64 {
	var a float64
	for i := 0; i+1 < len(ring); i++ {
		a += ring[i][0]*ring[i+1][1] - ring[i+1][0]*ring[i][1]
	}
	return a / 2
}

func TestBoundariesLookup(t *testing.T) {
	for _, slug := range []string{"", "no-such-survey", "../examples", "safety-spring-2026/x"} {
		if _, ok := Boundaries(slug); ok {
			t.Errorf("Boundaries(%q) found something", slug)
		}
	}
}
