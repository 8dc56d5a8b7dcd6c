package results

import "canvass/surveys"

// Questions are the questions results report: all but the
// neighborhood question, which is the grouping itself.
func Questions(def *surveys.Survey) []*surveys.Question {
	var out []*surveys.Question
	for i := range def.Questions {
		if def.Questions[i].Type != surveys.TypeNeighborhood {
			out = append(out, &def.Questions[i])
		}
	}
	return out
}

// PublicQuestion reports whether residents see q's results (the public
// page, the texts that send results back): what they were asked about,
// not the demographic breakdown questions or anyone's free text.
func PublicQuestion(q *surveys.Question) bool {
	return q.Type != surveys.TypeNeighborhood && !q.Demographic && q.Type != surveys.TypeText
}

// PublicSurvey is def with only its public questions (and the
// neighborhood question, which groups them).
func PublicSurvey(def *surveys.Survey) *surveys.Survey {
	shown := *def
	shown.Questions = nil
	for _, q := range def.Questions {
		if PublicQuestion(&q) || q.Type == surveys.TypeNeighborhood {
			shown.Questions = append(shown.Questions, q)
		}
	}
	return &shown
}
