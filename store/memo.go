package store

import "sync"

// memoLimit bounds a memo; a full one starts over empty, which costs only
// the reads it saved.
const memoLimit = 100_000

// memo remembers, in a process that is the database's only writer (the
// embedded database), what this process last wrote to, or read from, some
// documents, so a hot path can skip reading them again: the opt-out record
// each SMS checks, the revision each session write checks. Every write to
// those documents goes through the store, which updates the memo with it.
//
// A read may finish after a write that started later; remember drops what
// such a read found (gen moved), so the memo never goes back in time.
type memo[V any] struct {
	mu  sync.Mutex
	on  bool
	gen uint64
	m   map[string]V
}

// get returns the remembered value, and the generation a read that misses
// passes to remember.
func (m *memo[V]) get(id string) (v V, ok bool, gen uint64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.on {
		return v, false, 0
	}
	v, ok = m.m[id]
	return v, ok, m.gen
}

// remember keeps what a read found, unless something was written since
// the read began.
func (m *memo[V]) remember(id string, v V, gen uint64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.on && gen == m.gen {
		m.putLocked(id, v)
	}
}

// wrote keeps what a write stored.
func (m *memo[V]) wrote(id string, v V) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gen++
	if m.on {
		m.putLocked(id, v)
	}
}

// forget drops one document (a write whose result the memo cannot tell).
func (m *memo[V]) forget(id string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gen++
	delete(m.m, id)
}

// forgetIf drops the documents matching (a write by another filter).
func (m *memo[V]) forgetIf(match func(id string) bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gen++
	for id := range m.m {
		if match(id) {
			delete(m.m, id)
		}
	}
}

func (m *memo[V]) putLocked(id string, v V) {
	if m.m == nil || len(m.m) >= memoLimit {
		m.m = map[string]V{}
	}
	m.m[id] = v
}
