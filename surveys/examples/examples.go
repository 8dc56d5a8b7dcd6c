// Package examples holds the example survey definitions canvass imports and
// opens on its first start with an empty database, so a new installation
// shows a working web form and SMS conversation before an organizer has
// written anything, and organizers have a complete, translated survey to copy.
//
// Each example is a YAML definition, as an organizer would write it, with
// optional neighborhood boundaries in a GeoJSON file named after its slug.
// The package only hands out bytes: parsing and validation stay in package
// surveys, so the examples go through the same checks as any upload.
package examples

import (
	"embed"
	"io/fs"
	"strings"
)

// files holds the examples inside the binary, so seeding a fresh database
// needs no data folder and the examples always match the code tested
// against them.
//
//go:embed *.yaml *.geojson
var files embed.FS

// Surveys returns every example survey definition, the YAML bytes as
// written, keyed by file name ("safety-spring-2026.yaml"). Keeping the
// organizer's text, not a parsed value, lets the importer store it as the
// survey's source like any upload. The caller owns the returned slices and
// chooses the import order.
func Surveys() (map[string][]byte, error) {
	names, err := fs.Glob(files, "*.yaml")
	if err != nil {
		return nil, err
	}
	out := make(map[string][]byte, len(names))
	for _, name := range names {
		b, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		out[name] = b
	}
	return out, nil
}

// Boundaries returns the GeoJSON FeatureCollection of the neighborhoods of
// the example survey slug (one feature per neighborhood, its "id" property
// the neighborhood ID), and false when that example has none. Boundaries
// are kept apart from the definition because they are large, optional and
// only needed for maps and the results.geojson export.
func Boundaries(slug string) ([]byte, bool) {
	if slug == "" || strings.ContainsAny(slug, `/\`) {
		return nil, false
	}
	b, err := files.ReadFile(slug + ".geojson")
	if err != nil {
		return nil, false
	}
	return b, true
}
