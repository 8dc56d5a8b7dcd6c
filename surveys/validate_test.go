package surveys

import (
	"slices"
	"strings"
	"testing"
)

// validateCase mutates a valid base survey and lists the problems Validate
// must report, in order, as "path message-id".
type validateCase struct {
	name   string
	base   string // validYAML when empty
	env    ValidationEnv
	mutate func(s *Survey)
	want   []string
}

func validateCases() []validateCase {
	var cases []validateCase
	for _, group := range [][]validateCase{
		surveyCases(), languageCases(), textCases(), questionCases(),
		showIfCases(), neighborhoodCases(), smsCases(),
	} {
		cases = append(cases, group...)
	}
	return cases
}

func TestValidate(t *testing.T) {
	for _, tc := range validateCases() {
		t.Run(tc.name, func(t *testing.T) {
			got := runValidateCase(t, tc)
			if want := tc.want; !slices.Equal(summary(got), want) {
				t.Errorf("problems:\n got %s\nwant %s",
					strings.Join(summary(got), "\n     "), strings.Join(want, "\n     "))
			}
		})
	}
}

func runValidateCase(t testing.TB, tc validateCase) Problems {
	base := tc.base
	if base == "" {
		base = validYAML
	}
	s := mustParse(t, base)
	if tc.mutate != nil {
		tc.mutate(s)
	}
	return Validate(s, tc.env)
}

func TestValidateAllProblemsHaveData(t *testing.T) {
	for _, tc := range validateCases() {
		for _, p := range runValidateCase(t, tc) {
			if p.MessageID == "" || !strings.HasPrefix(p.MessageID, "survey.") {
				t.Errorf("%s: problem at %q has message ID %q", tc.name, p.Path, p.MessageID)
			}
		}
	}
}

func surveyCases() []validateCase {
	return []validateCase{
		{name: "valid survey", want: []string{}},
		{name: "minimal survey", base: minimalYAML, want: []string{}},
		{name: "slug missing", mutate: func(s *Survey) { s.Slug = "" },
			want: []string{"slug survey.required"}},
		{name: "slug with capitals and spaces", mutate: func(s *Survey) { s.Slug = "Safety Test" },
			want: []string{"slug survey.slug_format"}},
		{name: "slug of one character", mutate: func(s *Survey) { s.Slug = "a" },
			want: []string{"slug survey.slug_format"}},
		{name: "slug starting with a dash", mutate: func(s *Survey) { s.Slug = "-safety" },
			want: []string{"slug survey.slug_format"}},
		{name: "series with an underscore", mutate: func(s *Survey) { s.Series = "safety_1" },
			want: []string{"series survey.series_format"}},
		{name: "contact that reaches no one", mutate: func(s *Survey) { s.Contact = "call us" },
			want: []string{"contact survey.contact_invalid"}},
		{name: "contact by phone", mutate: func(s *Survey) { s.Contact = "+1 (617) 555-0123" }, want: []string{}},
		{name: "contact by email", mutate: func(s *Survey) { s.Contact = "survey@example.org" }, want: []string{}},
		{name: "contact by web address", mutate: func(s *Survey) { s.Contact = "https://example.org/help" }, want: []string{}},
		{name: "min_n below 5", mutate: func(s *Survey) { s.MinN = 3 },
			want: []string{"min_n survey.min_n_range"}},
		{name: "min_n above 1000", mutate: func(s *Survey) { s.MinN = 1001 },
			want: []string{"min_n survey.min_n_range"}},
		{name: "min_n at its bounds", mutate: func(s *Survey) { s.MinN = 5 }, want: []string{}},
		{name: "no questions", mutate: func(s *Survey) { s.Questions = nil },
			want: []string{"questions survey.no_questions"}},
		{name: "title missing", mutate: func(s *Survey) { s.Title = nil },
			want: []string{"title survey.required"}},
		{
			name: "several problems at once, in path order",
			env:  ValidationEnv{OpenKeywords: map[string]string{"SEGURO": "other"}, Live: true},
			mutate: func(s *Survey) {
				s.Questions[3].ID = "needs"
				s.Questions[5].ShowIf.Question = "nope"
				s.SMS.Keyword = "stop"
				s.Title = nil
				s.MinN = 1
				s.Slug = "Bad Slug"
				s.Neighborhoods[1].Match = []string{"3"}
			},
			want: []string{
				"slug survey.slug_format",
				"title survey.required",
				"min_n survey.min_n_range",
				"sms.keyword survey.keyword_reserved",
				"sms.aliases.es[0] survey.keyword_taken",
				"neighborhoods[1].match[0] survey.match_number",
				"questions[3].id survey.duplicate_id",
				"questions[5].show_if.question survey.show_if_unknown",
			},
		},
	}
}

