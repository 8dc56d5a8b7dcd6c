package handlers

import (
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/labstack/echo/v5"

	"canvass/gpkg"
	"canvass/results"
	"canvass/surveys"
)

// exportResultsGeoPackage sends results.gpkg: the same layer as
// results.geojson (boundaries and each neighborhood's results, nulls where
// hidden) as a GeoPackage, whose column names survive whole. Saved as a
// Shapefile, the GeoJSON's long property names are cut to ten characters
// and collide; QGIS and ArcGIS open a GeoPackage as it is. SQLite writes
// to a file, so the package is built in a temporary folder and then sent.
func (s *Server) exportResultsGeoPackage(c *echo.Context) error {
	m, err := s.readMapExport(c, "gpkg")
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "canvass-gpkg-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "results.gpkg")
	if err := gpkg.Write(c.Request().Context(), path, resultsLayer(m)); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(startDownload(c, m.rec.Slug, "results", "gpkg", "application/geopackage+sqlite3"), f)
	return s.streamFailed(c, "results.gpkg", err)
}

// resultsLayer is the map export as one layer: a row per neighborhood the
// viewer sees, a column per property any of them has (an answer only an
// older version of the survey offered shows in some groups only).
func resultsLayer(m *mapExport) gpkg.Layer {
	groups := map[string]*results.Group{}
	for i := range m.res.Groups {
		groups[m.res.Groups[i].Neighborhood] = &m.res.Groups[i]
	}
	layer := gpkg.Layer{Name: "results", Title: m.lab.text(m.rec.Title), Description: m.rec.Slug}
	var rows [][]featureProp
	var geoms []*surveys.Feature
	for i := range m.boundaries.Features {
		f := &m.boundaries.Features[i]
		if g := groups[f.Neighborhood]; g != nil {
			props := featureProps(m.lab, g)
			for _, p := range props {
				if !slices.ContainsFunc(layer.Columns, func(c gpkg.Column) bool { return c.Name == p.name }) {
					layer.Columns = append(layer.Columns, gpkg.Column{Name: p.name, Type: p.kind})
				}
			}
			rows, geoms = append(rows, props), append(geoms, f)
		}
	}
	for i, props := range rows {
		values := make([]any, len(layer.Columns))
		for _, p := range props {
			values[slices.IndexFunc(layer.Columns, func(c gpkg.Column) bool { return c.Name == p.name })] = p.value
		}
		layer.Features = append(layer.Features, gpkg.Feature{Geometry: geoms[i].Polygons, Values: values})
	}
	return layer
}
