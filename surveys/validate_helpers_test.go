package surveys

import (
	"fmt"
	"testing"
)

// validYAML is a small survey that uses every feature and has no problems.
// Question indexes: 0 neighborhood, 1 safe_day (scale), 2 needs (multi),
// 3 age (single), 4 household (number), 5 comment (text, shown if safe_day
// is 1 or 2).
const validYAML = `
slug: safety-test
series: safety
round: Spring 2026
default_language: en
languages: [en, es]
title: {en: Safety survey, es: Encuesta de seguridad}
intro: {en: Two minutes., es: Dos minutos.}
sms:
  keyword: SAFE
  aliases: {es: [SEGURO]}
neighborhoods:
  - id: north
    name: {en: North End, es: Norte}
    match: ["02113", north end]
  - id: river
    name: {en: Riverside, es: Ribera}
    match: ["02114"]
questions:
  - id: neighborhood
    type: neighborhood
    text: {en: "Where do you live?", es: "¿Dónde vive?"}
  - id: safe_day
    type: scale
    scale: {min: 1, max: 5, low: {en: Very unsafe, es: Muy inseguro}, high: {en: Very safe, es: Muy seguro}}
    text: {en: "How safe do you feel?", es: "¿Qué tan seguro se siente?"}
  - id: needs
    type: multi
    max_choices: 2
    text: {en: "What do you need?", es: "¿Qué necesita?"}
    options:
      - {id: housing, text: {en: Housing, es: Vivienda}}
      - {id: jobs, text: {en: Jobs, es: Empleo}}
      - {id: food, text: {en: Food, es: Comida}}
  - id: age
    type: single
    demographic: true
    optional: true
    text: {en: "Your age?", es: "¿Su edad?"}
    options:
      - {id: under_30, text: {en: Under 30, es: Menos de 30}}
      - {id: over_30, text: {en: 30 or older, es: 30 o más}}
  - id: household
    type: number
    number: {min: 1, max: 20}
    text: {en: "How many people live in your home?", es: "¿Cuántas personas viven en su hogar?"}
  - id: comment
    type: text
    optional: true
    show_if: {question: safe_day, in: [1, 2]}
    text: {en: "What would help?", es: "¿Qué ayudaría?"}
`

// minimalYAML is the smallest valid survey: one language, one question.
const minimalYAML = `
slug: mini
default_language: en
languages: [en]
title: {en: Mini}
questions:
  - {id: q1, type: text, text: {en: "Anything?"}}
`

// mustParse parses a definition that must decode without problems.
func mustParse(t testing.TB, src string) *Survey {
	t.Helper()
	s, problems, err := Parse([]byte(src))
	if err != nil || len(problems) > 0 || s == nil {
		t.Fatalf("Parse: %v %v", problems, err)
	}
	return s
}

// summary renders problems as "path message-id" lines, marking warnings,
// so a test can compare them with a want list at a glance.
func summary(problems Problems) []string {
	out := []string{}
	for _, p := range problems {
		line := fmt.Sprintf("%s %s", p.Path, p.MessageID)
		if p.Warning {
			line += " (warning)"
		}
		out = append(out, line)
	}
	return out
}

func intPtr(n int) *int { return &n }
