package authoring

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"canvass/surveys"
	"canvass/surveys/examples"
)

// exampleSlug names the shipped example survey new surveys may start from.
const exampleSlug = "safety-spring-2026"

// commonQuestions are the example's questions most surveys ask: where the
// resident lives, how safe they feel, and who they are (to see whether
// some groups are left out).
var commonQuestions = []string{"neighborhood", "safe_day", "age", "race", "home_language", "tenure"}

// Start is a new survey's first definition, for the organizer to adapt
// before it is created: Source is its YAML, the editor's text.
type Start struct {
	Def    *surveys.Survey
	Source []byte
}

// ExampleSource is the shipped example survey as written, comments and
// all: the reference an organizer reads beside their own definition.
func ExampleSource() ([]byte, error) {
	files, err := examples.Surveys()
	if err != nil {
		return nil, err
	}
	return files[exampleSlug+".yaml"], nil
}

// StartFromExample is the example survey under a slug no survey has, its
// comments kept: they explain each field.
func (s *Service) StartFromExample(ctx context.Context) (*Start, error) {
	src, def, err := exampleSurvey()
	if err != nil {
		return nil, err
	}
	slug, err := s.freeSlug(ctx, "my-"+def.Series+"-survey")
	if err != nil {
		return nil, err
	}
	src = bytes.Replace(src, []byte("slug: "+def.Slug), []byte("slug: "+slug), 1)
	def.Slug = slug
	return &Start{Def: def, Source: src}, nil
}

// exampleSurvey is the shipped example, as written and parsed.
func exampleSurvey() ([]byte, *surveys.Survey, error) {
	src, err := ExampleSource()
	if err != nil {
		return nil, nil, err
	}
	def, _, err := surveys.Parse(src)
	if err != nil || def == nil {
		return nil, nil, fmt.Errorf("authoring: the example survey does not parse: %v", err)
	}
	return src, def, nil
}

// StartBlank is a survey in lang with only the questions most surveys
// need, taken from the example so they come worded and tested; neither
// neighborhoods (two to rename) nor an SMS keyword are guessed.
func (s *Service) StartBlank(ctx context.Context, lang string) (*Start, error) {
	_, def, err := exampleSurvey()
	if err != nil {
		return nil, err
	}
	if !def.HasLanguage(lang) {
		lang = def.DefaultLanguage
	}
	var questions []surveys.Question
	for _, q := range def.Questions {
		if slices.Contains(commonQuestions, q.ID) {
			questions = append(questions, q)
		}
	}
	blank := &surveys.Survey{
		DefaultLanguage: lang, Languages: def.Languages, MinN: surveys.DefaultMinN,
		Title: surveys.Text{lang: s.Texts.T(lang, "admin.start.blank_title", nil)},
		Intro: def.Intro, Thanks: def.Thanks, Questions: questions,
	}
	if blank.Slug, err = s.freeSlug(ctx, "new-survey"); err != nil {
		return nil, err
	}
	for n := 1; n <= 2; n++ {
		blank.Neighborhoods = append(blank.Neighborhoods, surveys.Neighborhood{
			ID: fmt.Sprintf("neighborhood-%d", n), Name: surveys.Text{lang: s.Texts.T(lang, "admin.start.neighborhood", map[string]any{"N": n})},
		})
	}
	blank.KeepLanguages([]string{lang})
	return formatted(blank)
}

// StartNextRound is the next round of the survey from: the same series,
// questions and keyword (checked when the round opens, when the current
// one may close), a new round name and a slug made from it. The round's
// translated label is left for the organizer to write.
func (s *Service) StartNextRound(ctx context.Context, from, round string) (*Start, error) {
	round = strings.TrimSpace(round)
	if round == "" {
		return nil, surveys.Errorf(surveys.ErrInvalid, "admin.start.round_required", nil)
	}
	rec, err := s.Store.Survey(ctx, from)
	if err != nil {
		return nil, err
	}
	def := rec.Survey
	if def.Series == "" {
		def.Series = rec.Slug
	}
	def.Round, def.RoundLabel = round, nil
	if def.Slug, err = s.freeSlug(ctx, slugify(def.Series+"-"+round)); err != nil {
		return nil, err
	}
	return formatted(&def)
}

func formatted(def *surveys.Survey) (*Start, error) {
	src, err := surveys.FormatYAML(def)
	if err != nil {
		return nil, err
	}
	return &Start{Def: def, Source: src}, nil
}

// freeSlug returns base, or base-2, base-3…, whichever no survey has.
func (s *Service) freeSlug(ctx context.Context, base string) (string, error) {
	for n := 1; n < 100; n++ {
		slug := base
		if n > 1 {
			slug = fmt.Sprintf("%s-%d", base, n)
		}
		_, err := s.Store.Survey(ctx, slug)
		if surveys.IsNotFound(err) {
			return slug, nil
		}
		if err != nil {
			return "", err
		}
	}
	return "", surveys.Errorf(surveys.ErrConflict, "admin.start.no_free_slug", map[string]any{"Slug": base})
}

// slugify makes a slug of a name: accents dropped, lower case, anything
// but letters and digits a single hyphen, at most 50 characters so a
// "-2" still fits the slug's limit.
func slugify(name string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFD.String(strings.ToLower(name)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			hyphen = false
		case !hyphen && b.Len() > 0:
			b.WriteByte('-')
			hyphen = true
		}
	}
	out := strings.Trim(b.String(), "-")
	if len(out) > 50 {
		out = strings.Trim(out[:50], "-")
	}
	if len(out) < 2 {
		out = strings.Trim("survey-"+out, "-")
	}
	return out
}
