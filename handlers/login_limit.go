package handlers

import (
	"sync"
	"time"
)

// Sign-in limits, per window. They slow a guesser down without letting
// one lock the owner out (a wrong password typed five times from anywhere
// used to lock the account for everyone):
//   - per address, generous enough for a community centre where a dozen
//     organizers share one public IP;
//   - per account and address together: five wrong passwords from one
//     address stop that address only, so the owner elsewhere still signs in;
//   - per account across addresses, for a guesser with many addresses:
//     past it, only a browser the account signed in from before (its
//     device cookie, login_device.go) may still try, five times;
//   - per device cookie, the same five.
//
// A guesser gets five tries per address per window, however many accounts
// the address shares, and at most loginFailsPerAccount per account from
// all its addresses; the owner's own browser keeps working throughout.
const (
	loginWindow          = 15 * time.Minute
	loginPerAddress      = 30
	loginFailsPerPair    = 5
	loginFailsPerAccount = 20
	loginFailsPerDevice  = 5
	// limiterMaxKeys bounds memory under a flood of distinct addresses or
	// made-up emails; past it, expired entries are dropped, then the
	// oldest half.
	limiterMaxKeys = 20000
)

// loginAttempt is one sign-in try as the limits see it.
type loginAttempt struct {
	address string // formRateKey of the client's address
	email   string // normalized, whether or not an account has it
	// device is the nonce of the browser's device cookie when that cookie
	// was issued for email; "" otherwise.
	device string
}

func (a loginAttempt) addressKey() string { return "ip|" + a.address }
func (a loginAttempt) pairKey() string    { return "pair|" + a.email + "|" + a.address }
func (a loginAttempt) accountKey() string { return "user|" + a.email }
func (a loginAttempt) deviceKey() string  { return "device|" + a.device }

// admit returns how long the attempt must wait; zero admits it and counts
// it against its address. A browser holding the account's device cookie
// is held to its own count only: a guesser cannot make that cookie, and
// sharing an address with one must not lock the owner out.
func (l *loginLimiter) admit(a loginAttempt) time.Duration {
	var wait time.Duration
	if a.device != "" {
		wait = l.wait(a.deviceKey(), loginFailsPerDevice)
	} else {
		wait = max(l.wait(a.addressKey(), loginPerAddress), l.wait(a.pairKey(), loginFailsPerPair),
			l.wait(a.accountKey(), loginFailsPerAccount))
	}
	if wait == 0 {
		l.add(a.addressKey())
	}
	return wait
}

// failed counts a wrong email or password.
func (l *loginLimiter) failed(a loginAttempt) {
	l.add(a.pairKey())
	l.add(a.accountKey())
	if a.device != "" {
		l.add(a.deviceKey())
	}
}

// succeeded clears what the attempt's own browser and address had failed.
// The account's count stays: the owner signing in does not give a guesser
// elsewhere a fresh allowance.
func (l *loginLimiter) succeeded(a loginAttempt) {
	l.reset(a.pairKey())
	if a.device != "" {
		l.reset(a.deviceKey())
	}
}

// loginLimiter counts sign-in attempts in memory. One canvass process
// serves an installation (the embedded database allows no other), so a
// process-local count is the whole count.
type loginLimiter struct {
	mu      sync.Mutex
	now     func() time.Time
	entries map[string]*attempts
	// devices signs device cookies (login_device.go).
	devices deviceSigner
}

type attempts struct {
	start time.Time
	n     int
}

func newLoginLimiter() *loginLimiter {
	return &loginLimiter{now: time.Now, entries: map[string]*attempts{}, devices: newDeviceSigner()}
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
