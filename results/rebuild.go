package results

// RebuildReport says what a rebuild did.
type RebuildReport struct {
	Responses int // responses counted
	Counters  int // counter documents rewritten because they differed
	Unchanged int // counter documents that were already right
	Removed   int // counter documents no response backs any more
	Attempts  int // a response arriving mid-rebuild makes it start over
}
