// Command dbserver runs canvass's embedded database (FerretDB on SQLite)
// alone, for tests: storetest builds it without the race detector and
// starts one per test binary, so the database's own work is not slowed by
// the instrumentation meant for canvass's code. It prints the database's
// URI, serves until its standard input closes (the test binary exited, or
// was killed), then stops and removes its data folder.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"canvass/store"
)

func main() {
	dir := flag.String("data", "", "data folder, removed on exit")
	flag.Parse()
	if *dir == "" {
		fmt.Fprintln(os.Stderr, "dbserver: -data is required")
		os.Exit(2)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{DataDir: *dir, Database: "canvass_bootstrap"})
	if err != nil {
		fmt.Fprintln(os.Stderr, "dbserver:", err)
		os.Exit(1)
	}
	fmt.Println(st.URI())
	_, _ = io.Copy(io.Discard, os.Stdin)
	_ = st.Close(ctx)
	_ = os.RemoveAll(*dir)
}
