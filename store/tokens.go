package store

import (
	"context"
	"sort"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"canvass/auth"
	"canvass/surveys"
)

// The api_tokens collection holds per-user API tokens by auth.HashToken of
// the token, so authenticating a script's request is exactly one {_id}
// lookup (plus one for its user). The token itself is never stored.
const tokensColl = "api_tokens"

// tokenUseGranularity bounds how often a token's last use is written: a
// script calling every second should not turn each read into a write.
const tokenUseGranularity = time.Hour

func tokenIndexes() []index {
	return []index{{collection: tokensColl, keys: bson.D{{Key: "user_id", Value: 1}}, name: "user"}}
}

// CreateAPIToken stores a new token (its ID already the token's hash).
func (s *Store) CreateAPIToken(ctx context.Context, t *auth.APIToken) error {
	t.PublicID = auth.TokenID(t.ID)
	t.CreatedAt = s.now()
	_, err := s.db.Collection(tokensColl).InsertOne(ctx, t)
	return dbError(err)
}

// APIToken returns the token with the given hash.
func (s *Store) APIToken(ctx context.Context, hash string) (*auth.APIToken, error) {
	var t auth.APIToken
	err := s.findByID(ctx, tokensColl, hash, &t)
	if err != nil {
		return nil, notFound(err, "token.not_found", nil)
	}
	return &t, nil
}

// UserAPITokens returns a user's tokens, newest first.
func (s *Store) UserAPITokens(ctx context.Context, userID string) ([]*auth.APIToken, error) {
	cur, err := s.db.Collection(tokensColl).Find(ctx, bson.D{{Key: "user_id", Value: userID}})
	if err != nil {
		return nil, dbError(err)
	}
	var out []*auth.APIToken
	if err := cur.All(ctx, &out); err != nil {
		return nil, dbError(err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CreatedAt.After(out[j].CreatedAt) })
	return out, nil
}

// DeleteAPIToken revokes one of a user's tokens by its public ID and
// returns it; the user ID in the filter keeps one user from revoking
// another's token by guessing IDs.
func (s *Store) DeleteAPIToken(ctx context.Context, userID, publicID string) (*auth.APIToken, error) {
	var t auth.APIToken
	err := s.writer.Collection(tokensColl).FindOneAndDelete(ctx, bson.D{{Key: "user_id", Value: userID}, {Key: "public_id", Value: publicID}}).Decode(&t)
	if err != nil {
		return nil, notFound(err, "token.not_found", nil)
	}
	return &t, nil
}

// DeleteUserAPITokens revokes every token of a user (auth.RevokeAccess)
// and says how many.
func (s *Store) DeleteUserAPITokens(ctx context.Context, userID string) (int64, error) {
	res, err := s.writer.Collection(tokensColl).DeleteMany(ctx, bson.D{{Key: "user_id", Value: userID}})
	if err != nil {
		return 0, dbError(err)
	}
	return res.DeletedCount, nil
}

// Authenticate turns an API token into the principal of its user. An
// unknown, expired or revoked token, or one of a disabled user, is
// unauthorized.
func (s *Store) Authenticate(ctx context.Context, token string) (*auth.Principal, error) {
	hash := auth.HashToken(token)
	t, err := s.APIToken(ctx, hash)
	if surveys.IsNotFound(err) {
		return nil, surveys.Errorf(surveys.ErrUnauthorized, "error.unauthorized", nil)
	}
	if err != nil {
		return nil, err
	}
	now := s.now()
	if t.Expired(now) {
		return nil, surveys.Errorf(surveys.ErrUnauthorized, "error.unauthorized", nil)
	}
	u, err := s.User(ctx, t.UserID)
	if surveys.IsNotFound(err) || (err == nil && u.Disabled) {
		return nil, surveys.Errorf(surveys.ErrUnauthorized, "error.unauthorized", nil)
	}
	if err != nil {
		return nil, err
	}
	if now.Sub(t.LastUsedAt) >= tokenUseGranularity {
		_, err := s.writer.Collection(tokensColl).UpdateOne(ctx, bson.D{{Key: "_id", Value: hash}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "last_used_at", Value: now}}}})
		if err != nil {
			return nil, dbError(err)
		}
	}
	p := u.Principal()
	p.Via = auth.ViaToken
	return p, nil
}
