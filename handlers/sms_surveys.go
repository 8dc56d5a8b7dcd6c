package handlers

import (
	"context"
	"strconv"
	"sync"
	"time"

	"canvass/surveys"
)

// surveyCache keeps the SMS surveys between messages. Every message needs
// them (keywords, the session's definition, whether it is still open), and
// reading every survey's full definition for each text would cost more
// than the rest of the turn.
type surveyCache struct {
	st  SMSStore
	ttl time.Duration

	mu         sync.Mutex
	at         time.Time
	all        []*surveys.Record
	refreshing bool
	versions   map[string]*surveys.Survey // "slug|version" of past versions
}

// list returns the surveys that have an SMS keyword, whatever their
// status: a resident may still be in the middle of one just closed.
//
// When the list is stale one message refreshes it while the others go on
// with the stale one: were they all to wait for the refresh, which queues
// behind every other database call when the server is busy, every message
// would stall at once each ttl (measured: most of 1,000 concurrent
// conversations' texts hit the 10 s limit together).
func (c *surveyCache) list(ctx context.Context) ([]*surveys.Record, error) {
	c.mu.Lock()
	stale := c.all
	if stale != nil && c.ttl > 0 && (time.Since(c.at) < c.ttl || c.refreshing) {
		c.mu.Unlock()
		return stale, nil
	}
	c.refreshing = true
	c.mu.Unlock()
	recs, err := c.st.Surveys(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.refreshing = false
	if err != nil {
		if stale != nil && c.ttl > 0 {
			return stale, nil // try again with the next message
		}
		return nil, err
	}
	all := make([]*surveys.Record, 0, len(recs))
	for _, r := range recs {
		if r.SMS != nil {
			all = append(all, r)
		}
	}
	c.all, c.at = all, time.Now()
	return all, nil
}

// definition returns the definition of version v of a survey: the
// current one, or a past version a conversation started on, which never
// changes once it has responses and is kept for good.
func (c *surveyCache) definition(ctx context.Context, rec *surveys.Record, v int) (*surveys.Survey, error) {
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
	def, err := c.st.SurveyVersion(ctx, rec.Slug, v)
	if surveys.IsNotFound(err) {
		return &rec.Survey, nil // carry on with the current definition
	}
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.versions == nil {
		c.versions = map[string]*surveys.Survey{}
	}
	c.versions[key] = def
	c.mu.Unlock()
	return def, nil
}
