// Package gpkg writes a layer of features as an OGC GeoPackage (1.3): one
// SQLite file that QGIS, ArcGIS and GDAL open as it is, with column names
// of any length. A Shapefile cuts field names to ten characters, so the
// results' "safe_night_very_unsafe_pct" columns collide there; a
// GeoPackage keeps them as the GeoJSON export names them.
package gpkg

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	// The pure-Go SQLite driver canvass already runs FerretDB on.
	_ "modernc.org/sqlite"
)

// Column types, as GeoPackage names them.
const (
	Text    = "TEXT"
	Integer = "INTEGER"
	Real    = "REAL"
	Boolean = "BOOLEAN"
)

// Column is one attribute of a layer.
type Column struct {
	Name string
	Type string
}

// Feature is one row: a geometry in WGS 84 longitude/latitude and a value
// per column (nil for none, which GIS tools show as "no data").
type Feature struct {
	Geometry orb.Geometry
	Values   []any
}

// Layer is one table of features.
type Layer struct {
	Name        string // a table name: letters, digits, _
	Title       string
	Description string
	Columns     []Column
	Features    []Feature
}

// wgs84 is the spatial reference system of every layer here (EPSG:4326).
const wgs84 = 4326

// Write creates the GeoPackage at path (which must not exist) holding
// layer.
func Write(ctx context.Context, path string, layer Layer) error {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)")
	if err != nil {
		return err
	}
	defer db.Close()
	// One connection: the pragmas and the transaction share it.
	db.SetMaxOpenConns(1)
	if err := writeLayer(ctx, db, layer); err != nil {
		return fmt.Errorf("gpkg: %w", err)
	}
	return db.Close()
}

func writeLayer(ctx context.Context, db *sql.DB, layer Layer) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, stmt := range schema() {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	table := quote(layer.Name)
	cols := []string{"fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL", "geom MULTIPOLYGON"}
	for _, c := range layer.Columns {
		cols = append(cols, quote(c.Name)+" "+c.Type)
	}
	if _, err := tx.ExecContext(ctx, "CREATE TABLE "+table+" ("+strings.Join(cols, ", ")+")"); err != nil {
		return err
	}
	bound, err := insertFeatures(ctx, tx, layer)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id)
		VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?, ?)`,
		layer.Name, layer.Title, layer.Description, time.Now().UTC().Format("2006-01-02T15:04:05.000Z"),
		bound.Min[0], bound.Min[1], bound.Max[0], bound.Max[1], wgs84); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m)
		VALUES (?, 'geom', 'MULTIPOLYGON', ?, 0, 0)`, layer.Name, wgs84); err != nil {
		return err
	}
	return tx.Commit()
}

// insertFeatures adds the layer's rows and returns their extent.
func insertFeatures(ctx context.Context, tx *sql.Tx, layer Layer) (orb.Bound, error) {
	names := []string{"geom"}
	marks := []string{"?"}
	for _, c := range layer.Columns {
		names, marks = append(names, quote(c.Name)), append(marks, "?")
	}
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO "+quote(layer.Name)+" ("+strings.Join(names, ", ")+") VALUES ("+strings.Join(marks, ", ")+")")
	if err != nil {
		return orb.Bound{}, err
	}
	defer stmt.Close()
	var all orb.Bound
	for i, f := range layer.Features {
		if len(f.Values) != len(layer.Columns) {
			return all, fmt.Errorf("feature %d has %d values for %d columns", i, len(f.Values), len(layer.Columns))
		}
		blob, err := geometry(f.Geometry)
		if err != nil {
			return all, err
		}
		if _, err := stmt.ExecContext(ctx, append([]any{blob}, f.Values...)...); err != nil {
			return all, err
		}
		if b := f.Geometry.Bound(); i == 0 {
			all = b
		} else {
			all = all.Union(b)
		}
	}
	return all, nil
}

// geometry is a GeoPackage geometry blob: the "GP" header (version 0,
// little-endian, an xy envelope), the SRS ID, the envelope, then the
// geometry as standard WKB.
func geometry(g orb.Geometry) ([]byte, error) {
	var b bytes.Buffer
	b.Write([]byte{'G', 'P', 0, 0b0000_0011}) // envelope [minx, maxx, miny, maxy]; little-endian
	bound := g.Bound()
	for _, v := range []any{int32(wgs84), bound.Min[0], bound.Max[0], bound.Min[1], bound.Max[1]} {
		if err := binary.Write(&b, binary.LittleEndian, v); err != nil {
			return nil, err
		}
	}
	raw, err := wkb.Marshal(g, binary.LittleEndian)
	if err != nil {
		return nil, err
	}
	b.Write(raw)
	return b.Bytes(), nil
}

// quote makes a name an SQL identifier.
func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// schema is the GeoPackage's own tables (OGC 12-128r18, the required
// spatial reference systems among them).
func schema() []string {
	return []string{
		fmt.Sprintf("PRAGMA application_id = %d", 0x47504B47), // "GPKG"
		"PRAGMA user_version = 10300",
		`CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
			organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)`,
		`INSERT INTO gpkg_spatial_ref_sys VALUES
			('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
			('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
			('WGS 84 geodetic', 4326, 'EPSG', 4326, 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')`,
		`CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
			description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
			min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
			CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))`,
		`CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
			srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
			CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
			CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
			CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))`,
	}
}
