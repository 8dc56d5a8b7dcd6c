package surveys

import (
	"errors"
	"fmt"
)

// Code classifies an error for whoever must react to it: the HTTP layer maps
// each code to one status, the SMS layer to one reply.
type Code string

const (
	ErrInvalid      Code = "invalid"
	ErrNotFound     Code = "not_found"
	ErrConflict     Code = "conflict"
	ErrGone         Code = "gone"
	ErrUnauthorized Code = "unauthorized"
	ErrForbidden    Code = "forbidden"
	ErrTooMany      Code = "too_many_requests"
	ErrUnavailable  Code = "unavailable"
	ErrInternal     Code = "internal"
)

// Error is a domain error. MessageID names the user-facing text in the
// locale files and Data fills its placeholders, so the same error reads in
// the language of whoever sees it. Err keeps the underlying cause for logs.
type Error struct {
	Code      Code
	MessageID string
	Data      map[string]any
	Err       error
}

// Errorf makes an Error with a code, a message ID and optional data.
func Errorf(code Code, messageID string, data map[string]any) *Error {
	return &Error{Code: code, MessageID: messageID, Data: data}
}

// Wrap makes an internal error that keeps cause for the logs only.
func Wrap(code Code, messageID string, cause error) *Error {
	return &Error{Code: code, MessageID: messageID, Err: cause}
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.MessageID, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.MessageID)
}

func (e *Error) Unwrap() error { return e.Err }

// ErrorCode returns the code of err, ErrInternal for an error without one.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var p Problems
	if errors.As(err, &p) {
		return ErrInvalid
	}
	return ErrInternal
}

// IsNotFound reports whether err is a not-found error.
func IsNotFound(err error) bool { return ErrorCode(err) == ErrNotFound }

// Problem is one thing wrong (or, with Warning, worth a look) in a survey
// definition or a submitted form, located by Path ("questions[2].options").
type Problem struct {
	Path      string         `json:"path"`
	MessageID string         `json:"-"`
	Data      map[string]any `json:"-"`
	Warning   bool           `json:"warning,omitempty"`
}

// Problems is every problem found at once, so an organizer fixes them in one
// pass. It is an error only when it holds something other than warnings.
type Problems []Problem

func (p Problems) Error() string {
	return fmt.Sprintf("%d problems, first at %s: %s", len(p), p[0].Path, p[0].MessageID)
}

// Errors returns the problems that are not warnings.
func (p Problems) Errors() Problems {
	var out Problems
	for _, x := range p {
		if !x.Warning {
			out = append(out, x)
		}
	}
	return out
}

// Warnings returns the problems that are only warnings.
func (p Problems) Warnings() Problems {
	var out Problems
	for _, x := range p {
		if x.Warning {
			out = append(out, x)
		}
	}
	return out
}
