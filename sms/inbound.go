package sms

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/twilio/twilio-go/twiml"

	"canvass/surveys"
)

// MaxBody is the longest inbound text Twilio delivers (it joins the
// segments of a long message up to this many characters).
const MaxBody = 1600

var (
	// A Twilio message SID: two letters (SM, MM) and 32 hex digits.
	sidPattern = regexp.MustCompile(`^[A-Z]{2}[0-9a-fA-F]{32}$`)
	// E.164: a plus, a country code and at most 15 digits in all.
	e164Pattern = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
)

// Inbound is one message a resident sent, as Twilio posts it. Twilio may
// add parameters at any time; those are ignored.
type Inbound struct {
	MessageSID string
	AccountSID string
	From       string // E.164; never logged or stored as is
	To         string
	Body       string
	NumMedia   int
}

// ParseInbound reads the form of Twilio's inbound webhook. It fails on a
// request without a message SID or a sender canvass can pseudonymize.
func ParseInbound(form url.Values) (*Inbound, error) {
	in := &Inbound{
		MessageSID: form.Get("MessageSid"),
		AccountSID: form.Get("AccountSid"),
		From:       strings.TrimSpace(form.Get("From")),
		To:         strings.TrimSpace(form.Get("To")),
		Body:       cleanBody(form.Get("Body")),
	}
	in.NumMedia, _ = strconv.Atoi(form.Get("NumMedia"))
	if !sidPattern.MatchString(in.MessageSID) {
		return nil, surveys.Errorf(surveys.ErrInvalid, "sms.bad_request", map[string]any{"Field": "MessageSid"})
	}
	if !e164Pattern.MatchString(in.From) {
		return nil, surveys.Errorf(surveys.ErrInvalid, "sms.bad_request", map[string]any{"Field": "From"})
	}
	return in, nil
}

// cleanBody makes the text safe to parse: surveys.CleanText (the rule
// the web form's text answers follow too), at most MaxBody characters.
func cleanBody(s string) string {
	s = surveys.CleanText(s)
	if n := 0; len(s) > MaxBody {
		for i := range s {
			if n == MaxBody {
				s = s[:i]
				break
			}
			n++
		}
	}
	return strings.TrimSpace(s)
}

// IsMessageSID reports whether s looks like a Twilio message SID.
func IsMessageSID(s string) bool { return sidPattern.MatchString(s) }

// IsE164 reports whether s is a phone number in E.164 form.
func IsE164(s string) bool { return e164Pattern.MatchString(s) }

// TwiMLContentType is the content type of a TwiML reply.
const TwiMLContentType = "text/xml; charset=utf-8"

// TwiML renders replies as a TwiML messaging response: one <Message> per
// text, so each arrives as its own SMS. No texts gives an empty <Response/>,
// which tells Twilio to send nothing.
func TwiML(texts ...string) (string, error) {
	verbs := make([]twiml.Element, 0, len(texts))
	for _, t := range texts {
		if t != "" {
			verbs = append(verbs, &twiml.MessagingMessage{Body: t})
		}
	}
	return twiml.Messages(verbs)
}
