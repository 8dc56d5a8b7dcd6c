package store

import (
	"context"
	"sort"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"canvass/auth"
	"canvass/surveys"
)

// The users collection holds the people who sign in (never residents),
// keyed by a random ID so an audit entry names a person even if their
// address changes. It holds tens of documents, so finding one by email, a
// scan on the embedded database, costs nothing.
const (
	usersColl = "users"
	// setupColl holds a marker inserted when the first admin is created,
	// so two racing first-start requests cannot both create one.
	setupColl = "setup"
)

func userIndexes() []index {
	return []index{{collection: usersColl, keys: bson.D{{Key: "email", Value: 1}}, unique: true, name: "email"}}
}

// CreateUser stores a new user. The email must be normalized and unused.
func (s *Store) CreateUser(ctx context.Context, u *auth.User) error {
	if u.ID == "" {
		u.ID = auth.NewID("u_")
	}
	now := s.now()
	u.CreatedAt, u.UpdatedAt = now, now
	if _, err := s.db.Collection(usersColl).InsertOne(ctx, u); err != nil {
		if mongo.IsDuplicateKeyError(err) {
			return surveys.Errorf(surveys.ErrConflict, "user.exists", map[string]any{"Email": u.Email})
		}
		return dbError(err)
	}
	return nil
}

// CreateFirstAdmin creates u only if no first admin was ever created: the
// marker's unique _id makes the check and the claim one atomic insert.
func (s *Store) CreateFirstAdmin(ctx context.Context, u *auth.User) error {
	n, err := s.CountUsers(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		return surveys.Errorf(surveys.ErrConflict, "setup.done", nil)
	}
	marker := bson.D{{Key: "_id", Value: "first-admin"}, {Key: "email", Value: u.Email}, {Key: "at", Value: s.now()}}
	if _, err := s.db.Collection(setupColl).InsertOne(ctx, marker); err != nil {
		if mongo.IsDuplicateKeyError(err) {
			return surveys.Errorf(surveys.ErrConflict, "setup.done", nil)
		}
		return dbError(err)
	}
	return s.CreateUser(ctx, u)
}

// CountUsers returns how many users exist; zero means first start.
func (s *Store) CountUsers(ctx context.Context) (int64, error) {
	n, err := s.db.Collection(usersColl).CountDocuments(ctx, bson.D{})
	return n, dbError(err)
}

// User returns the user with the given ID.
func (s *Store) User(ctx context.Context, id string) (*auth.User, error) {
	var u auth.User
	err := s.findByID(ctx, usersColl, id, &u)
	if err != nil {
		return nil, notFound(err, "user.not_found", nil)
	}
	return &u, nil
}

// UserByEmail returns the user with the given (normalized) email.
func (s *Store) UserByEmail(ctx context.Context, email string) (*auth.User, error) {
	var u auth.User
	err := s.db.Collection(usersColl).FindOne(ctx, bson.D{{Key: "email", Value: email}}).Decode(&u)
	if err != nil {
		return nil, notFound(err, "user.not_found", nil)
	}
	return &u, nil
}

// Users returns every user, by email.
func (s *Store) Users(ctx context.Context) ([]*auth.User, error) {
	cur, err := s.db.Collection(usersColl).Find(ctx, bson.D{})
	if err != nil {
		return nil, dbError(err)
	}
	var out []*auth.User
	if err := cur.All(ctx, &out); err != nil {
		return nil, dbError(err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Email < out[j].Email })
	return out, nil
}

// UpdateUser applies a change and returns the user as it now is.
func (s *Store) UpdateUser(ctx context.Context, id string, ch auth.UserChange) (*auth.User, error) {
	set := bson.D{{Key: "updated_at", Value: s.now()}}
	if ch.Name != nil {
		set = append(set, bson.E{Key: "name", Value: *ch.Name})
	}
	if ch.Role != nil {
		set = append(set, bson.E{Key: "role", Value: *ch.Role})
	}
	if ch.Neighborhoods != nil {
		set = append(set, bson.E{Key: "neighborhoods", Value: *ch.Neighborhoods})
	}
	if ch.Disabled != nil {
		set = append(set, bson.E{Key: "disabled", Value: *ch.Disabled})
	}
	return s.updateUser(ctx, id, set)
}

// SetPassword replaces a user's password hash.
func (s *Store) SetPassword(ctx context.Context, id, hash string) error {
	_, err := s.updateUser(ctx, id, bson.D{{Key: "password_hash", Value: hash}, {Key: "updated_at", Value: s.now()}})
	return err
}

// RecordLogin notes a successful sign-in.
func (s *Store) RecordLogin(ctx context.Context, id string) error {
	_, err := s.updateUser(ctx, id, bson.D{{Key: "last_login_at", Value: s.now()}})
	return err
}

func (s *Store) updateUser(ctx context.Context, id string, set bson.D) (*auth.User, error) {
	var u auth.User
	err := s.writer.Collection(usersColl).FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: set}}, options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&u)
	if err != nil {
		return nil, notFound(err, "user.not_found", nil)
	}
	return &u, nil
}
