// Package surveys is canvass's domain: survey definitions and their
// validation, responses and answers, the SMS conversation step and the
// results arithmetic. It imports neither HTTP nor database code, so its
// decisions can be tested with nothing but Go.
package surveys

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Text is a piece of survey text by language code ("en", "es", ...).
type Text map[string]string

// RoundIn is the round's name in lang: its round_label, else round.
func (s *Survey) RoundIn(lang string) string {
	if l := s.RoundLabel.In(lang, s.DefaultLanguage); l != "" {
		return l
	}
	return s.Round
}

// In returns the text in lang, falling back to fallback and then to any
// language present, so a partly translated legacy version still renders.
func (t Text) In(lang, fallback string) string {
	if s, ok := t[lang]; ok && s != "" {
		return s
	}
	if s, ok := t[fallback]; ok && s != "" {
		return s
	}
	for _, s := range t {
		return s
	}
	return ""
}

// Question types.
const (
	TypeSingle       = "single"
	TypeMulti        = "multi"
	TypeScale        = "scale"
	TypeNumber       = "number"
	TypeText         = "text"
	TypeNeighborhood = "neighborhood"
)

// QuestionTypes lists every question type, in the order the docs give them.
var QuestionTypes = []string{TypeSingle, TypeMulti, TypeScale, TypeNumber, TypeText, TypeNeighborhood}

// Survey is one survey definition as an organizer writes it (YAML or JSON).
// Field names are the public contract: the API returns them unchanged.
type Survey struct {
	Slug   string `json:"slug" yaml:"slug" bson:"slug"`
	Series string `json:"series,omitempty" yaml:"series,omitempty" bson:"series,omitempty"`
	Round  string `json:"round,omitempty" yaml:"round,omitempty" bson:"round,omitempty"`
	// RoundLabel translates Round for pages and exports ("Primavera
	// 2026"); Round stays the round's name in the API and in scripts.
	RoundLabel      Text     `json:"round_label,omitempty" yaml:"round_label,omitempty" bson:"round_label,omitempty"`
	DefaultLanguage string   `json:"default_language" yaml:"default_language" bson:"default_language"`
	Languages       []string `json:"languages" yaml:"languages" bson:"languages"`
	Title           Text     `json:"title" yaml:"title" bson:"title"`
	Intro           Text     `json:"intro,omitempty" yaml:"intro,omitempty" bson:"intro,omitempty"`
	Thanks          Text     `json:"thanks,omitempty" yaml:"thanks,omitempty" bson:"thanks,omitempty"`
	MinN            int      `json:"min_n" yaml:"min_n" bson:"min_n"`
	PublicResults   bool     `json:"public_results,omitempty" yaml:"public_results,omitempty" bson:"public_results,omitempty"`
	// AllowRepeats lets one phone or browser answer again and again with
	// no question asked (a kiosk, a canvasser's tablet, a feedback line).
	// Unset, a resident who finished is told their answers are in, and a
	// second person on a shared phone or device answers by an explicit
	// action (replying NEW, or the form's "someone else" button).
	AllowRepeats bool `json:"allow_repeats,omitempty" yaml:"allow_repeats,omitempty" bson:"allow_repeats,omitempty"`
	// Contact is how residents reach the people behind the survey: a phone
	// number, an email address or a web address, given in SMS HELP replies
	// and on its pages. Unset, the program's (CANVASS_CONTACT) is given.
	Contact       string         `json:"contact,omitempty" yaml:"contact,omitempty" bson:"contact,omitempty"`
	SMS           *SMSSettings   `json:"sms,omitempty" yaml:"sms,omitempty" bson:"sms,omitempty"`
	Neighborhoods []Neighborhood `json:"neighborhoods" yaml:"neighborhoods,omitempty" bson:"neighborhoods"`
	Questions     []Question     `json:"questions" yaml:"questions" bson:"questions"`

	// Invitation is the SMS text that invites contacts to the survey, by
	// language; {link}, {keyword} and {title} are filled in. Unset, a
	// localized default is used (locales/invite.*.yaml).
	Invitation Text `json:"invitation,omitempty" yaml:"invitation,omitempty" bson:"invitation,omitempty"`
}

