package handlers

import (
	"crypto/rand"
	"encoding/base64"
	"net/url"
	"slices"

	"canvass/surveys"
)

// Form fields that are not answers start with "_": question IDs start with a
// letter, so they can never clash.
const (
	fieldKey   = "_key"   // idempotency key, one per rendered form
	fieldCSRF  = "_csrf"  // CSRF token for browsers without Fetch Metadata
	fieldShown = "_shown" // a show_if question the resident could see
	fieldLang  = "_lang"  // the language switcher's button that sent the form
)

// formElementID is the id of form/survey's form, which the language
// switcher's buttons send (web.Page.LanguageForm).
const formElementID = "survey"

// switchesLanguage says a post came from the language switcher, not the
// form's own button: the resident asked for the form in another language
// (the button's URL names it) and has not sent the answers yet.
func switchesLanguage(form url.Values) bool {
	return form.Has(fieldLang)
}

// formSubmission is a posted form read against its survey.
type formSubmission struct {
	key string
	// raw is what was posted, kept to fill the form in again, invalid
	// answers included, so nothing typed is lost.
	raw url.Values
	// answers are the typed answers of the visible questions; hidden
	// questions' answers are already dropped.
	answers map[string]any
	// problems are by question ID, one each, in no particular order.
	problems map[string]surveys.Problem
	// revealed lists questions an answer made visible that the resident
	// has not seen yet (no JavaScript to show them at once).
	revealed []string
}

// readFormSubmission parses every answer with the domain's rules and decides
// what the resident still has to do.
func readFormSubmission(sv *surveys.Survey, form url.Values) *formSubmission {
	sub := &formSubmission{
		key:      form.Get(fieldKey),
		raw:      form,
		answers:  map[string]any{},
		problems: map[string]surveys.Problem{},
	}
	if !validFormKey(sub.key) {
		// A scripted post without a key is stored once, unprotected from
		// repeats; a tampered key is treated the same.
		sub.key = newFormKey()
	}
	for i := range sv.Questions {
		q := &sv.Questions[i]
		v, p := surveys.ParseAnswer(sv, q, form[q.ID])
		if p != nil {
			sub.problems[q.ID] = *p
		} else if v != nil {
			sub.answers[q.ID] = v
		}
	}
	shown := map[string]bool{}
	for _, id := range form[fieldShown] {
		shown[id] = true
	}
	for i := range sv.Questions {
		q := &sv.Questions[i]
		if !sv.Visible(q, sub.answers) {
			delete(sub.problems, q.ID) // nobody sees it, nothing to fix
			continue
		}
		if q.ShowIf != nil && !shown[q.ID] {
			sub.revealed = append(sub.revealed, q.ID)
		}
	}
	// Complete drops the hidden questions' answers and reports the visible
	// required ones left empty; a question whose answer could not be read
	// keeps that more precise problem, and one just revealed gets none.
	for _, p := range sv.Complete(sub.answers) {
		if _, ok := sub.problems[p.Path]; !ok && !slices.Contains(sub.revealed, p.Path) {
			sub.problems[p.Path] = p
		}
	}
	return sub
}

// newFormKey returns a fresh idempotency key: 128 random bits, URL-safe.
// It is ids.Token(16) made on the stack, one allocation (the string) where
// that made three: every form page view makes one.
func newFormKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (ids.Bytes)
	var out [formKeyLength]byte
	base64.RawURLEncoding.Encode(out[:], b[:])
	return string(out[:])
}

// formKeyLength is the length of a form key: 16 bytes in base64.
const formKeyLength = 22

// validFormKey accepts exactly what newFormKey makes.
func validFormKey(k string) bool {
	if len(k) != formKeyLength {
		return false
	}
	b, err := base64.RawURLEncoding.DecodeString(k)
	return err == nil && len(b) == 16
}

// formResponseID derives a web response's _id from its form key. The prefix
// keeps web keys apart from other channels' IDs and from other surveys, so
// a key sent to the wrong survey can never hide a response there.
func formResponseID(slug, key string) string {
	return "web|" + slug + "|" + key
}
