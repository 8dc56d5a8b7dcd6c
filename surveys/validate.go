package surveys

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/text/language"

	"canvass/ids"
)

// Limits a survey definition must keep.
const (
	// DefaultMinN is the small-cell threshold when a survey names none.
	DefaultMinN = 10
	// MinMinN and MaxMinN bound min_n: below 5 a cell can single people out;
	// above 1000 nearly every result would be hidden.
	MinMinN = 5
	MaxMinN = 1000
)

// Identifier patterns. IDs become MongoDB field names and HTML form field
// names, so they never hold a "." or "$"; slugs become URL path segments.
var (
	slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,62}$`)
)

// ValidationEnv is what validation needs to know about the world outside
// the survey being checked.
type ValidationEnv struct {
	// OpenKeywords maps each normalized SMS keyword and alias of every open
	// survey to the slug of the survey that owns it. Entries owned by the
	// survey being validated are ignored, so re-validating an open survey
	// does not clash with itself.
	OpenKeywords map[string]string
	// Live is set when the survey is open or about to open. Only then must
	// its keywords be free: a draft may share the keyword of an open survey
	// (the next round, written while this one runs), and is warned that
	// opening it means closing that survey.
	Live bool
}

// ApplyDefaults fills the fields an organizer may leave out. Parse calls it
// before decoding, so a value written explicitly (even min_n: 0) is kept and
// judged by Validate rather than silently replaced.
func (s *Survey) ApplyDefaults() {
	if s.MinN == 0 {
		s.MinN = DefaultMinN
	}
}

// Validate checks a parsed survey definition and returns every problem at
// once, errors and warnings, ordered as their paths appear in a definition.
func Validate(s *Survey, env ValidationEnv) Problems {
	v := &validator{s: s, env: env, langs: usableLanguages(s.Languages)}
	v.checkSurvey()
	v.checkLanguages()
	v.checkSurveyTexts()
	v.checkSMS()
	v.checkNeighborhoods()
	v.checkQuestions()
	sortProblems(v.out, s.Languages)
	return v.out
}

// validator collects the problems of one survey.
type validator struct {
	s     *Survey
	env   ValidationEnv
	langs []string // the valid declared languages, each once, in their order
	out   Problems
}

func (v *validator) fail(path, id string, data map[string]any) {
	v.out = append(v.out, Problem{Path: path, MessageID: id, Data: data})
}

func (v *validator) warn(path, id string, data map[string]any) {
	v.out = append(v.out, Problem{Path: path, MessageID: id, Data: data, Warning: true})
}

// required reports a missing value; the field is the path's last segment.
func (v *validator) required(path string) {
	field := path[strings.LastIndexAny(path, ".]")+1:]
	v.fail(path, msgRequired, map[string]any{"Field": field})
}

func (v *validator) checkSurvey() {
	s := v.s
	switch {
	case s.Slug == "":
		v.required("slug")
	case !slugPattern.MatchString(s.Slug):
		v.fail("slug", msgSlugFormat, map[string]any{"Value": s.Slug})
	}
	if s.Series != "" && !slugPattern.MatchString(s.Series) {
		v.fail("series", msgSeriesFormat, map[string]any{"Value": s.Series})
	}
	if s.MinN < MinMinN || s.MinN > MaxMinN {
		v.fail("min_n", msgMinNRange, map[string]any{"Value": s.MinN, "Min": MinMinN, "Max": MaxMinN})
	}
	if len(s.Questions) == 0 {
		v.fail("questions", msgNoQuestions, nil)
	}
	if s.Contact != "" && !ValidContact(s.Contact) {
		v.fail("contact", msgContactInvalid, map[string]any{"Value": s.Contact})
	}
}

func (v *validator) checkLanguages() {
	s := v.s
	if len(s.Languages) == 0 {
		v.fail("languages", msgLanguagesRequired, nil)
	}
	seen := map[string]bool{}
	for i, code := range s.Languages {
		path := fmt.Sprintf("languages[%d]", i)
		switch {
		case seen[code]:
			v.fail(path, msgDuplicateLanguage, map[string]any{"Language": code})
		case !isBaseLanguage(code):
			v.fail(path, msgLanguageInvalid, map[string]any{"Language": code})
		case !KnownLanguage(code):
			v.warn(path, msgLanguageUnknown, map[string]any{"Language": code})
		}
		seen[code] = true
	}
	switch {
	case s.DefaultLanguage == "":
		v.required("default_language")
	case len(s.Languages) > 0 && !seen[s.DefaultLanguage]:
		v.fail("default_language", msgDefaultUndeclared, map[string]any{"Language": s.DefaultLanguage})
	}
}

// isBaseLanguage accepts a BCP 47 base language in its canonical spelling
// ("so", not "SO" or "som"), because Text keys and Accept-Language matching
// compare codes as written.
func isBaseLanguage(code string) bool {
	b, err := language.ParseBase(code)
	return err == nil && b.String() == code && code != "und"
}

// checkID checks a question, option or neighborhood ID and reports it as a
// duplicate when seen already holds it; it records the ID in seen.
func (v *validator) checkID(path, id string, seen map[string]bool) {
	switch {
	case id == "":
		v.required(path)
	case !ids.Valid(id):
		v.fail(path, msgIDFormat, map[string]any{"ID": id})
	case seen[id]:
		v.fail(path, msgDuplicateID, map[string]any{"ID": id})
	}
	seen[id] = true
}

// usableLanguages returns the valid declared languages, each once: the
// ones every text must be translated into. An invalid code is reported once
// at "languages", not again at every text that lacks it.
func usableLanguages(declared []string) []string {
	var out []string
	for _, code := range declared {
		if isBaseLanguage(code) && !slices.Contains(out, code) {
			out = append(out, code)
		}
	}
	return out
}