// SMSSettings configures the SMS channel of a survey.
type SMSSettings struct {
	// Keyword starts the conversation in any language.
	Keyword string `json:"keyword" yaml:"keyword" bson:"keyword"`
	// Aliases are extra keywords by language; texting one starts the
	// conversation in that language without asking.
	Aliases map[string][]string `json:"aliases,omitempty" yaml:"aliases,omitempty" bson:"aliases,omitempty"`
	// ResultsBack asks each SMS respondent, after the last question, whether
	// they want their neighborhood's results by text later.
	ResultsBack bool `json:"results_back,omitempty" yaml:"results_back,omitempty" bson:"results_back,omitempty"`
	// PlainLetters lists languages whose texts go out by SMS without the
	// accents GSM-7 lacks (á→a, È→E) and with plain punctuation: one such
	// character makes a whole message UCS-2, two or three times the cost.
	// Only for languages that read well so (Validate refuses others).
	PlainLetters []string `json:"plain_letters,omitempty" yaml:"plain_letters,omitempty" bson:"plain_letters,omitempty"`
}

// SendsPlain reports whether texts in lang go out in plain letters.
func (s *SMSSettings) SendsPlain(lang string) bool {
	return s != nil && slices.Contains(s.PlainLetters, lang)
}

// Neighborhood is one area results are reported by.
type Neighborhood struct {
	ID   string `json:"id" yaml:"id" bson:"id"`
	Name Text   `json:"name" yaml:"name" bson:"name"`
	// Match lists words a resident may text instead of the number, such as
	// ZIP codes or short names. Matching ignores case.
	Match []string `json:"match,omitempty" yaml:"match,omitempty" bson:"match,omitempty"`
}

// Question is one question of a survey.
type Question struct {
	ID   string `json:"id" yaml:"id" bson:"id"`
	Type string `json:"type" yaml:"type" bson:"type"`
	Text Text   `json:"text" yaml:"text" bson:"text"`
	// SMSText optionally replaces Text in SMS, where every character costs.
	SMSText     Text       `json:"sms_text,omitempty" yaml:"sms_text,omitempty" bson:"sms_text,omitempty"`
	Help        Text       `json:"help,omitempty" yaml:"help,omitempty" bson:"help,omitempty"`
	Optional    bool       `json:"optional,omitempty" yaml:"optional,omitempty" bson:"optional,omitempty"`
	Demographic bool       `json:"demographic,omitempty" yaml:"demographic,omitempty" bson:"demographic,omitempty"`
	Options     []Option   `json:"options,omitempty" yaml:"options,omitempty" bson:"options,omitempty"`
	MaxChoices  int        `json:"max_choices,omitempty" yaml:"max_choices,omitempty" bson:"max_choices,omitempty"`
	Scale       *Scale     `json:"scale,omitempty" yaml:"scale,omitempty" bson:"scale,omitempty"`
	Number      *Range     `json:"number,omitempty" yaml:"number,omitempty" bson:"number,omitempty"`
	ShowIf      *Condition `json:"show_if,omitempty" yaml:"show_if,omitempty" bson:"show_if,omitempty"`
}

// Option is one choice of a single or multi question.
type Option struct {
	ID   string `json:"id" yaml:"id" bson:"id"`
	Text Text   `json:"text" yaml:"text" bson:"text"`
}

// Scale is the range of a scale question, with labels for its ends.
type Scale struct {
	Min  int  `json:"min" yaml:"min" bson:"min"`
	Max  int  `json:"max" yaml:"max" bson:"max"`
	Low  Text `json:"low,omitempty" yaml:"low,omitempty" bson:"low,omitempty"`
	High Text `json:"high,omitempty" yaml:"high,omitempty" bson:"high,omitempty"`
}

// Range bounds a number question (whole numbers only).
type Range struct {
	Min *int `json:"min,omitempty" yaml:"min,omitempty" bson:"min,omitempty"`
	Max *int `json:"max,omitempty" yaml:"max,omitempty" bson:"max,omitempty"`
}

// Condition shows a question only when an earlier answer is one of In:
// option IDs for single, multi and neighborhood questions, numbers for scale
// and number questions (compared as their decimal text).
type Condition struct {
	Question string `json:"question" yaml:"question" bson:"question"`
	In       Values `json:"in" yaml:"in" bson:"in"`
}

