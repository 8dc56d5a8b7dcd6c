package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// BenchmarkFindByID measures {_id: value} lookups on the embedded database
// with and without the pushdown index, at 20,000 documents.
//
//	go test ./store -run '^$' -bench FindByID -benchtime 200x
func BenchmarkFindByID(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	st, err := Open(ctx, Options{DataDir: dir, Database: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close(ctx)
	const n = 20000
	coll := st.db.Collection(surveysColl)
	for start := 0; start < n; start += 1000 {
		docs := make([]any, 0, 1000)
		for i := start; i < start+1000; i++ {
			docs = append(docs, bson.D{{Key: "_id", Value: fmt.Sprintf("doc-%06d", i)}, {Key: "v", Value: i}})
		}
		if _, err := coll.InsertMany(ctx, docs); err != nil {
			b.Fatal(err)
		}
	}
	find := func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			var out bson.M
			if err := coll.FindOne(ctx, bson.D{{Key: "_id", Value: fmt.Sprintf("doc-%06d", (i*7919)%n)}}).Decode(&out); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("indexed", find)
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "db", "bench.sqlite")+"?_pragma=busy_timeout(10000)")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var table string
	if err := db.QueryRow(`SELECT table_name FROM _ferretdb_collections WHERE name = ?`, surveysColl).Scan(&table); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Exec(fmt.Sprintf(`DROP INDEX %q`, table+"_"+idIndexName)); err != nil {
		b.Fatal(err)
	}
	b.Run("scan", find)
}
