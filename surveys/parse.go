package surveys

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"
)

// MaxDefinitionSize is the largest survey definition Parse reads. The
// largest real survey is a few dozen kilobytes; the limit keeps a careless
// or hostile upload from tying up the parser.
const MaxDefinitionSize = 1 << 20

// errorLine finds the line number in a YAML library error ("yaml: line 3: ...").
var errorLine = regexp.MustCompile(`line (\d+)`)

// Parse reads a survey definition written in YAML or JSON (JSON when its
// first non-space character is "{"). It reports every unknown or repeated
// field and every value of the wrong kind at once, with its path.
//
// The survey is nil when the definition cannot be decoded (too large, a
// syntax error, a value of the wrong kind); unknown fields alone still give
// a survey, so Validate can report its problems in the same pass. Parse
// applies defaults (ApplyDefaults) but does not validate. The error is only
// for internal failures, never for what the organizer wrote.
func Parse(data []byte) (s *Survey, problems Problems, err error) {
	defer func() {
		if r := recover(); r != nil {
			s, problems, err = nil, nil, fmt.Errorf("surveys: parse: panic: %v", r)
		}
	}()
	if len(data) > MaxDefinitionSize {
		return nil, Problems{{MessageID: msgTooLarge, Data: map[string]any{"Limit": "1 MiB"}}}, nil
	}
	root, p := parseTree(bytes.TrimPrefix(data, []byte("\uFEFF")))
	if p != nil {
		return nil, Problems{*p}, nil
	}
	problems = checkFields(root)
	for _, p := range problems {
		if p.MessageID != msgUnknownField {
			return nil, problems, nil
		}
	}
	s = &Survey{}
	// Defaults go in before decoding so that what the organizer wrote, even
	// an explicit zero, overrides them and is judged by Validate.
	s.ApplyDefaults()
	if err := root.Decode(s); err != nil {
		return nil, append(problems, decodeProblems(err)...), nil
	}
	return s, problems, nil
}

// Check parses a definition and, when it could be decoded, validates it:
// every problem an organizer must fix, in one list ordered by path.
func Check(data []byte, env ValidationEnv) (*Survey, Problems, error) {
	s, problems, err := Parse(data)
	if err != nil || s == nil {
		return s, problems, err
	}
	problems = append(problems, Validate(s, env)...)
	sortProblems(problems, s.Languages)
	return s, problems, nil
}

// parseTree reads the definition into a YAML node tree, the one form both
// input formats share, and returns its root mapping.
func parseTree(data []byte) (*yaml.Node, *Problem) {
	trimmed := bytes.TrimLeftFunc(data, unicode.IsSpace)
	if len(trimmed) == 0 {
		return nil, &Problem{MessageID: msgEmpty}
	}
	var root *yaml.Node
	var p *Problem
	if trimmed[0] == '{' {
		root, p = jsonTree(data)
	} else {
		root, p = yamlTree(data)
	}
	if p == nil && root.Kind != yaml.MappingNode {
		p = &Problem{MessageID: msgExpectedFields, Data: map[string]any{"Line": root.Line}}
	}
	return root, p
}

// yamlTree reads a YAML document. A second document is refused rather than
// ignored: it is most likely a second survey pasted by mistake.
func yamlTree(data []byte) (*yaml.Node, *Problem) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
		return nil, &Problem{MessageID: msgEmpty}
	} else if err != nil {
		return nil, syntaxProblem(yamlErrorLine(err))
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, syntaxProblem(yamlErrorLine(err))
	default:
		return nil, &Problem{MessageID: msgMultipleDocuments, Data: map[string]any{"Line": next.Line}}
	}
	if len(doc.Content) == 0 {
		return nil, &Problem{MessageID: msgEmpty}
	}
	return doc.Content[0], nil
}

func syntaxProblem(line int) *Problem {
	return &Problem{MessageID: msgSyntax, Data: map[string]any{"Line": line}}
}

// yamlErrorLine returns the line a YAML syntax error is near, or 0. yaml.v3
// counts from 0 in its parser's errors ("did not find expected key", where
// the line is that of the enclosing block) and from 1 in its scanner's.
func yamlErrorLine(err error) int {
	msg := err.Error()
	line := lineIn(msg)
	for _, parserProblem := range []string{"did not find expected", "undefined tag handle",
		"duplicate %", "incompatible YAML document"} {
		if line > 0 && strings.Contains(msg, parserProblem) {
			return line + 1
		}
	}
	return line
}

func lineIn(msg string) int {
	if m := errorLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// decodeProblems turns a decoding failure that checkFields did not foresee
// into problems without the library's English text. Excessive aliasing (an
// "alias bomb") is the one expected case.
func decodeProblems(err error) Problems {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return Problems{*syntaxProblem(0)}
	}
	var out Problems
	for _, e := range te.Errors {
		out = append(out, Problem{MessageID: msgInvalidValue, Data: map[string]any{"Line": lineIn(e)}})
	}
	return out
}