// Values is a list of answer values written as strings or numbers.
type Values []string

// UnmarshalJSON accepts numbers as well as strings, as YAML does.
func (v *Values) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	out := make(Values, 0, len(raw))
	for _, r := range raw {
		var s string
		if err := json.Unmarshal(r, &s); err == nil {
			out = append(out, s)
			continue
		}
		var n json.Number
		if err := json.Unmarshal(r, &n); err != nil {
			return fmt.Errorf("show_if.in: %s is neither a string nor a number", r)
		}
		out = append(out, n.String())
	}
	*v = out
	return nil
}

// Question returns the question with the given ID.
func (s *Survey) Question(id string) (*Question, bool) {
	for i := range s.Questions {
		if s.Questions[i].ID == id {
			return &s.Questions[i], true
		}
	}
	return nil, false
}

// Neighborhood returns the neighborhood with the given ID.
func (s *Survey) Neighborhood(id string) (*Neighborhood, bool) {
	for i := range s.Neighborhoods {
		if s.Neighborhoods[i].ID == id {
			return &s.Neighborhoods[i], true
		}
	}
	return nil, false
}

// NeighborhoodName names neighborhood id in lang (falling back to the
// default language), as every page, export and text names it; ok is
// false for an ID the survey does not have (a removed neighborhood), whose
// name is the ID itself.
func (s *Survey) NeighborhoodName(id, lang string) (name string, ok bool) {
	if n, found := s.Neighborhood(id); found {
		return n.Name.In(lang, s.DefaultLanguage), true
	}
	return id, false
}

// HasLanguage reports whether the survey is offered in lang.
func (s *Survey) HasLanguage(lang string) bool {
	for _, l := range s.Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// Option returns the option with the given ID.
func (q *Question) Option(id string) (*Option, bool) {
	for i := range q.Options {
		if q.Options[i].ID == id {
			return &q.Options[i], true
		}
	}
	return nil, false
}

// Status is where a survey is in its life.
type Status string

const (
	StatusDraft  Status = "draft"
	StatusOpen   Status = "open"
	StatusClosed Status = "closed"
)

// Record is a stored survey: its current definition and its life so far.
type Record struct {
	Survey  `bson:",inline"`
	Status  Status `json:"status" bson:"status"`
	Version int    `json:"version" bson:"version"`
	// Responses is the survey's response count, read from its counters
	// (never stored with the definition, so a response rewrites nothing
	// here).
	Responses int64     `json:"responses" bson:"-"`
	Source    string    `json:"-" bson:"source,omitempty"` // the YAML or JSON as the organizer wrote it
	CreatedAt time.Time `json:"created_at" bson:"created_at"`
	UpdatedAt time.Time `json:"updated_at" bson:"updated_at"`
	OpenedAt  time.Time `json:"opened_at,omitzero" bson:"opened_at,omitempty"`
	ClosedAt  time.Time `json:"closed_at,omitzero" bson:"closed_at,omitempty"`
}

// Channels a response can arrive by.
const (
	ChannelWeb = "web"
	ChannelSMS = "sms"
)

// Response is one resident's completed survey. Answers are keyed by question
// ID: scale and number answers are ints, single, neighborhood and text
// answers strings, multi answers []string. Both channels store this shape.
type Response struct {
	ID           string         `json:"id" bson:"_id"`
	Survey       string         `json:"survey" bson:"survey"`
	Version      int            `json:"version" bson:"version"`
	Channel      string         `json:"channel" bson:"channel"`
	Language     string         `json:"language" bson:"language"`
	Neighborhood string         `json:"neighborhood,omitempty" bson:"neighborhood,omitempty"`
	Answers      map[string]any `json:"answers" bson:"answers"`
	// Respondent is a keyed pseudonym of an SMS respondent's phone number;
	// the number itself is never stored with a response.
	Respondent string    `json:"respondent,omitempty" bson:"respondent,omitempty"`
	CreatedAt  time.Time `json:"created_at" bson:"created_at"`
}

// AnswerString renders an answer value as the text show_if and exports use.
func AnswerString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case int32:
		return strconv.Itoa(int(x))
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}
