// Package surveycache keeps surveys in memory for the routes residents
// reach: the web form reads one survey per page, the SMS webhook the list
// of SMS surveys per message, the home page the open ones per visit. A survey is one large document (every text
// in every language, and its source); reading it per request cost most of
// a form page's time on the embedded database. A change (closing, a new
// version) reaches residents within the cache's time to live.
package surveycache

import (
	"context"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"canvass/surveys"
)

// BySlug keeps surveys read one at a time (the web form). Records it
// hands out are shared: callers must not change them.
type BySlug struct {
	store interface {
		Survey(ctx context.Context, slug string) (*surveys.Record, error)
	}
	ttl   time.Duration
	reads singleflight.Group

	mu    sync.Mutex
	items map[string]cached
}

type cached struct {
	rec     *surveys.Record
	expires time.Time
}

// NewBySlug wraps st. A ttl ≤ 0 reads the store every time.
func NewBySlug(st interface {
	Survey(ctx context.Context, slug string) (*surveys.Record, error)
}, ttl time.Duration) *BySlug {
	return &BySlug{store: st, ttl: ttl, items: map[string]cached{}}
}

// Survey returns the survey with the given slug, from memory when read
// less than its time to live ago. Only found surveys are kept, so unknown
// slugs cannot fill the cache; concurrent misses for one slug share a
// single read.
func (c *BySlug) Survey(ctx context.Context, slug string) (*surveys.Record, error) {
	if c.ttl <= 0 {
		return c.store.Survey(ctx, slug)
	}
	now := time.Now()
	c.mu.Lock()
	item, ok := c.items[slug]
	c.mu.Unlock()
	if ok && now.Before(item.expires) {
		return item.rec, nil
	}
	v, err, _ := c.reads.Do(slug, func() (any, error) {
		// Detached from the request that happens to lead, so its client
		// hanging up does not fail the others waiting for the same read.
		rec, err := c.store.Survey(context.WithoutCancel(ctx), slug)
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		for k, it := range c.items { // the map stays as small as the live surveys
			if now.After(it.expires) {
				delete(c.items, k)
			}
		}
		c.items[slug] = cached{rec: rec, expires: time.Now().Add(c.ttl)}
		return rec, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*surveys.Record), nil
}

// SMSStore is what the SMS list reads.
type SMSStore interface {
	Surveys(ctx context.Context) ([]*surveys.Record, error)
	SurveyVersion(ctx context.Context, slug string, version int) (*surveys.Survey, error)
}

// SMSList keeps the surveys the SMS webhook needs for every message:
// keywords, the session's definition, whether it is still open.
type SMSList struct {
	*List
	store SMSStore

	mu sync.Mutex
	// versions holds past versions by "slug|version": a version that is
	// no longer current never changes.
	versions map[string]*surveys.Survey
}

// NewSMSList wraps st: the surveys that have an SMS keyword, whatever
// their status (a resident may still be in the middle of one just
// closed). A ttl ≤ 0 reads the store for every message.
func NewSMSList(st SMSStore, ttl time.Duration) *SMSList {
	hasSMS := func(r *surveys.Record) bool { return r.SMS != nil }
	return &SMSList{List: NewList(st, ttl, hasSMS), store: st, versions: map[string]*surveys.Survey{}}
}

// Version returns the definition of version v of rec: the current one, or
// a past version (a conversation started on it), which is kept for good.
// A version the store no longer has is read as the current definition.
func (c *SMSList) Version(ctx context.Context, rec *surveys.Record, v int) (*surveys.Survey, error) {
	if rec.Version == v {
		return &rec.Survey, nil
	}
	key := rec.Slug + "|" + strconv.Itoa(v)
	c.mu.Lock()
	def, ok := c.versions[key]
	c.mu.Unlock()
	if ok {
		return def, nil
	}
	def, err := c.store.SurveyVersion(ctx, rec.Slug, v)
	if surveys.IsNotFound(err) {
		return &rec.Survey, nil
	}
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.versions[key] = def
	c.mu.Unlock()
	return def, nil
}
