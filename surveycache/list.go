package surveycache

import (
	"context"
	"sync"
	"time"

	"canvass/surveys"
)

// List keeps the surveys a route needs on every request (the SMS webhook
// per message, the home page per visit) for a time to live. Records it
// hands out are shared: callers must not change them.
type List struct {
	store interface {
		Surveys(ctx context.Context) ([]*surveys.Record, error)
	}
	ttl  time.Duration
	keep func(*surveys.Record) bool

	mu         sync.Mutex
	list       []*surveys.Record
	at         time.Time
	refreshing bool
}

// NewList wraps st, keeping the surveys keep accepts. A ttl ≤ 0 reads the
// store every time.
func NewList(st interface {
	Surveys(ctx context.Context) ([]*surveys.Record, error)
}, ttl time.Duration, keep func(*surveys.Record) bool) *List {
	return &List{store: st, ttl: ttl, keep: keep}
}

// Surveys returns the surveys kept.
//
// When the list is stale one caller refreshes it while the others go on
// with the stale one: were they all to wait for the refresh, which queues
// behind every other database call when the server is busy, every message
// would stall at once each time to live (measured: most of 1,000
// concurrent conversations' texts hit the 10 s limit together). A failed
// refresh keeps the stale list for the next caller to try again.
func (c *List) Surveys(ctx context.Context) ([]*surveys.Record, error) {
	c.mu.Lock()
	stale := c.list
	if stale != nil && c.ttl > 0 && (time.Since(c.at) < c.ttl || c.refreshing) {
		c.mu.Unlock()
		return stale, nil
	}
	c.refreshing = true
	c.mu.Unlock()
	recs, err := c.store.Surveys(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.refreshing = false
	if err != nil {
		if stale != nil && c.ttl > 0 {
			return stale, nil
		}
		return nil, err
	}
	list := make([]*surveys.Record, 0, len(recs))
	for _, r := range recs {
		if c.keep(r) {
			list = append(list, r)
		}
	}
	c.list, c.at = list, time.Now()
	return list, nil
}
