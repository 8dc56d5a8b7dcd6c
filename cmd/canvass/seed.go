package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"canvass/surveys"
	"canvass/synth"
)

// seed runs `canvass seed --survey SLUG --responses N`: realistic synthetic
// responses (synth.Generator: neighborhoods of very different sizes,
// demographics that vary by neighborhood and go with the answers, both
// channels, every language of the survey) written through the batched form
// of the response write path, counters included, for demos and
// benchmarks. Their IDs start with "synth-".
func seed(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("canvass seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := addDBFlags(fs, getenv)
	slug := fs.String("survey", "", "the survey's slug")
	n := fs.Int("responses", 1000, "how many responses to add")
	days := fs.Int("days", 45, "spread them over this many days up to now")
	seedN := fs.Uint64("seed", uint64(time.Now().UnixNano()), "random seed (the same seed gives the same responses)")
	batch := fs.Int("batch", 2000, "responses written per batch")
	force := fs.Bool("force", false, "add synthetic responses to a survey that already has responses")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case *slug == "":
		return errors.New("name the survey: --survey SLUG")
	case *n < 1 || *days < 1 || *batch < 1:
		return errors.New("--responses, --days and --batch must be positive")
	}
	st, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	rec, err := st.Survey(ctx, *slug)
	if err != nil {
		return fmt.Errorf("survey %q: %w", *slug, err)
	}
	if rec.Responses > 0 && !*force {
		return fmt.Errorf("%s already has %d responses; synthetic ones would mix with them (pass --force to add them anyway)", rec.Slug, rec.Responses)
	}
	end := time.Now().UTC()
	g := synth.New(&rec.Survey, *seedN, end.AddDate(0, 0, -*days), end)
	start, added := time.Now(), 0
	for added < *n {
		rs := make([]*surveys.Response, min(*batch, *n-added))
		for i := range rs {
			rs[i] = g.Next()
			rs[i].Version = rec.Version
		}
		k, err := st.InsertResponseBatch(ctx, rec.Slug, rs)
		if err != nil {
			return fmt.Errorf("after %d responses: %w", added, err)
		}
		added += len(rs)
		if k < len(rs) {
			fmt.Fprintf(stderr, "%d were already there (same seed as an earlier run?)\n", len(rs)-k)
		}
		fmt.Fprintf(stderr, "\r%d / %d responses (%.0f/s)", added, *n, float64(added)/time.Since(start).Seconds())
	}
	fmt.Fprintln(stderr)
	if _, err := st.RebuildDayCounts(ctx, rec.Slug); err != nil { // today's counts, kept per response by InsertResponse
		return err
	}
	fmt.Fprintf(stdout, "%s: added %d synthetic responses (seed %d) in %s\n", rec.Slug, added, *seedN, time.Since(start).Round(time.Millisecond))
	return nil
}
