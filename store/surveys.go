package store

import (
	"context"
	"errors"
	"sort"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"canvass/surveys"
)

// The surveys collection holds each survey's current definition and status,
// keyed by slug; survey_versions keeps every version ever answered, keyed
// "slug|version", so a response can always be read against the definition
// its resident saw.
const (
	surveysColl  = "surveys"
	versionsColl = "survey_versions"
)

func surveyIndexes() []index {
	return []index{{collection: surveysColl}, {collection: versionsColl, keys: bson.D{{Key: "slug", Value: 1}, {Key: "version", Value: 1}}, unique: true, name: "slug_version"}}
}

type versionDoc struct {
	ID             string `bson:"_id"`
	Slug           string `bson:"slug"`
	Version        int    `bson:"version"`
	surveys.Survey `bson:"survey"`
}

func versionID(slug string, v int) string { return slug + "|" + itoa(v) }

// CreateSurvey stores a new survey as a draft, version 1.
func (s *Store) CreateSurvey(ctx context.Context, def *surveys.Survey, source string) (*surveys.Record, error) {
	now := s.now()
	rec := &surveys.Record{Survey: *def, Status: surveys.StatusDraft, Version: 1, Source: source, CreatedAt: now, UpdatedAt: now}
	doc := recordDoc{ID: def.Slug, Record: *rec}
	if _, err := s.db.Collection(surveysColl).InsertOne(ctx, doc); err != nil {
		if mongo.IsDuplicateKeyError(err) {
			return nil, surveys.Errorf(surveys.ErrConflict, "survey.exists", map[string]any{"Slug": def.Slug})
		}
		return nil, dbError(err)
	}
	if err := s.saveVersion(ctx, def, 1); err != nil {
		return nil, err
	}
	return rec, nil
}

// recordDoc is a Record as stored: the slug doubles as _id so the hot path
// looks surveys up by exactly {_id: slug}, the one filter FerretDB pushes
// down to SQLite.
type recordDoc struct {
	ID             string `bson:"_id"`
	surveys.Record `bson:",inline"`
}

// Survey returns the survey with the given slug.
func (s *Store) Survey(ctx context.Context, slug string) (*surveys.Record, error) {
	var doc recordDoc
	err := s.findByID(ctx, surveysColl, slug, &doc)
	if err != nil {
		return nil, notFound(err, "survey.not_found", map[string]any{"Slug": slug})
	}
	if doc.Responses, err = s.ResponseCount(ctx, slug); err != nil {
		return nil, err
	}
	return &doc.Record, nil
}

// Surveys returns every survey, newest first. The collection holds one
// document per survey, so reading it whole is cheap.
func (s *Store) Surveys(ctx context.Context) ([]*surveys.Record, error) {
	cur, err := s.db.Collection(surveysColl).Find(ctx, bson.D{})
	if err != nil {
		return nil, dbError(err)
	}
	var docs []recordDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, dbError(err)
	}
	out := make([]*surveys.Record, len(docs))
	for i := range docs {
		out[i] = &docs[i].Record
		if out[i].Responses, err = s.ResponseCount(ctx, out[i].Slug); err != nil {
			return nil, err
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].CreatedAt.Equal(out[j].CreatedAt) {
			return out[i].CreatedAt.After(out[j].CreatedAt)
		}
		return out[i].Slug < out[j].Slug
	})
	return out, nil
}

// OpenSurveys returns the surveys now open.
func (s *Store) OpenSurveys(ctx context.Context) ([]*surveys.Record, error) {
	all, err := s.Surveys(ctx)
	if err != nil {
		return nil, err
	}
	open := all[:0]
	for _, r := range all {
		if r.Status == surveys.StatusOpen {
			open = append(open, r)
		}
	}
	return open, nil
}

