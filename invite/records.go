package invite

import "time"

// Followup is one resident's consent to get a survey's results by text.
type Followup struct {
	ID         string `json:"id" bson:"_id"`
	Survey     string `json:"survey" bson:"survey"`
	Respondent string `json:"respondent" bson:"respondent"`
	// Phone is the number given to SaveFollowup, in E.164. It is never
	// stored, nor read back: SealedPhone is.
	Phone string `json:"-" bson:"-"`
	// SealedPhone is Phone sealed for Respondent, as an outbox message's.
	SealedPhone  []byte    `json:"-" bson:"phone"`
	Language     string    `json:"language" bson:"language"`
	Neighborhood string    `json:"neighborhood" bson:"neighborhood"`
	CreatedAt    time.Time `json:"created_at" bson:"created_at"`
}

// ContactImport says what storing an import did.
type ContactImport struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}
