package main

import (
	"context"
	"fmt"
	"log/slog"
	"sort"

	"canvass/store"
	"canvass/surveys"
	"canvass/surveys/examples"
)

// importExamples imports and opens the example surveys when the database
// has no survey at all, so a new user sees a working form at once. A
// database that ever had a survey is left alone, even if all were deleted.
func importExamples(ctx context.Context, st *store.Store, logger *slog.Logger) error {
	existing, err := st.Surveys(ctx)
	if err != nil || len(existing) > 0 {
		return err
	}
	files, err := examples.Surveys()
	if err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		def, problems, err := surveys.Parse(files[name])
		if err == nil && len(problems.Errors()) == 0 {
			problems = append(problems, surveys.Validate(def, surveys.ValidationEnv{})...)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if errs := problems.Errors(); len(errs) > 0 {
			return fmt.Errorf("%s: %w", name, errs)
		}
		if _, err := st.CreateSurvey(ctx, def, string(files[name])); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if _, err := st.SetSurveyStatus(ctx, def.Slug, surveys.StatusOpen); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if geo, ok := examples.Boundaries(def.Slug); ok { // for maps and results.geojson
			if _, problems := surveys.ParseBoundaries(def, geo); len(problems) > 0 {
				return fmt.Errorf("%s boundaries: %w", name, problems)
			}
			if err := st.SetBoundaries(ctx, def.Slug, geo, "example"); err != nil {
				return fmt.Errorf("%s boundaries: %w", name, err)
			}
		}
		logger.Info("imported and opened the example survey", "slug", def.Slug, "form", "/s/"+def.Slug)
	}
	return nil
}
