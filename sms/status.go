package sms

import (
	"net/url"
	"strings"

	"canvass/surveys"
)

// ErrorOptedOut is the Twilio error code of a message refused because the
// recipient texted STOP to the sender.
const ErrorOptedOut = "21610"

// StatusCallback is one delivery report Twilio posts for an outbound
// message (queued, sent, delivered, undelivered, failed, ...).
type StatusCallback struct {
	MessageSID string
	Status     string
	ErrorCode  string
	To         string // the recipient, E.164; only pseudonymized
	// Ref is the "ref" query parameter of the callback URL, which the
	// sender sets to its own id for the message.
	Ref string
}

// ParseStatusCallback reads a status callback's form and URL query.
func ParseStatusCallback(form, query url.Values) (*StatusCallback, error) {
	cb := &StatusCallback{
		MessageSID: form.Get("MessageSid"),
		Status:     strings.ToLower(strings.TrimSpace(form.Get("MessageStatus"))),
		ErrorCode:  strings.TrimSpace(form.Get("ErrorCode")),
		To:         strings.TrimSpace(form.Get("To")),
		Ref:        query.Get("ref"),
	}
	if cb.Status == "" {
		cb.Status = strings.ToLower(strings.TrimSpace(form.Get("SmsStatus")))
	}
	if !sidPattern.MatchString(cb.MessageSID) {
		return nil, surveys.Errorf(surveys.ErrInvalid, "sms.bad_request", map[string]any{"Field": "MessageSid"})
	}
	if cb.Status == "" || len(cb.Status) > 32 {
		return nil, surveys.Errorf(surveys.ErrInvalid, "sms.bad_request", map[string]any{"Field": "MessageStatus"})
	}
	if len(cb.ErrorCode) > 16 || len(cb.Ref) > 200 {
		return nil, surveys.Errorf(surveys.ErrInvalid, "sms.bad_request", map[string]any{"Field": "ErrorCode"})
	}
	return cb, nil
}
