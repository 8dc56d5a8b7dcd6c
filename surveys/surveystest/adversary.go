// Package surveystest holds what tests of several packages share: the
// example survey (Example), and the adversary of results suppression,
// shared by the domain's tests and the HTTP tests: a survey and data with
// small groups in every dimension, and a record of every cell a viewer
// was shown, by exactly who is in it, to look for two cells, one holding
// the other, that differ by 1 to min_n-1 responses.
package surveystest

import (
	_ "embed"
	"fmt"
	"math/rand/v2"
	"time"

	"canvass/results"
	"canvass/surveys"
)

// SmallGroupsYAML is a survey with three neighborhoods, three languages,
// two demographic questions and an optional question, and min_n 5.
//
//go:embed small-groups.yaml
var SmallGroupsYAML string

// SmallGroups parses SmallGroupsYAML.
func SmallGroups() *surveys.Survey {
	def, problems, err := surveys.Parse([]byte(SmallGroupsYAML))
	if err != nil || len(problems.Errors()) > 0 {
		panic(fmt.Sprint("small-groups: ", err, problems))
	}
	return def
}

// Start is a Monday: Responses spans the four weeks from it.
var Start = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// Responses makes n responses to SmallGroups with small groups in every
// dimension: a large, a middling and a tiny neighborhood (and a few with
// none), a minority channel and language, a language the survey does not
// offer, skipped questions, and weeks of very different sizes.
func Responses(seed uint64, n int) []*surveys.Response {
	rng := rand.New(rand.NewPCG(seed, 11))
	pick := func(order []string, weights ...float64) string {
		total := 0.0
		for _, w := range weights {
			total += w
		}
		x := rng.Float64() * total
		for i, w := range weights {
			if x -= w; x < 0 {
				return order[i]
			}
		}
		return order[len(order)-1]
	}
	out := make([]*surveys.Response, n)
	for i := range out {
		answers := map[string]any{"safe_day": 1 + rng.IntN(5)}
		nb := pick([]string{"elm-park", "riverside", "hillcrest", ""}, 6, 3, 1, 0.3)
		if nb != "" {
			answers["neighborhood"] = nb
		}
		if rng.IntN(3) > 0 {
			answers["needs"] = []string{[]string{"housing", "jobs"}[rng.IntN(2)]}
		}
		if v := pick([]string{"young", "older", ""}, 5, 3, 1); v != "" {
			answers["age"] = v
		}
		if v := pick([]string{"rent", "own", ""}, 6, 2, 1); v != "" {
			answers["tenure"] = v
		}
		channel := surveys.ChannelWeb
		if rng.IntN(6) == 0 {
			channel = surveys.ChannelSMS
		}
		week := int(pick([]string{"0", "1", "2", "3"}, 5, 1, 3, 0.5)[0] - '0')
		out[i] = &surveys.Response{
			ID: fmt.Sprintf("r%d-%d", seed, i), Survey: "small-groups", Version: 1, Channel: channel,
			Language:     pick([]string{"en", "es", "vi", "so"}, 6, 3, 1, 0.2),
			Neighborhood: nb, Answers: answers,
			CreatedAt: Start.AddDate(0, 0, 7*week+rng.IntN(7)).Add(time.Duration(rng.IntN(86400)) * time.Second),
		}
	}
	return out
}

// Query is a view as the API's query string.
func Query(v results.View) string {
	q := fmt.Sprintf("split=%s&channel=%s&language=%s&min_n=%d", v.Split, v.Channel, v.Language, v.MinN)
	if !v.From.IsZero() {
		q += "&from=" + v.From.Format(time.DateOnly)
	}
	if !v.To.IsZero() {
		q += "&to=" + v.To.AddDate(0, 0, -1).Format(time.DateOnly)
	}
	return q
}

// AllViews lists every view the API offers live numbers of on def over
// the four weeks from Start: each split, channel and language (or none),
// dates by week, the survey's min_n and a raised one.
func AllViews(def *surveys.Survey) []results.View {
	splits := []string{""}
	for _, q := range def.SplitQuestions() {
		splits = append(splits, q.ID)
	}
	weeks := []time.Time{{}}
	for w := range 4 {
		weeks = append(weeks, Start.AddDate(0, 0, 7*w))
	}
	var out []results.View
	for _, split := range splits {
		for _, ch := range []string{"", surveys.ChannelWeb, surveys.ChannelSMS} {
			for _, lang := range append([]string{""}, def.Languages...) {
				for _, from := range weeks {
					for _, last := range weeks {
						if !from.IsZero() && !last.IsZero() && last.Before(from) {
							continue
						}
						to := last
						if !to.IsZero() {
							to = to.AddDate(0, 0, 7)
						}
						for _, minN := range []int{def.MinN, def.MinN + 3} {
							out = append(out, results.View{Split: split, Channel: ch, Language: lang, From: from, To: to, MinN: minN})
						}
					}
				}
			}
		}
	}
	return out
}

// PublishedViews lists every view published numbers offer on def: one
// of split, channel or language at a time (or none), at the survey's
// min_n and a raised one.
func PublishedViews(def *surveys.Survey) []results.View {
	views := []results.View{{}, {Channel: surveys.ChannelWeb}, {Channel: surveys.ChannelSMS}}
	for _, q := range def.SplitQuestions() {
		views = append(views, results.View{Split: q.ID})
	}
	for _, l := range def.Languages {
		views = append(views, results.View{Language: l})
	}
	var out []results.View
	for _, v := range views {
		for _, minN := range []int{def.MinN, def.MinN + 3} {
			v.MinN = minN
			out = append(out, v)
		}
	}
	return out
}