// UpdateSurvey replaces a survey's definition. A survey nobody has answered
// yet is changed in place; once it has responses the change becomes a new
// version, and the responses keep the version they answered.
//
// The survey's gate is held throughout, so no response of it is being
// stored between reading its count and changing it in place.
func (s *Store) UpdateSurvey(ctx context.Context, def *surveys.Survey, source string) (*surveys.Record, error) {
	gate := s.gates.get(def.Slug)
	gate.Lock()
	defer gate.Unlock()
	cur, err := s.Survey(ctx, def.Slug)
	if err != nil {
		return nil, err
	}
	version := cur.Version
	if cur.Responses > 0 {
		version++
	}
	filter := bson.D{{Key: "_id", Value: def.Slug}, {Key: "version", Value: cur.Version}}
	set := bson.D{{Key: "$set", Value: surveyFields(def, version, source, s.now())}}
	after := options.FindOneAndUpdate().SetReturnDocument(options.After)
	var doc recordDoc
	err = s.writer.Collection(surveysColl).FindOneAndUpdate(ctx, filter, set, after).Decode(&doc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		// A response or another edit arrived between the read and the
		// write; the organizer should look again rather than overwrite.
		return nil, surveys.Errorf(surveys.ErrConflict, "survey.changed", map[string]any{"Slug": def.Slug})
	}
	if err != nil {
		return nil, dbError(err)
	}
	if err := s.saveVersion(ctx, def, version); err != nil {
		return nil, err
	}
	doc.Responses = cur.Responses
	return &doc.Record, nil
}

// surveyFields is the $set document of a new definition: each top-level
// definition field, so status and counters are left alone.
func surveyFields(def *surveys.Survey, version int, source string, now any) bson.D {
	raw, _ := bson.Marshal(def)
	var fields bson.D
	_ = bson.Unmarshal(raw, &fields)
	// Fields the new definition leaves out must not survive from the old.
	for _, k := range []string{"series", "round", "intro", "thanks", "invitation", "public_results", "sms"} {
		if !hasKey(fields, k) {
			fields = append(fields, bson.E{Key: k, Value: nil})
		}
	}
	return append(fields, bson.E{Key: "version", Value: version}, bson.E{Key: "source", Value: source}, bson.E{Key: "updated_at", Value: now})
}

func hasKey(d bson.D, k string) bool {
	for _, e := range d {
		if e.Key == k {
			return true
		}
	}
	return false
}

func (s *Store) saveVersion(ctx context.Context, def *surveys.Survey, version int) error {
	doc := versionDoc{ID: versionID(def.Slug, version), Slug: def.Slug, Version: version, Survey: *def}
	_, err := s.writer.Collection(versionsColl).ReplaceOne(ctx, bson.D{{Key: "_id", Value: doc.ID}}, doc, options.Replace().SetUpsert(true))
	return dbError(err)
}

// SurveyVersion returns the definition of one version of a survey.
func (s *Store) SurveyVersion(ctx context.Context, slug string, version int) (*surveys.Survey, error) {
	var doc versionDoc
	err := s.db.Collection(versionsColl).FindOne(ctx, bson.D{{Key: "_id", Value: versionID(slug, version)}}).Decode(&doc)
	if err != nil {
		return nil, notFound(err, "survey.not_found", map[string]any{"Slug": slug})
	}
	return &doc.Survey, nil
}

// SetSurveyStatus opens or closes a survey and returns it as it now is.
func (s *Store) SetSurveyStatus(ctx context.Context, slug string, status surveys.Status) (*surveys.Record, error) {
	set := bson.D{{Key: "status", Value: status}, {Key: "updated_at", Value: s.now()}}
	switch status {
	case surveys.StatusOpen:
		set = append(set, bson.E{Key: "opened_at", Value: s.now()})
	case surveys.StatusClosed:
		set = append(set, bson.E{Key: "closed_at", Value: s.now()})
	}
	var doc recordDoc
	err := s.writer.Collection(surveysColl).FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: slug}},
		bson.D{{Key: "$set", Value: set}}, options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&doc)
	if err != nil {
		return nil, notFound(err, "survey.not_found", map[string]any{"Slug": slug})
	}
	return &doc.Record, nil
}
