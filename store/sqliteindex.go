package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"

	// The SQLite driver FerretDB itself uses; named here because this file
	// opens FerretDB's files directly.
	_ "modernc.org/sqlite"
)

// idIndexName names the index canvass adds to each of FerretDB's tables.
const idIndexName = "canvass_id_pushdown"

// indexIDPushdown makes {_id: value} lookups use an index on the embedded
// database. FerretDB v1.24 pushes exactly that filter down to SQLite as
// `_ferretdb_sjson->'$._id' = ?`, but its own unique _id index is on a
// different expression, so every lookup scans the table: 1.5 s at 100,000
// documents. An index on exactly the pushed-down expression brings that to
// about a millisecond. It reaches into FerretDB's internal tables, which is
// acceptable only because FerretDB is pinned at v1.24.0 and only here, in
// the embedded set-up; TestIDPushdownIndex checks SQLite really uses it.
func (e *embedded) indexIDPushdown(ctx context.Context, database string) error {
	return indexIDPushdown(ctx, e.dir, database)
}

// indexIDPushdown indexes the tables of one database in dir, FerretDB's
// SQLite folder.
func indexIDPushdown(ctx context.Context, dir, database string) error {
	path := filepath.Join(dir, database+".sqlite")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT table_name FROM _ferretdb_collections`)
	if err != nil {
		return fmt.Errorf("reading FerretDB's collection list: %w", err)
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, t := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, t+"_"+idIndexName, t)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("indexing %s: %w", t, err)
		}
	}
	return nil
}
