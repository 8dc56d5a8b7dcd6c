package auth

import (
	"net/mail"
	"strings"
	"time"
)

// User is one person who signs in: an organizer, staff member, partner or
// admin. Residents never have accounts.
type User struct {
	ID    string `bson:"_id" json:"id"`
	Email string `bson:"email" json:"email"`
	Name  string `bson:"name,omitempty" json:"name,omitempty"`
	Role  Role   `bson:"role" json:"role"`
	// Neighborhoods limits a partner's results to these neighborhood IDs;
	// empty means every neighborhood.
	Neighborhoods []string `bson:"neighborhoods,omitempty" json:"neighborhoods,omitempty"`
	// PasswordHash is an argon2id PHC string; never leaves the server.
	PasswordHash string    `bson:"password_hash" json:"-"`
	Disabled     bool      `bson:"disabled,omitempty" json:"disabled,omitempty"`
	CreatedAt    time.Time `bson:"created_at" json:"created_at"`
	UpdatedAt    time.Time `bson:"updated_at" json:"updated_at"`
	LastLoginAt  time.Time `bson:"last_login_at,omitempty" json:"last_login_at,omitzero"`
}

// Principal returns the principal a signed-in user acts as.
func (u *User) Principal() *Principal {
	return &Principal{ID: u.ID, Email: u.Email, Role: u.Role, Neighborhoods: u.Neighborhoods}
}

// UserChange is an admin's edit of a user; nil fields stay as they are.
type UserChange struct {
	Name          *string
	Role          *Role
	Neighborhoods *[]string
	Disabled      *bool
}

// NormalizeEmail lower-cases and trims an address so one person has one
// account however they type it.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// EmailProblem returns the message ID of what is wrong with an address, or
// "" when it is acceptable.
func EmailProblem(email string) string {
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || !strings.Contains(email, "@") || len(email) > 254 {
		return "user.email_invalid"
	}
	return ""
}

// Login is one server-side session: the cookie holds a random token, the
// database only its hash (ID), so a copy of the database signs nobody in.
type Login struct {
	ID        string    `bson:"_id"` // HashToken(cookie value)
	UserID    string    `bson:"user_id"`
	CreatedAt time.Time `bson:"created_at"`
	// Deadline is absolute: the session ends then however active it is.
	Deadline time.Time `bson:"deadline"`
	// ExpiresAt is when the session ends if unused: SessionIdle after it
	// was last seen, never past Deadline. Reads refuse a session past it.
	ExpiresAt time.Time `bson:"expires_at"`
	// SeenAt is refreshed (at most every SessionTouch) while in use.
	SeenAt    time.Time `bson:"seen_at"`
	IP        string    `bson:"ip,omitempty"`
	UserAgent string    `bson:"user_agent,omitempty"`
}

// Session lifetimes. An organizer's working day fits in SessionMaxAge; a
// laptop left open at a community centre signs itself out after
// SessionIdle.
const (
	SessionMaxAge = 12 * time.Hour
	SessionIdle   = 2 * time.Hour
	// SessionTouch is how stale SeenAt may get before a request writes it:
	// most requests of an active session then cost one read, no write.
	SessionTouch = 5 * time.Minute
)

// APIToken is one per-user token for scripts. The token itself is shown
// once at creation; the database keeps HashToken of it as the ID.
type APIToken struct {
	ID        string    `bson:"_id"` // HashToken(token)
	PublicID  string    `bson:"public_id"`
	UserID    string    `bson:"user_id"`
	Name      string    `bson:"name"`
	CreatedAt time.Time `bson:"created_at"`
	// ExpiresAt is optional; zero means the token lasts until revoked.
	ExpiresAt  time.Time `bson:"expires_at,omitempty"`
	LastUsedAt time.Time `bson:"last_used_at,omitempty"`
}

// Expired reports whether the token has passed its expiry.
func (t *APIToken) Expired(now time.Time) bool {
	return !t.ExpiresAt.IsZero() && !now.Before(t.ExpiresAt)
}
