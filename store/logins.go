package store

import (
	"context"
	"sort"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"canvass/auth"
	"canvass/surveys"
)

// The logins collection holds server-side sessions, keyed by the hash of
// the cookie's token, so each signed-in request is one {_id} lookup.
// Neither FerretDB nor canvass relies on TTL indexes (ferretdb.md rule 5):
// Login refuses an expired session itself, and SweepLogins deletes them.
const loginsColl = "logins"

func loginIndexes() []index {
	return []index{{collection: loginsColl, keys: bson.D{{Key: "user_id", Value: 1}}, name: "user"}}
}

// CreateLogin stores a new session, setting its times from the store's
// clock: it lasts auth.SessionIdle unused, auth.SessionMaxAge at most.
func (s *Store) CreateLogin(ctx context.Context, l *auth.Login) error {
	now := s.now()
	l.CreatedAt, l.SeenAt = now, now
	l.Deadline = now.Add(auth.SessionMaxAge)
	l.ExpiresAt = minTime(l.Deadline, now.Add(auth.SessionIdle))
	_, err := s.db.Collection(loginsColl).InsertOne(ctx, l)
	return dbError(err)
}

// UseLogin returns the live session with the given token hash and, when it
// was last seen more than auth.SessionTouch ago, extends it. A session past
// its expiry is deleted and reported as not found, whether or not a sweep
// has run.
func (s *Store) UseLogin(ctx context.Context, id string) (*auth.Login, error) {
	var l auth.Login
	err := s.findByID(ctx, loginsColl, id, &l)
	if err != nil {
		return nil, notFound(err, "session.not_found", nil)
	}
	now := s.now()
	if !now.Before(l.ExpiresAt) {
		_ = s.DeleteLogin(ctx, id)
		return nil, surveys.Errorf(surveys.ErrNotFound, "session.not_found", nil)
	}
	if now.Sub(l.SeenAt) >= auth.SessionTouch {
		l.SeenAt, l.ExpiresAt = now, minTime(l.Deadline, now.Add(auth.SessionIdle))
		_, err := s.writer.Collection(loginsColl).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "seen_at", Value: l.SeenAt}, {Key: "expires_at", Value: l.ExpiresAt}}}})
		if err != nil {
			return nil, dbError(err)
		}
	}
	return &l, nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// DeleteLogin ends one session (sign out). Ending one already gone is not
// an error.
func (s *Store) DeleteLogin(ctx context.Context, id string) error {
	_, err := s.writer.Collection(loginsColl).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
	return dbError(err)
}

// DeleteUserLogins ends every session of a user (sign out everywhere, a
// password change, a role change, a disabled account) and says how many.
func (s *Store) DeleteUserLogins(ctx context.Context, userID string) (int64, error) {
	res, err := s.writer.Collection(loginsColl).DeleteMany(ctx, bson.D{{Key: "user_id", Value: userID}})
	if err != nil {
		return 0, dbError(err)
	}
	return res.DeletedCount, nil
}

// UserLogins returns a user's live sessions, newest first.
func (s *Store) UserLogins(ctx context.Context, userID string) ([]*auth.Login, error) {
	cur, err := s.db.Collection(loginsColl).Find(ctx, bson.D{{Key: "user_id", Value: userID}, {Key: "expires_at", Value: bson.D{{Key: "$gt", Value: s.now()}}}})
	if err != nil {
		return nil, dbError(err)
	}
	var out []*auth.Login
	if err := cur.All(ctx, &out); err != nil {
		return nil, dbError(err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CreatedAt.After(out[j].CreatedAt) })
	return out, nil
}

// SweepLogins deletes every expired session and says how many. Sessions
// only accumulate through sign-ins, so running it at each sign-in keeps
// the collection to the sessions of one lifetime.
func (s *Store) SweepLogins(ctx context.Context) (int64, error) {
	res, err := s.writer.Collection(loginsColl).DeleteMany(ctx, bson.D{{Key: "expires_at", Value: bson.D{{Key: "$lte", Value: s.now()}}}})
	if err != nil {
		return 0, dbError(err)
	}
	return res.DeletedCount, nil
}
