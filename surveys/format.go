package surveys

import (
	"bytes"

	"gopkg.in/yaml.v3"
)

// FormatYAML writes a definition as the YAML an organizer would write, so
// a survey built in the editor or from a start can be downloaded, changed
// by hand and uploaded again: Parse reads it back as the same definition.
func FormatYAML(s *Survey) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
