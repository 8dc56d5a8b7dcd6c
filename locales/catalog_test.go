package locales

import (
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"text/template"

	"gopkg.in/yaml.v3"
)

// shipped lists the languages canvass ships; English is the reference.
func shipped() []string { return []string{"en", "es", "so", "vi", "ar", "ht"} }

// pluralForms are the keys of a go-i18n plural message ({one: ..., other: ...}).
func pluralForms() []string { return []string{"zero", "one", "two", "few", "many", "other"} }

// placeholder finds the data keys a message uses: {{.Line}}, {{if .Line}}.
var placeholder = regexp.MustCompile(`\{\{[^}]*?\.(\w+)`)

// catalogFile is one message file: its area ("validation") and language.
type catalogFile struct {
	area, lang string
	messages   map[string][]string // ID → its text, or each plural form's text
}

// TestCatalogComplete checks every area's files against its English file:
// each shipped language has the file, with exactly the same IDs, no empty
// text, valid templates, and no placeholder English lacks (a misspelt one
// would render as "<no value>").
func TestCatalogComplete(t *testing.T) {
	byArea := map[string]map[string]catalogFile{}
	for _, f := range readCatalog(t) {
		if !slices.Contains(shipped(), f.lang) {
			t.Errorf("%s.%s.yaml: %q is not a shipped language %v", f.area, f.lang, f.lang, shipped())
		}
		if byArea[f.area] == nil {
			byArea[f.area] = map[string]catalogFile{}
		}
		byArea[f.area][f.lang] = f
		checkTexts(t, f)
	}
	for _, area := range slices.Sorted(maps.Keys(byArea)) {
		en, ok := byArea[area][Default]
		if !ok {
			t.Errorf("%s: no English file %s.en.yaml to compare the others with", area, area)
			continue
		}
		for _, lang := range shipped()[1:] {
			f, ok := byArea[area][lang]
			if !ok {
				t.Errorf("%s.%s.yaml is missing (%s.en.yaml has %d messages)", area, lang, area, len(en.messages))
				continue
			}
			compareFiles(t, en, f)
		}
	}
}

// TestCatalogLoads checks that go-i18n accepts every file and that every
// shipped language ends up in the catalog.
func TestCatalogLoads(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range shipped() {
		if !slices.Contains(c.Languages(), lang) {
			t.Errorf("language %s has no message file", lang)
		}
	}
}

func readCatalog(t *testing.T) []catalogFile {
	t.Helper()
	names, err := fs.Glob(files, "*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var out []catalogFile
	for _, name := range names {
		area, lang, ok := splitName(name)
		if !ok {
			t.Errorf("%s: want a name like area.lang.yaml", name)
			continue
		}
		data, err := fs.ReadFile(files, name)
		if err != nil {
			t.Fatal(err)
		}
		var raw map[string]any
		if err := yaml.Unmarshal(data, &raw); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		f := catalogFile{area: area, lang: lang, messages: map[string][]string{}}
		flatten(t, name, "", raw, f.messages)
		out = append(out, f)
	}
	return out
}

func splitName(name string) (area, lang string, ok bool) {
	base := strings.TrimSuffix(name, ".yaml")
	i := strings.LastIndex(base, ".")
	if i <= 0 {
		return "", "", false
	}
	return base[:i], base[i+1:], true
}

// flatten collects the messages of a go-i18n file: flat dotted IDs, nested
// maps (joined with "."), and plural maps, which are one message.
func flatten(t *testing.T, file, prefix string, raw map[string]any, out map[string][]string) {
	for key, v := range raw {
		id := prefix + key
		switch v := v.(type) {
		case string:
			out[id] = []string{v}
		case map[string]any:
			if forms, ok := pluralTexts(v); ok {
				out[id] = forms
				if _, ok := v["other"]; !ok {
					t.Errorf("%s: %s: a plural message needs an \"other\" form", file, id)
				}
				continue
			}
			flatten(t, file, id+".", v, out)
		default:
			t.Errorf("%s: %s: want text or a plural map, got %T", file, id, v)
		}
	}
}

// pluralTexts returns a plural message's texts when every key of m is a
// plural form holding text.
func pluralTexts(m map[string]any) ([]string, bool) {
	var texts []string
	for _, form := range slices.Sorted(maps.Keys(m)) {
		s, ok := m[form].(string)
		if !ok || !slices.Contains(pluralForms(), form) {
			return nil, false
		}
		texts = append(texts, s)
	}
	return texts, len(texts) > 0
}

func checkTexts(t *testing.T, f catalogFile) {
	for id, texts := range f.messages {
		for _, s := range texts {
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s.%s.yaml: %s is empty", f.area, f.lang, id)
			}
			if _, err := template.New(id).Parse(s); err != nil {
				t.Errorf("%s.%s.yaml: %s: %v", f.area, f.lang, id, err)
			}
		}
	}
}

func compareFiles(t *testing.T, en, f catalogFile) {
	name := f.area + "." + f.lang + ".yaml"
	for _, id := range slices.Sorted(maps.Keys(en.messages)) {
		texts, ok := f.messages[id]
		if !ok {
			t.Errorf("%s: %s is missing", name, id)
			continue
		}
		known := placeholders(en.messages[id])
		for p := range placeholders(texts) {
			if !known[p] {
				t.Errorf("%s: %s uses {{.%s}}, which the English text does not", name, id, p)
			}
		}
	}
	for _, id := range slices.Sorted(maps.Keys(f.messages)) {
		if _, ok := en.messages[id]; !ok {
			t.Errorf("%s: %s is not in %s.en.yaml", name, id, f.area)
		}
	}
}

func placeholders(texts []string) map[string]bool {
	out := map[string]bool{}
	for _, s := range texts {
		for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
			out[m[1]] = true
		}
	}
	return out
}
