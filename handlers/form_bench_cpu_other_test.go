//go:build !unix

package handlers_test

import "time"

// processCPU is not measured here: BenchmarkFormPageHTTP's cpu-ns/op is 0.
func processCPU() time.Duration { return 0 }
