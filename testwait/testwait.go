// Package testwait is for tests that wait on something: how long they may.
package testwait

import (
	"testing"
	"time"
)

// Timeout fires shortly before the test binary's -timeout would end the
// run, so a wait that never ends fails its own test with a message
// instead of the whole binary with a stack dump; never without -timeout.
// Tests wait on a channel or a condition, never on a fixed time: the
// machines are shared and noisy.
func Timeout(t testing.TB) <-chan time.Time {
	tt, ok := t.(interface{ Deadline() (time.Time, bool) })
	if !ok {
		return nil
	}
	deadline, ok := tt.Deadline()
	if !ok {
		return nil
	}
	return time.After(time.Until(deadline) * 9 / 10)
}
