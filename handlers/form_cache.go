package handlers

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"canvass/surveys"
)

// defaultFormSurveyTTL is how long the form keeps a survey in memory. A
// survey is one document, but a large one (every text in every language,
// and its source): on the embedded database reading it cost about 9 ms of
// the 14 ms a form page took. A change (closing, a new version) reaches
// residents within this time.
const defaultFormSurveyTTL = 2 * time.Second

// formSurveyCache keeps recently read surveys for the form routes. Only found
// surveys are kept, so unknown slugs cannot fill it; concurrent misses for
// one slug share a single read. Records handed out are shared: callers
// must not change them.
type formSurveyCache struct {
	store FormStore
	ttl   time.Duration
	reads singleflight.Group

	mu    sync.Mutex
	items map[string]formCachedSurvey
}

type formCachedSurvey struct {
	rec     *surveys.Record
	expires time.Time
}

// newFormSurveyCache wraps store; a ttl ≤ 0 reads the store every time.
func newFormSurveyCache(store FormStore, ttl time.Duration) *formSurveyCache {
	return &formSurveyCache{store: store, ttl: ttl, items: map[string]formCachedSurvey{}}
}

// Survey returns the survey with the given slug, from memory when read
// less than ttl ago.
func (c *formSurveyCache) Survey(ctx context.Context, slug string) (*surveys.Record, error) {
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
		for k, it := range c.items { // drop what expired; the map stays as small as the live surveys
			if now.After(it.expires) {
				delete(c.items, k)
			}
		}
		c.items[slug] = formCachedSurvey{rec: rec, expires: time.Now().Add(c.ttl)}
		return rec, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*surveys.Record), nil
}
