package surveys

import (
	"cmp"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// sortProblems orders problems as their paths appear in a definition:
// fields in the order of the Survey struct, list items by index, texts by
// the survey's language order, and a field before what is inside it.
// Problems at one path keep the order they were found in.
func sortProblems(p Problems, langs []string) {
	type keyed struct {
		key  []pathStep
		prob Problem
	}
	all := make([]keyed, len(p))
	for i, x := range p {
		all[i] = keyed{pathKey(x.Path, langs), x}
	}
	slices.SortStableFunc(all, func(a, b keyed) int {
		return slices.CompareFunc(a.key, b.key, func(x, y pathStep) int {
			return cmp.Or(cmp.Compare(x.rank, y.rank), strings.Compare(x.name, y.name))
		})
	})
	for i := range all {
		p[i] = all[i].prob
	}
}

// pathStep is one step of a path, ranked among its siblings.
type pathStep struct {
	rank int
	name string
}

// pathKey ranks each step of a path such as "questions[2].text.so" by
// following it through the Survey type. Names the type does not know (an
// unknown field) rank after the ones it does, alphabetically.
func pathKey(path string, langs []string) []pathStep {
	var key []pathStep
	t := reflect.TypeFor[Survey]()
	for _, part := range strings.Split(path, ".") {
		name, indexes, _ := strings.Cut(part, "[")
		if name != "" {
			var step pathStep
			step, t = nameStep(t, name, langs)
			key = append(key, step)
		}
		for _, ix := range strings.Split(indexes, "[") {
			if n, err := strconv.Atoi(strings.TrimSuffix(ix, "]")); err == nil {
				key = append(key, pathStep{rank: n})
				t = elemType(t)
			}
		}
	}
	return key
}

// nameStep ranks a field name within struct t, or a language key within
// map t, and returns the type the name leads to (nil when unknown).
func nameStep(t reflect.Type, name string, langs []string) (pathStep, reflect.Type) {
	switch {
	case t == nil:
		return pathStep{name: name}, nil
	case t.Kind() == reflect.Struct:
		for i := range t.NumField() {
			if yamlFieldName(t.Field(i)) == name {
				return pathStep{rank: i}, derefType(t.Field(i).Type)
			}
		}
		return pathStep{rank: t.NumField(), name: name}, nil
	case t.Kind() == reflect.Map:
		rank := slices.Index(langs, name)
		if rank < 0 {
			rank = len(langs)
		}
		return pathStep{rank: rank, name: name}, derefType(t.Elem())
	}
	return pathStep{name: name}, nil
}

func elemType(t reflect.Type) reflect.Type {
	if t == nil || t.Kind() != reflect.Slice {
		return nil
	}
	return derefType(t.Elem())
}

func derefType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}