func languageCases() []validateCase {
	return []validateCase{
		{name: "languages missing", mutate: func(s *Survey) { s.Languages = nil },
			want: []string{"languages survey.languages_required"}},
		{name: "language declared twice", mutate: func(s *Survey) { s.Languages = []string{"en", "es", "en"} },
			want: []string{"languages[2] survey.duplicate_language"}},
		{name: "language not BCP 47", mutate: func(s *Survey) { s.Languages = []string{"en", "es", "español"} },
			want: []string{"languages[2] survey.language_invalid"}},
		{name: "language with a region", mutate: func(s *Survey) { s.Languages = []string{"en", "es", "pt-BR"} },
			want: []string{"languages[2] survey.language_invalid"}},
		{name: "language in capitals", mutate: func(s *Survey) { s.Languages = []string{"en", "es", "SO"} },
			want: []string{"languages[2] survey.language_invalid"}},
		{name: "language three-letter form", mutate: func(s *Survey) { s.Languages = []string{"en", "es", "som"} },
			want: []string{"languages[2] survey.language_invalid"}},
		{
			name: "language canvass cannot name is a warning",
			base: minimalYAML,
			mutate: func(s *Survey) {
				s.Languages = []string{"en", "yo"}
				s.Title["yo"] = "Kékeré"
				s.Questions[0].Text["yo"] = "Ohunkóhun?"
			},
			want: []string{"languages[1] survey.language_unknown (warning)"},
		},
		{name: "default language missing", mutate: func(s *Survey) { s.DefaultLanguage = "" },
			want: []string{"default_language survey.required"}},
		{name: "default language not declared", mutate: func(s *Survey) { s.DefaultLanguage = "fr" },
			want: []string{"default_language survey.default_language_undeclared"}},
	}
}

func textCases() []validateCase {
	return []validateCase{
		{name: "option text lacks a language", mutate: func(s *Survey) { delete(s.Questions[2].Options[1].Text, "es") },
			want: []string{"questions[2].options[1].text.es survey.missing_translation"}},
		{name: "blank translation", mutate: func(s *Survey) { s.Title["es"] = "  " },
			want: []string{"title.es survey.missing_translation"}},
		{
			name: "each missing language reported separately",
			mutate: func(s *Survey) {
				s.Languages = []string{"en", "es", "so", "vi"}
				s.SMS.Aliases = nil
				s.Neighborhoods = s.Neighborhoods[:1]
				s.Neighborhoods[0].Name["so"] = "Waqooyi"
				s.Neighborhoods[0].Name["vi"] = "Phía Bắc"
				s.Questions = s.Questions[:1]
				s.Questions[0].Text["so"] = "Xaggee ku nooshahay?"
				s.Intro = nil
			},
			want: []string{"title.so survey.missing_translation", "title.vi survey.missing_translation",
				"questions[0].text.vi survey.missing_translation"},
		},
		{name: "text in an undeclared language", mutate: func(s *Survey) { s.Title["fr"] = "Enquête" },
			want: []string{"title.fr survey.undeclared_language"}},
		{name: "question text missing", mutate: func(s *Survey) { s.Questions[1].Text = nil },
			want: []string{"questions[1].text survey.required"}},
		{name: "option text missing", mutate: func(s *Survey) { s.Questions[3].Options[0].Text = Text{} },
			want: []string{"questions[3].options[0].text survey.required"}},
		{name: "neighborhood name missing", mutate: func(s *Survey) { s.Neighborhoods[1].Name = nil },
			want: []string{"neighborhoods[1].name survey.required"}},
		{
			name: "optional texts, once given, need every language",
			mutate: func(s *Survey) {
				s.Intro = Text{"en": "Hello"}
				s.Thanks = Text{"es": "Gracias"}
				s.Questions[1].Scale.Low = Text{"en": "Low"}
				s.Questions[1].Help = Text{"es": "Ayuda"}
				s.Questions[2].SMSText = Text{"en": "Needs?"}
				s.Neighborhoods[0].Name = Text{"en": "North End"}
			},
			want: []string{
				"intro.es survey.missing_translation",
				"thanks.en survey.missing_translation",
				"neighborhoods[0].name.es survey.missing_translation",
				"questions[1].help.en survey.missing_translation",
				"questions[1].scale.low.es survey.missing_translation",
				"questions[2].sms_text.es survey.missing_translation",
			},
		},
	}
}
