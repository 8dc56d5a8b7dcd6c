// Package auth decides who may do what. Every permission of every route is
// decided here, in one table, so a reviewer reads the whole policy at once.
package auth

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
)

// Role is what a user is to the partnership.
type Role string

const (
	// RoleAdmin may do everything.
	RoleAdmin Role = "admin"
	// RoleOrganizer writes, launches and watches surveys and invites contacts.
	RoleOrganizer Role = "organizer"
	// RoleStaff reads results and exports, raw responses included.
	RoleStaff Role = "staff"
	// RolePartner reads aggregated results only, possibly of some
	// neighborhoods only.
	RolePartner Role = "partner"
)

// Roles lists every role, most powerful first.
var Roles = []Role{RoleAdmin, RoleOrganizer, RoleStaff, RolePartner}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Permission names one kind of action.
type Permission string

const (
	SurveysRead   Permission = "surveys.read"
	SurveysWrite  Permission = "surveys.write"
	ResultsRead   Permission = "results.read"
	ResponsesRead Permission = "responses.read"
	ContactsWrite Permission = "contacts.write"
	UsersManage   Permission = "users.manage"
	AuditRead     Permission = "audit.read"
	// AccountSelf lets a signed-in user manage their own account: password,
	// API tokens, sessions.
	AccountSelf Permission = "account.self"
)

// grants is the whole policy: which roles hold which permission. Admins
// hold every permission and are not listed.
var grants = map[Permission][]Role{
	SurveysRead:   {RoleOrganizer, RoleStaff},
	SurveysWrite:  {RoleOrganizer},
	ResultsRead:   {RoleOrganizer, RoleStaff, RolePartner},
	ResponsesRead: {RoleStaff},
	ContactsWrite: {RoleOrganizer},
	UsersManage:   {},
	AuditRead:     {},
	AccountSelf:   {RoleOrganizer, RoleStaff, RolePartner},
}

// Allowed reports whether role holds permission.
func Allowed(role Role, p Permission) bool {
	if role == RoleAdmin {
		return true
	}
	for _, r := range grants[p] {
		if r == role {
			return true
		}
	}
	return false
}

// Principal is whoever a request acts for.
type Principal struct {
	// ID identifies the user (or "bootstrap" for the admin token) in the
	// audit log.
	ID    string
	Email string
	Role  Role
	// Neighborhoods, when set, limits a partner's results to these IDs.
	Neighborhoods []string
	// Via says how the request proved who it is: ViaSession (a browser's
	// cookie, which needs CSRF protection), ViaToken or ViaBootstrap.
	Via string
}

// How a principal authenticated.
const (
	ViaSession   = "session"
	ViaToken     = "token"
	ViaBootstrap = "bootstrap"
)

// Can reports whether the principal holds permission p.
func (p *Principal) Can(perm Permission) bool { return p != nil && Allowed(p.Role, perm) }

// Authenticator turns a bearer token into a principal.
type Authenticator interface {
	Authenticate(ctx context.Context, token string) (*Principal, error)
}

// BootstrapToken accepts the CANVASS_ADMIN_TOKEN from the environment as an
// admin, so a fresh installation can be driven by scripts before any user
// exists.
type BootstrapToken struct {
	hash [32]byte
	set  bool
}

// NewBootstrapToken keeps only a hash of token; empty disables it.
func NewBootstrapToken(token string) *BootstrapToken {
	if token == "" {
		return &BootstrapToken{}
	}
	return &BootstrapToken{hash: sha256.Sum256([]byte(token)), set: true}
}

// Match reports whether token is the bootstrap token, in constant time.
func (b *BootstrapToken) Match(token string) bool {
	if !b.set {
		return false
	}
	h := sha256.Sum256([]byte(token))
	return subtle.ConstantTimeCompare(h[:], b.hash[:]) == 1
}

// Set reports whether a bootstrap token is configured.
func (b *BootstrapToken) Set() bool { return b.set }

// Principal returns the bootstrap admin.
func (b *BootstrapToken) Principal() *Principal {
	return &Principal{ID: "bootstrap", Role: RoleAdmin, Via: ViaBootstrap}
}

// HashToken is how API tokens are stored: a SHA-256 of a 256-bit random
// token needs no salt or slow hash, and lets a token be found by its hash.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}
