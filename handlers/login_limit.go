package handlers

import (
	"sync"
	"time"
)

// Sign-in limits. Per address, generous enough for a community centre
// where a dozen organizers share one public IP; per account, tight enough
// that guessing a password online is hopeless (5 tries per 15 minutes is
// under 500 a day) while a real person who mistyped waits minutes at most.
const (
	loginWindow       = 15 * time.Minute
	loginPerAddress   = 30
	loginFailsPerUser = 5
	// limiterMaxKeys bounds memory under a flood of distinct addresses or
	// made-up emails; past it, expired entries are dropped, then the
	// oldest half.
	limiterMaxKeys = 20000
)

// loginLimiter counts sign-in attempts in memory. One canvass process
// serves an installation (the embedded database allows no other), so a
// process-local count is the whole count.
type loginLimiter struct {
	mu      sync.Mutex
	now     func() time.Time
	entries map[string]*attempts
}

type attempts struct {
	start time.Time
	n     int
}

func newLoginLimiter() *loginLimiter {
	return &loginLimiter{now: time.Now, entries: map[string]*attempts{}}
}

// wait returns how long key must wait before another attempt, given at
// most max attempts per window; zero means go ahead.
func (l *loginLimiter) wait(key string, max int) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	a := l.live(key)
	if a == nil || a.n < max {
		return 0
	}
	return a.start.Add(loginWindow).Sub(l.now())
}

// add counts one attempt against key.
func (l *loginLimiter) add(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	a := l.live(key)
	if a == nil {
		if len(l.entries) >= limiterMaxKeys {
			l.prune()
		}
		a = &attempts{start: l.now()}
		l.entries[key] = a
	}
	a.n++
}

// reset forgets key's attempts (a successful sign-in clears its failures).
func (l *loginLimiter) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.entries, key)
}

// live returns key's entry unless its window has passed. Callers hold mu.
func (l *loginLimiter) live(key string) *attempts {
	a := l.entries[key]
	if a != nil && l.now().Sub(a.start) >= loginWindow {
		delete(l.entries, key)
		return nil
	}
	return a
}

func (l *loginLimiter) prune() {
	now := l.now()
	for k, a := range l.entries {
		if now.Sub(a.start) >= loginWindow {
			delete(l.entries, k)
		}
	}
	if len(l.entries) < limiterMaxKeys {
		return
	}
	i := 0
	for k := range l.entries { // map order is random: an unbiased half
		if i%2 == 0 {
			delete(l.entries, k)
		}
		i++
	}
}
