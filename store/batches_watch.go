package store

import "sync"

// batchWatch tells a waiter that a batch may read differently, so nothing
// has to poll sms_batches: every change through this Store closes the
// current channel and starts a new one. Writes by another process (other
// instances on one MongoDB) are not seen.
type batchWatch struct {
	mu sync.Mutex
	ch chan struct{}
}

// BatchesChanged returns a channel closed the next time this Store writes
// any batch (its total, its counters, its cancellation) or takes a message
// out of the outbox. Read the batch after taking the channel, so no change
// falls in between.
func (s *Store) BatchesChanged() <-chan struct{} {
	s.batchWatch.mu.Lock()
	defer s.batchWatch.mu.Unlock()
	if s.batchWatch.ch == nil {
		s.batchWatch.ch = make(chan struct{})
	}
	return s.batchWatch.ch
}

// batchChanged wakes whoever waits on BatchesChanged.
func (s *Store) batchChanged() {
	s.batchWatch.mu.Lock()
	defer s.batchWatch.mu.Unlock()
	if s.batchWatch.ch != nil {
		close(s.batchWatch.ch)
		s.batchWatch.ch = nil
	}
}
