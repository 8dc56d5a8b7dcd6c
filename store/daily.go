package store

import (
	"context"
	"errors"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"canvass/surveys"
)

// The daily_counts collection counts each survey's responses per day, by
// channel, language and neighborhood, so the organizers' page shows
// today's numbers with one {_id: "<slug>|<YYYY-MM-DD>"} lookup per survey
// instead of reading responses (ferretdb.md rule 3). Days follow the
// server's time zone (TZ), where organizers usually are.
const dailyColl = "daily_counts"

// unknownKey counts answers that have no usable key (a response without
// a neighborhood, or a value that cannot be a field name).
const unknownKey = "unknown"

// dayOf is the day a time falls on, in the server's zone.
func dayOf(t time.Time) string { return t.In(time.Local).Format(time.DateOnly) }

func dailyID(slug, day string) string { return slug + "|" + day }

// countKey makes a value safe as a field name: MongoDB reserves "." and a
// leading "$" (ferretdb.md rule 5).
func countKey(v string) string {
	if v == "" || strings.ContainsAny(v, ".$\x00") {
		return unknownKey
	}
	return v
}

// dayTally is what some responses of one survey add to one day's counts.
type dayTally struct {
	survey, day string
	total       int64
	by          map[string]int64 // "channel.web", "language.es", "neighborhood.riverside"
}

func newDayTally(slug, day string) *dayTally {
	return &dayTally{survey: slug, day: day, by: map[string]int64{}}
}

// add counts one response of the tally's survey and day.
func (d *dayTally) add(r *surveys.Response) {
	d.total++
	d.by["channel."+countKey(r.Channel)]++
	d.by["language."+countKey(r.Language)]++
	d.by["neighborhood."+countKey(r.Neighborhood)]++
}

// addDay adds a day tally to its stored counts, one upserted $inc.
func (s *Store) addDay(ctx context.Context, d *dayTally) error {
	inc := bson.D{{Key: "total", Value: d.total}}
	for _, k := range sortedKeys(d.by) {
		inc = append(inc, bson.E{Key: k, Value: d.by[k]})
	}
	update := bson.D{
		{Key: "$inc", Value: inc},
		{Key: "$setOnInsert", Value: bson.D{{Key: "survey", Value: d.survey}, {Key: "day", Value: d.day}}},
	}
	filter := bson.D{{Key: "_id", Value: dailyID(d.survey, d.day)}}
	opts := options.UpdateOne().SetUpsert(true)
	_, err := s.writer.Collection(dailyColl).UpdateOne(ctx, filter, update, opts)
	if mongo.IsDuplicateKeyError(err) {
		// On MongoDB two first responses of a day can race to insert the
		// document; the loser's retry finds it and increments.
		_, err = s.writer.Collection(dailyColl).UpdateOne(ctx, filter, update, opts)
	}
	return dbError(err)
}

// DayCounts returns a survey's counts on day (YYYY-MM-DD); a day without
// responses has zero counts, not an error.
func (s *Store) DayCounts(ctx context.Context, slug, day string) (*surveys.DayCounts, error) {
	d := surveys.DayCounts{Survey: slug, Day: day}
	if err := s.syncCounts(ctx); err != nil {
		return nil, err
	}
	err := s.db.Collection(dailyColl).FindOne(ctx, bson.D{{Key: "_id", Value: dailyID(slug, day)}}).Decode(&d)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return nil, dbError(err)
	}
	return &d, nil
}

// TodayCounts returns a survey's counts today, by the store's clock.
func (s *Store) TodayCounts(ctx context.Context, slug string) (*surveys.DayCounts, error) {
	return s.DayCounts(ctx, slug, s.Today())
}

// Today is the current day key, by the store's clock.
func (s *Store) Today() string { return dayOf(s.now()) }

// RebuildDayCounts recounts one survey's daily counters from its stored
// responses, replacing what was there; counters that drifted (a crash
// between a response's insert and its count) come out right.
func (s *Store) RebuildDayCounts(ctx context.Context, slug string) (int, error) {
	days := dayFold{}
	err := s.EachResponse(ctx, slug, func(r *surveys.Response) error {
		days.add(r)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return s.replaceDayCounts(ctx, slug, days)
}

// dayFold is a survey's day counts folded from its responses, by day.
type dayFold map[string]*surveys.DayCounts

func (f dayFold) add(r *surveys.Response) {
	day := dayOf(r.CreatedAt)
	d := f[day]
	if d == nil {
		d = &surveys.DayCounts{Survey: r.Survey, Day: day, Channel: map[string]int64{}, Language: map[string]int64{}, Neighborhood: map[string]int64{}}
		f[day] = d
	}
	d.Total++
	d.Channel[countKey(r.Channel)]++
	d.Language[countKey(r.Language)]++
	d.Neighborhood[countKey(r.Neighborhood)]++
}

// replaceDayCounts writes a survey's day counts over the stored ones.
func (s *Store) replaceDayCounts(ctx context.Context, slug string, days dayFold) (int, error) {
	coll := s.writer.Collection(dailyColl)
	if _, err := coll.DeleteMany(ctx, bson.D{{Key: "survey", Value: slug}}); err != nil {
		return 0, dbError(err)
	}
	for day, d := range days {
		doc := struct {
			ID                 string `bson:"_id"`
			*surveys.DayCounts `bson:",inline"`
		}{dailyID(slug, day), d}
		if _, err := coll.InsertOne(ctx, doc); err != nil {
			return 0, dbError(err)
		}
	}
	return len(days), nil
}
