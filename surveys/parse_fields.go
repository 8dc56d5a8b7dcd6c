package surveys

import (
	"math"
	"reflect"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// checkFields walks a definition's node tree against the Survey type and
// reports every unknown field, repeated field and value of the wrong kind,
// each at its path. The decoder would stop at (or silently skip) these; an
// organizer should see them all at once. Field names come from the yaml
// struct tags, so a field added to Survey is known here at once.
func checkFields(root *yaml.Node) Problems {
	c := &fieldChecker{seen: map[aliasUse]bool{}}
	c.check(root, reflect.TypeFor[Survey](), "")
	return c.out
}

type fieldChecker struct {
	out  Problems
	seen map[aliasUse]bool
}

// aliasUse is an anchored node checked as one type. Each is checked once,
// where it first appears, so its problems are reported once and a document
// of aliases of aliases is checked in linear time.
type aliasUse struct {
	node *yaml.Node
	t    reflect.Type
}

func (c *fieldChecker) add(path, id string, data map[string]any) {
	c.out = append(c.out, Problem{Path: path, MessageID: id, Data: data})
}

func (c *fieldChecker) check(n *yaml.Node, t reflect.Type, path string) {
	t = derefType(t)
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Anchor != "" {
		use := aliasUse{n, t}
		if c.seen[use] {
			return
		}
		c.seen[use] = true
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return // decodes as the zero value; Validate judges that
	}
	switch t.Kind() {
	case reflect.Struct:
		c.checkMapping(n, t, path, structFields(t))
	case reflect.Map:
		c.checkMapping(n, t, path, nil)
	case reflect.Slice:
		c.checkSequence(n, t, path)
	default:
		c.checkScalar(n, t, path)
	}
}

// checkMapping checks a struct (fields lists its known names) or a map
// (fields is nil: any key is allowed, such as a language code).
func (c *fieldChecker) checkMapping(n *yaml.Node, t reflect.Type, path string, fields map[string]reflect.Type) {
	if n.Kind != yaml.MappingNode {
		c.wrongKind(n, t, path)
		return
	}
	firstLine := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := n.Content[i], n.Content[i+1]
		if key.ShortTag() == "!!merge" {
			c.checkMerge(value, t, path)
			continue
		}
		p := joinPath(path, key.Value)
		if first, dup := firstLine[key.Value]; dup {
			c.add(p, msgDuplicateKey, map[string]any{"Field": key.Value, "Line": key.Line, "FirstLine": first})
			continue
		}
		firstLine[key.Value] = key.Line
		if fields == nil {
			c.check(value, t.Elem(), p)
		} else if ft, ok := fields[key.Value]; ok {
			c.check(value, ft, p)
		} else {
			c.add(p, msgUnknownField, map[string]any{
				"Field": key.Value, "Line": key.Line, "Suggestion": closestName(key.Value, fields),
			})
		}
	}
}

// checkMerge checks the mapping(s) merged in by a YAML "<<: *anchor" key as
// part of the mapping that holds it.
func (c *fieldChecker) checkMerge(n *yaml.Node, t reflect.Type, path string) {
	if n.Kind == yaml.SequenceNode {
		for _, m := range n.Content {
			c.check(m, t, path)
		}
		return
	}
	c.check(n, t, path)
}

func (c *fieldChecker) checkSequence(n *yaml.Node, t reflect.Type, path string) {
	if n.Kind != yaml.SequenceNode {
		c.wrongKind(n, t, path)
		return
	}
	for i, item := range n.Content {
		c.check(item, t.Elem(), path+"["+strconv.Itoa(i)+"]")
	}
}

// checkScalar lets the YAML library decode the one value, so what passes
// here is what the decoder accepts, except that a whole number must be
// whole: the decoder would quietly turn max_choices: 1.5 into 1.
func (c *fieldChecker) checkScalar(n *yaml.Node, t reflect.Type, path string) {
	ok := n.Kind == yaml.ScalarNode && n.Decode(reflect.New(t).Interface()) == nil
	if ok && t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64 {
		var f float64
		ok = n.Decode(&f) == nil && f == math.Trunc(f)
	}
	if !ok {
		c.wrongKind(n, t, path)
	}
}

// wrongKind reports a value that is not of the kind t needs, naming the
// kind in words an organizer knows.
func (c *fieldChecker) wrongKind(n *yaml.Node, t reflect.Type, path string) {
	id := msgExpectedText
	switch {
	case t == reflect.TypeFor[Text]():
		id = msgExpectedTexts
	case t.Kind() == reflect.Struct || t.Kind() == reflect.Map:
		id = msgExpectedFields
	case t.Kind() == reflect.Slice:
		id = msgExpectedList
	case t.Kind() == reflect.Bool:
		id = msgExpectedBool
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Float64:
		id = msgExpectedNumber
	}
	c.add(path, id, map[string]any{"Line": n.Line})
}

// structFields maps the YAML names of t's fields to their types.
func structFields(t reflect.Type) map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	for i := range t.NumField() {
		if name := yamlFieldName(t.Field(i)); name != "" {
			fields[name] = t.Field(i).Type
		}
	}
	return fields
}

// yamlFieldName is the name yaml.v3 gives a struct field, "" for none.
func yamlFieldName(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	switch name {
	case "-":
		return ""
	case "":
		return strings.ToLower(f.Name)
	}
	return name
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
