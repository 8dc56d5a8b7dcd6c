// Package invite is the domain of reaching residents by SMS: the contacts
// who agreed to be texted, reading them from an organizer's CSV, the
// audiences an organizer picks, the texts of invitations and of results
// sent back, and the batches and messages that carry them. It is pure:
// the database is package store, Twilio is package sms, and the paced
// sending is package outbox.
package invite

import (
	"time"
)

// Contact is a resident who agreed to be texted. Its ID is the keyed
// pseudonym of the number (the same one responses and opt-outs carry), and
// the number itself is kept only sealed (phone.Sealer), for the sender.
type Contact struct {
	ID            string    `json:"id" bson:"_id"`
	Phone         []byte    `json:"-" bson:"phone"`
	Language      string    `json:"language" bson:"language"`
	Neighborhood  string    `json:"neighborhood" bson:"neighborhood"`
	ConsentSource string    `json:"consent_source" bson:"consent_source"`
	ConsentDate   time.Time `json:"consent_date" bson:"consent_date"`
	// Consents keeps every consent ever recorded for the number, so the
	// partnership can show where and when a resident agreed.
	Consents  []Consent `json:"consents,omitempty" bson:"consents"`
	CreatedAt time.Time `json:"created_at" bson:"created_at"`
	UpdatedAt time.Time `json:"updated_at" bson:"updated_at"`
}

// Consent is one record of a resident agreeing to be texted.
type Consent struct {
	Source string    `json:"source" bson:"source"`
	Date   time.Time `json:"date" bson:"date"`
}

// Audience picks contacts: those in any of Neighborhoods and speaking any
// of Languages; an empty list does not narrow.
type Audience struct {
	Neighborhoods []string `json:"neighborhoods,omitempty" bson:"neighborhoods,omitempty"`
	Languages     []string `json:"languages,omitempty" bson:"languages,omitempty"`
}

// Includes reports whether the audience takes a contact.
func (a Audience) Includes(neighborhood, language string) bool {
	return (len(a.Neighborhoods) == 0 || contains(a.Neighborhoods, neighborhood)) &&
		(len(a.Languages) == 0 || contains(a.Languages, language))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Kinds of batch.
const (
	KindInvitation = "invitation"
	KindResults    = "results"
)

// Recipient is one message to enqueue: who, the sealed number, the text.
type Recipient struct {
	ID           string // the recipient's pseudonym
	Phone        []byte // sealed for ID
	Language     string
	Neighborhood string
	Body         string
}
