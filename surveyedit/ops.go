package surveyedit

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"canvass/surveys"
)

// Op is one editor action, as its button names it: "remove_question:2",
// "up_option:1:0", "add_language". Arguments are indexes, or a language.
type Op struct {
	Name string
	Args []string
}

// ParseOp reads a button's value.
func ParseOp(v string) Op {
	parts := strings.Split(v, ":")
	return Op{Name: parts[0], Args: parts[1:]}
}

// Result is what an action tells the page beyond the changed definition.
type Result struct {
	// Added is the language just added, whose missing texts the page lists.
	Added string
	// Focus is the path of what was added or moved, for the page to show.
	Focus string
}

// Do performs op on def. value is the op's input field (the type of the
// question to add, the language to add). A problem comes back as an
// error with a message ID; def is unchanged then.
func Do(def *surveys.Survey, op Op, value string) (Result, error) {
	n := func(k int) (int, bool) {
		if k >= len(op.Args) {
			return 0, false
		}
		i, err := strconv.Atoi(op.Args[k])
		return i, err == nil && i >= 0
	}
	i, iok := n(0)
	j, jok := n(1)
	qok := iok && i < len(def.Questions)
	switch op.Name {
	case "add_question":
		return addQuestion(def, value), nil
	case "remove_question", "up_question", "down_question":
		if qok {
			return Result{Focus: move(&def.Questions, i, verb(op), "questions")}, nil
		}
	case "add_option":
		if qok {
			q := &def.Questions[i]
			q.Options = append(q.Options, surveys.Option{ID: freeOptionID(q)})
			return Result{Focus: fmt.Sprintf("questions[%d].options[%d]", i, len(q.Options)-1)}, nil
		}
	case "remove_option", "up_option", "down_option":
		if qok && jok && j < len(def.Questions[i].Options) {
			return Result{Focus: move(&def.Questions[i].Options, j, verb(op), fmt.Sprintf("questions[%d].options", i))}, nil
		}
	case "add_neighborhood":
		def.Neighborhoods = append(def.Neighborhoods, surveys.Neighborhood{ID: freeID("area", len(def.Neighborhoods)+1, func(id string) bool {
			_, ok := def.Neighborhood(id)
			return ok
		})})
		return Result{Focus: fmt.Sprintf("neighborhoods[%d]", len(def.Neighborhoods)-1)}, nil
	case "remove_neighborhood":
		if iok && i < len(def.Neighborhoods) {
			def.Neighborhoods = slices.Delete(def.Neighborhoods, i, i+1)
			return Result{}, nil
		}
	case "add_language":
		return addLanguage(def, value)
	case "remove_language":
		if len(op.Args) == 1 {
			return Result{}, removeLanguage(def, op.Args[0])
		}
	}
	return Result{}, surveys.Errorf(surveys.ErrInvalid, msgNoSuchItem, nil)
}

// verb is what an op does to an item: "remove", "up" or "down".
func verb(op Op) string { v, _, _ := strings.Cut(op.Name, "_"); return v }

// move removes item i of list, or swaps it with its neighbor, and
// returns the path where it now is ("" once removed).
func move[T any](list *[]T, i int, verb, path string) string {
	l := *list
	switch {
	case verb == "remove":
		*list = slices.Delete(l, i, i+1)
		return ""
	case verb == "up" && i > 0:
		l[i-1], l[i] = l[i], l[i-1]
		i--
	case verb == "down" && i+1 < len(l):
		l[i+1], l[i] = l[i], l[i+1]
		i++
	}
	return fmt.Sprintf("%s[%d]", path, i)
}

func addQuestion(def *surveys.Survey, typ string) Result {
	if !slices.Contains(surveys.QuestionTypes, typ) {
		typ = surveys.TypeSingle
	}
	q := surveys.Question{Type: typ, ID: freeID("q", len(def.Questions)+1, func(id string) bool {
		_, ok := def.Question(id)
		return ok
	})}
	FitType(&q)
	def.Questions = append(def.Questions, q)
	return Result{Focus: fmt.Sprintf("questions[%d]", len(def.Questions)-1)}
}

func addLanguage(def *surveys.Survey, value string) (Result, error) {
	lang, ok := surveys.ParseLanguage(strings.TrimSpace(value))
	switch {
	case !ok:
		return Result{}, surveys.Errorf(surveys.ErrInvalid, msgUnknownLanguage, map[string]any{"Value": value})
	case def.HasLanguage(lang):
		return Result{}, surveys.Errorf(surveys.ErrInvalid, msgLanguageThere, map[string]any{"Language": surveys.LanguageName(lang)})
	}
	def.Languages = append(def.Languages, lang)
	return Result{Added: lang}, nil
}

func removeLanguage(def *surveys.Survey, lang string) error {
	if lang == def.DefaultLanguage {
		return surveys.Errorf(surveys.ErrInvalid, msgDefaultLanguage, map[string]any{"Language": surveys.LanguageName(lang)})
	}
	if !def.HasLanguage(lang) {
		return surveys.Errorf(surveys.ErrInvalid, msgNoSuchItem, nil)
	}
	def.KeepLanguages(slices.DeleteFunc(slices.Clone(def.Languages), func(l string) bool { return l == lang }))
	return nil
}

// freeID returns prefix<n>, or the next number up, that taken refuses.
func freeID(prefix string, n int, taken func(string) bool) string {
	for ; ; n++ {
		if id := fmt.Sprintf("%s%d", prefix, n); !taken(id) {
			return id
		}
	}
}

func freeOptionID(q *surveys.Question) string {
	return freeID("option", len(q.Options)+1, func(id string) bool {
		_, ok := q.Option(id)
		return ok
	})
}
