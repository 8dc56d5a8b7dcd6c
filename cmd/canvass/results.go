package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"canvass/results"
	"canvass/store"
)

// resultsCommand runs `canvass results rebuild|check --survey SLUG`. The
// live results counters are kept as responses arrive; rebuild recomputes
// them from the raw responses, check compares the two and fails when they
// differ. With the embedded database, stop the server first (its data
// folder is used by one process at a time) or call
// POST /api/v1/surveys/{slug}/results/rebuild on the running server.
func resultsCommand(sub string) func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
		fs := flag.NewFlagSet("canvass results "+sub, flag.ContinueOnError)
		fs.SetOutput(stderr)
		db := addDBFlags(fs, getenv)
		slug := fs.String("survey", "", "the survey's slug")
		all := fs.Bool("all", false, "every survey")
		if err := fs.Parse(args); err != nil {
			return err
		}
		if (*slug == "") == !*all {
			return errors.New("name one survey with --survey SLUG, or --all")
		}
		st, err := db.open(ctx)
		if err != nil {
			return err
		}
		defer st.Close(context.Background())
		slugs := []string{*slug}
		if *all {
			if slugs, err = allSlugs(ctx, st); err != nil {
				return err
			}
		}
		var failed error
		for _, s := range slugs {
			if _, err := st.Survey(ctx, s); err != nil {
				return fmt.Errorf("survey %q: %w", s, err)
			}
			if sub == "rebuild" {
				err = rebuildOne(ctx, st, s, stdout)
			} else {
				err = checkOne(ctx, st, s, stdout)
			}
			failed = errors.Join(failed, err)
		}
		return failed
	}
}

func allSlugs(ctx context.Context, st *store.Store) ([]string, error) {
	recs, err := st.Surveys(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.Slug
	}
	return out, nil
}

func rebuildOne(ctx context.Context, st *store.Store, slug string, out io.Writer) error {
	start := time.Now()
	rep, err := st.RebuildTallies(ctx, slug)
	if err != nil {
		return fmt.Errorf("rebuild %s: %w", slug, err)
	}
	fmt.Fprintf(out, "%s: rebuilt from %d responses: %d counters rewritten, %d already right, %d removed, in %s\n",
		slug, rep.Responses, rep.Counters, rep.Unchanged, rep.Removed, time.Since(start).Round(time.Millisecond))
	return nil
}

// checkOne prints every counter that differs from a fold of the raw
// responses, and fails when any does.
func checkOne(ctx context.Context, st *store.Store, slug string, out io.Writer) error {
	start := time.Now()
	drift, n, err := st.CheckTallies(ctx, slug)
	if err != nil {
		return fmt.Errorf("check %s: %w", slug, err)
	}
	if len(drift) == 0 {
		fmt.Fprintf(out, "%s: live counters agree with all %d responses (%s)\n", slug, n, time.Since(start).Round(time.Millisecond))
		return nil
	}
	for _, d := range drift {
		fmt.Fprintf(out, "%s: counter %s: live n=%d, responses give n=%d\n", slug, d.Cell.ID(slug), tallyN(d.Live), tallyN(d.Folded))
	}
	return fmt.Errorf("%s: %d counters differ from the responses; run: canvass results rebuild --survey %s", slug, len(drift), slug)
}

func tallyN(t *results.Tally) int64 {
	if t == nil {
		return 0
	}
	return t.N
}
