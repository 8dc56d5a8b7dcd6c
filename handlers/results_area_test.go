package handlers_test

import "testing"

// TestResultsArea runs the results area's checks on the example survey
// with 300 synthetic responses and its boundaries. The checks that only
// read share one such server: seeding the counters costs more than any
// check, most of all under -race. A check that changes what it reads (a
// round, responses, the survey) builds a server of its own, so each runs
// alone with -run 'TestResultsArea/<name>'.
func TestResultsArea(t *testing.T) {
	t.Parallel()
	shared := newResultsAreaApp(t)
	for _, c := range []struct {
		name string
		run  func(*testing.T, *resultsApp)
		own  func(*testing.T) *resultsApp // a server of its own, or nil to share
	}{
		{"api matches a fold of the raw responses", testResultsAPIMatchesAFold, nil},
		{"api shape and errors", testResultsAPIShapeAndErrors, nil},
		{"results.csv", testResultsCSVParsesBackToTheJSON, nil},
		{"results.xlsx", testResultsXLSXParsesBackToTheJSON, nil},
		{"results.geojson", testResultsGeoJSONJoinsBoundariesAndResults, nil},
		{"results.gpkg", testResultsGeoPackageMatchesTheGeoJSON, nil},
		{"public page", testPublicResultsPage, nil},
		{"series targets and comparison", testSeriesTargetsAndComparison, newResultsAreaApp},
		{"staff page", testStaffResultsPage, newResultsAreaApp},
		{"responses exports", testResponsesExportsArePseudonymizedAndSafe, newResultsAreaApp},
		{"live results and rebuild", testLiveResultsFollowNewResponsesAndRebuild, newResultsAreaApp},
		{"public page off", testPublicResultsOff, func(t *testing.T) *resultsApp { return newResultsApp(t, 0, 0) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			a := shared.with(t)
			if c.own != nil {
				a = c.own(t)
			}
			c.run(t, a)
		})
	}
}

// newResultsAreaApp is the example survey with 300 synthetic responses
// and its boundaries.
func newResultsAreaApp(t *testing.T) *resultsApp {
	t.Helper()
	a := newResultsApp(t, 300, 31)
	a.putExampleBoundaries()
	return a
}
