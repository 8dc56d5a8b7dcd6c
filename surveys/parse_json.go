package surveys

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"

	"gopkg.in/yaml.v3"
)

// maxJSONDepth bounds nesting: a survey needs about six levels, and the
// reader below recurses once a level.
const maxJSONDepth = 64

var errJSONTooDeep = errors.New("json nested too deeply")

// jsonTree reads JSON into the node tree YAML gives, so both formats go
// through one field check and one decoder and give identical surveys.
// encoding/json does the reading: JSON's syntax is stricter than YAML's
// flow style, and YAML lacks some of its escapes (surrogate pairs).
func jsonTree(data []byte) (*yaml.Node, *Problem) {
	r := &jsonReader{dec: json.NewDecoder(bytes.NewReader(data)), data: data, line: 1}
	r.dec.UseNumber()
	root, err := r.value(0)
	if err == nil {
		line := r.nextLine()
		if _, err = r.dec.Token(); errors.Is(err, io.EOF) {
			return root, nil
		}
		return nil, syntaxProblem(line) // something after the closing brace
	}
	return nil, syntaxProblem(r.errorLine(err))
}

// jsonReader turns a JSON token stream into YAML nodes, keeping lines.
type jsonReader struct {
	dec  *json.Decoder
	data []byte
	pos  int // offset up to which newlines have been counted
	line int // line at pos
}

// lineAt returns the line of offset off; offsets are asked for in order.
func (r *jsonReader) lineAt(off int) int {
	off = min(off, len(r.data))
	if off > r.pos {
		r.line += bytes.Count(r.data[r.pos:off], []byte("\n"))
		r.pos = off
	}
	return r.line
}

// nextLine returns the line of the token the decoder returns next.
func (r *jsonReader) nextLine() int {
	off := int(r.dec.InputOffset())
	for off < len(r.data) && bytes.IndexByte([]byte(" \t\r\n,:"), r.data[off]) >= 0 {
		off++
	}
	return r.lineAt(off)
}

func (r *jsonReader) errorLine(err error) int {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return r.lineAt(int(se.Offset))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return r.lineAt(len(r.data))
	}
	return r.line
}

func (r *jsonReader) value(depth int) (*yaml.Node, error) {
	if depth > maxJSONDepth {
		return nil, errJSONTooDeep
	}
	n := &yaml.Node{Kind: yaml.ScalarNode, Line: r.nextLine()}
	tok, err := r.dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		return r.collection(n, t, depth)
	case string:
		n.Tag, n.Value, n.Style = "!!str", t, yaml.DoubleQuotedStyle
	case json.Number:
		n.Tag, n.Value = "!!float", t.String()
		if _, err := strconv.ParseInt(n.Value, 10, 64); err == nil {
			n.Tag = "!!int"
		}
	case bool:
		n.Tag, n.Value = "!!bool", strconv.FormatBool(t)
	case nil:
		n.Tag, n.Value = "!!null", "null"
	}
	return n, nil
}

// collection reads an object or array whose opening delimiter was read.
// The decoder itself refuses a closing delimiter where none may be.
func (r *jsonReader) collection(n *yaml.Node, open json.Delim, depth int) (*yaml.Node, error) {
	n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
	if open == '{' {
		n.Kind, n.Tag = yaml.MappingNode, "!!map"
	}
	for r.dec.More() {
		item, err := r.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.Content = append(n.Content, item)
	}
	if _, err := r.dec.Token(); err != nil {
		return nil, err
	}
	return n, nil
}
