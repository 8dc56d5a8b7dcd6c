package auth

import "context"

// Revoker ends a user's ways in: their browser sessions and API tokens.
type Revoker interface {
	DeleteUserLogins(ctx context.Context, userID string) (int64, error)
	DeleteUserAPITokens(ctx context.Context, userID string) (int64, error)
}

// Revoked counts what RevokeAccess ended.
type Revoked struct {
	Sessions, Tokens int64
}

// RevokeAccess ends every session and every API token of a user. It follows
// a new password (set by an admin, on the command line, or by the user,
// unless they chose to keep their tokens), a disabled account and a new
// role: whoever knew the old password could have made a token that the
// new one would not end, and a token made for one role should not quietly
// carry on under another.
func RevokeAccess(ctx context.Context, r Revoker, userID string) (Revoked, error) {
	var out Revoked
	var err error
	if out.Sessions, err = r.DeleteUserLogins(ctx, userID); err != nil {
		return out, err
	}
	out.Tokens, err = r.DeleteUserAPITokens(ctx, userID)
	return out, err
}

// ChangeRevokes reports whether an admin's change of u ends the user's
// sessions and tokens (RevokeAccess): a new role, or an account disabled.
// A new name or (for a partner) new neighborhoods does not: every request
// reads the user afresh, so those take effect at once anyway.
func ChangeRevokes(u *User, ch UserChange) bool {
	return ch.Role != nil && *ch.Role != u.Role || ch.Disabled != nil && *ch.Disabled && !u.Disabled
}
