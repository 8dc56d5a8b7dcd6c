package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// TestIDPushdownIndex checks, on FerretDB's own files, that every
// collection's table has the _id index and that SQLite's planner uses it
// for the query FerretDB sends for {_id: value}. A FerretDB upgrade that
// changes its table layout or pushdown expression fails here.
func TestIDPushdownIndex(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := Open(ctx, Options{DataDir: dir, Database: "idx"})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "db", "idx.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT name, table_name FROM _ferretdb_collections`)
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string]string{}
	for rows.Next() {
		var name, table string
		if err := rows.Scan(&name, &table); err != nil {
			t.Fatal(err)
		}
		tables[name] = table
	}
	rows.Close()
	for _, ix := range allIndexes() {
		if _, ok := tables[ix.collection]; !ok {
			t.Errorf("collection %s was not created at start", ix.collection)
		}
	}
	for name, table := range tables {
		var plan strings.Builder
		r, err := db.QueryContext(ctx, `EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM "`+table+`" WHERE _ferretdb_sjson->'$._id' = ?`, `"x"`)
		if err != nil {
			t.Fatal(err)
		}
		for r.Next() {
			var id, parent, unused int
			var detail string
			if err := r.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan.WriteString(detail + "; ")
		}
		r.Close()
		if !strings.Contains(plan.String(), idIndexName) {
			t.Errorf("%s: SQLite does not use the _id index: %s", name, plan.String())
		}
	}
}
