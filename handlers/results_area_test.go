package handlers_test

import "testing"

// TestResultsArea runs the results area's checks on one server whose
// example survey holds 300 synthetic responses and its boundaries: seeding
// the counters costs more than any check, most of all under -race. The
// order matters where a check adds data (a round, responses).
func TestResultsArea(t *testing.T) {
	a := newResultsApp(t, 300, 31)
	a.putExampleBoundaries()
	for _, c := range []struct {
		name string
		run  func(*testing.T, *resultsApp)
	}{
		{"api matches a fold of the raw responses", testResultsAPIMatchesAFold},
		{"api shape and errors", testResultsAPIShapeAndErrors},
		{"results.csv", testResultsCSVParsesBackToTheJSON},
		{"results.xlsx", testResultsXLSXParsesBackToTheJSON},
		{"results.geojson", testResultsGeoJSONJoinsBoundariesAndResults},
		{"public page", testPublicResultsPage},
		{"series targets and comparison", testSeriesTargetsAndComparison},
		{"staff page", testStaffResultsPage},
		{"responses exports", testResponsesExportsArePseudonymizedAndSafe},
		{"live results and rebuild", testLiveResultsFollowNewResponsesAndRebuild},
		{"public page off", testPublicResultsOff},
	} {
		if !t.Run(c.name, func(t *testing.T) { c.run(t, a.with(t)) }) {
			return
		}
	}
}
