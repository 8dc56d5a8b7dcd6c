package auth

import "time"

// AuditEntry records one action of an organizer, staff member or admin:
// who, what, to which thing, when and from which address. Entries are only
// ever appended.
type AuditEntry struct {
	ID         string    `bson:"_id" json:"id"` // time-ordered, so newest-first is a sort on _id
	At         time.Time `bson:"at" json:"at"`
	ActorID    string    `bson:"actor_id" json:"actor_id"`
	ActorEmail string    `bson:"actor_email,omitempty" json:"actor_email,omitempty"`
	ActorRole  Role      `bson:"actor_role,omitempty" json:"actor_role,omitempty"`
	Action     string    `bson:"action" json:"action"`
	// Target names what was acted on: a survey slug, a user's email.
	Target string `bson:"target,omitempty" json:"target,omitempty"`
	IP     string `bson:"ip,omitempty" json:"ip,omitempty"`
	// Detail holds a few action-specific facts (version, format, role). It
	// never holds answers, phone numbers, passwords or tokens.
	Detail map[string]string `bson:"detail,omitempty" json:"detail,omitempty"`
}

// Audited actions. Areas use these names so the admin view can filter by them.
const (
	ActionSurveyCreate    = "survey.create"
	ActionSurveyUpdate    = "survey.update"
	ActionSurveyOpen      = "survey.open"
	ActionSurveyClose     = "survey.close"
	ActionResultsExport   = "export.results"
	ActionResponsesExport = "export.responses"
	ActionContactsImport  = "contacts.import"
	ActionInvitationsSend = "invitations.send"
	ActionLogin           = "session.login"
	ActionLoginFailed     = "session.login_failed"
	ActionLogout          = "session.logout"
	ActionSessionsRevoke  = "session.revoke_all"
	ActionUserCreate      = "user.create"
	ActionUserUpdate      = "user.update"
	ActionUserPassword    = "user.password"
	ActionTokenCreate     = "token.create"
	ActionTokenRevoke     = "token.revoke"
	ActionSetupFirstAdmin = "setup.first_admin"
)

// AuditActions lists the audited actions in the order the admin view
// offers them as filters.
var AuditActions = []string{
	ActionSurveyCreate, ActionSurveyUpdate, ActionSurveyOpen, ActionSurveyClose,
	ActionResultsExport, ActionResponsesExport, ActionContactsImport, ActionInvitationsSend,
	ActionLogin, ActionLoginFailed, ActionLogout, ActionSessionsRevoke,
	ActionUserCreate, ActionUserUpdate, ActionUserPassword, ActionTokenCreate, ActionTokenRevoke,
	ActionSetupFirstAdmin,
}

// AuditFilter selects audit entries; zero fields match everything.
type AuditFilter struct {
	ActorEmail string
	Action     string // an action, or a prefix ending in "." ("survey.")
	Target     string
	Since      time.Time
	Until      time.Time
	// Before continues a listing: only entries older than this ID.
	Before string
	Limit  int
}
