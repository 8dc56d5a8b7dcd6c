package surveys

func questionCases() []validateCase {
	return []validateCase{
		{name: "question ID with a dot", mutate: func(s *Survey) { s.Questions[3].ID = "age.group" },
			want: []string{"questions[3].id survey.id_format"}},
		{name: "question ID with a dollar", mutate: func(s *Survey) { s.Questions[3].ID = "$age" },
			want: []string{"questions[3].id survey.id_format"}},
		{name: "question ID missing", mutate: func(s *Survey) { s.Questions[3].ID = "" },
			want: []string{"questions[3].id survey.required"}},
		{name: "option ID starting with a digit", mutate: func(s *Survey) { s.Questions[3].Options[0].ID = "30_or_less" },
			want: []string{"questions[3].options[0].id survey.id_format"}},
		{name: "duplicate question ID", mutate: func(s *Survey) { s.Questions[3].ID = "needs" },
			want: []string{"questions[3].id survey.duplicate_id"}},
		{name: "duplicate option ID", mutate: func(s *Survey) { s.Questions[2].Options[2].ID = "jobs" },
			want: []string{"questions[2].options[2].id survey.duplicate_id"}},
		{name: "same option ID in two questions is fine", mutate: func(s *Survey) { s.Questions[3].Options[0].ID = "jobs" },
			want: []string{}},
		{name: "type missing", mutate: func(s *Survey) { s.Questions[3].Type = "" },
			want: []string{"questions[3].type survey.required"}},
		{name: "unknown type", mutate: func(s *Survey) { s.Questions[3].Type = "dropdown" },
			want: []string{"questions[3].type survey.unknown_type"}},
		{name: "single with one option", mutate: func(s *Survey) { s.Questions[3].Options = s.Questions[3].Options[:1] },
			want: []string{"questions[3].options survey.too_few_options"}},
		{name: "option-less choice question", mutate: func(s *Survey) { s.Questions[2].Options = nil },
			want: []string{"questions[2].options survey.too_few_options"}},
		{name: "options on a text question", mutate: func(s *Survey) { s.Questions[5].Options = s.Questions[3].Options },
			want: []string{"questions[5].options survey.field_not_allowed"}},
		{name: "options on the neighborhood question", mutate: func(s *Survey) { s.Questions[0].Options = s.Questions[3].Options },
			want: []string{"questions[0].options survey.field_not_allowed"}},
		{name: "neighborhoods without a neighborhood question", mutate: func(s *Survey) { s.Questions = s.Questions[1:] },
			want: []string{"questions survey.neighborhood_question_missing"}},
		{name: "neighborhood question without neighborhoods", mutate: func(s *Survey) { s.Neighborhoods = nil },
			want: []string{"neighborhoods survey.neighborhoods_missing"}},
		{
			name: "two neighborhood questions",
			mutate: func(s *Survey) {
				q := s.Questions[0]
				q.ID = "work_area"
				s.Questions = append(s.Questions, q)
			},
			want: []string{"questions[6].type survey.neighborhood_question_duplicate"},
		},
		{name: "scale question without a scale", mutate: func(s *Survey) { s.Questions[1].Scale = nil },
			want: []string{"questions[1].scale survey.scale_required"}},
		{name: "scale with min equal to max", mutate: func(s *Survey) { s.Questions[1].Scale.Min = 5 },
			want: []string{"questions[1].scale survey.scale_range"}},
		{name: "scale upside down", mutate: func(s *Survey) { s.Questions[1].Scale.Min, s.Questions[1].Scale.Max = 5, 1 },
			want: []string{"questions[1].scale survey.scale_range"}},
		{name: "scale of 0 to 11", mutate: func(s *Survey) { s.Questions[1].Scale.Min, s.Questions[1].Scale.Max = 0, 11 },
			want: []string{"questions[1].scale survey.scale_too_long"}},
		{name: "scale of 0 to 10 is fine", mutate: func(s *Survey) { s.Questions[1].Scale.Min, s.Questions[1].Scale.Max = 0, 10 },
			want: []string{}},
		{name: "scale on a single question", mutate: func(s *Survey) { s.Questions[3].Scale = &Scale{Min: 1, Max: 3} },
			want: []string{"questions[3].scale survey.field_not_allowed"}},
		{name: "number with min above max", mutate: func(s *Survey) { s.Questions[4].Number.Min = intPtr(21) },
			want: []string{"questions[4].number survey.number_range"}},
		{name: "number with only a max is fine", mutate: func(s *Survey) { s.Questions[4].Number.Min = nil },
			want: []string{}},
		{name: "number range on a text question", mutate: func(s *Survey) { s.Questions[5].Number = &Range{} },
			want: []string{"questions[5].number survey.field_not_allowed"}},
		{name: "max_choices on a single question", mutate: func(s *Survey) { s.Questions[3].MaxChoices = 1 },
			want: []string{"questions[3].max_choices survey.field_not_allowed"}},
		{name: "max_choices above the number of options", mutate: func(s *Survey) { s.Questions[2].MaxChoices = 4 },
			want: []string{"questions[2].max_choices survey.max_choices_range"}},
		{name: "max_choices negative", mutate: func(s *Survey) { s.Questions[2].MaxChoices = -1 },
			want: []string{"questions[2].max_choices survey.max_choices_range"}},
		{name: "max_choices 0 means no limit", mutate: func(s *Survey) { s.Questions[2].MaxChoices = 0 },
			want: []string{}},
		{name: "max_choices equal to the number of options", mutate: func(s *Survey) { s.Questions[2].MaxChoices = 3 },
			want: []string{}},
	}
}

func showIfCases() []validateCase {
	cond := func(i int, question string, in ...string) func(s *Survey) {
		return func(s *Survey) { s.Questions[i].ShowIf = &Condition{Question: question, In: in} }
	}
	return []validateCase{
		{name: "show_if on an unknown question", mutate: cond(5, "safe_night", "1"),
			want: []string{"questions[5].show_if.question survey.show_if_unknown"}},
		{name: "show_if on a later question", mutate: cond(1, "age", "under_30"),
			want: []string{"questions[1].show_if.question survey.show_if_later"}},
		{name: "show_if on itself", mutate: cond(3, "age", "under_30"),
			want: []string{"questions[3].show_if.question survey.show_if_later"}},
		{name: "show_if question missing", mutate: cond(5, "", "1"),
			want: []string{"questions[5].show_if.question survey.required"}},
		{name: "show_if with no values", mutate: cond(5, "safe_day"),
			want: []string{"questions[5].show_if.in survey.show_if_empty"}},
		{
			name: "show_if on a text answer",
			mutate: func(s *Survey) {
				q := s.Questions[3]
				q.ID, q.ShowIf = "age_again", &Condition{Question: "comment", In: Values{"x"}}
				s.Questions = append(s.Questions, q)
			},
			want: []string{"questions[6].show_if.question survey.show_if_text"},
		},
		{name: "show_if option unknown", mutate: cond(4, "needs", "jobs", "transit"),
			want: []string{"questions[4].show_if.in[1] survey.show_if_option"}},
		{name: "show_if options of single and multi", mutate: cond(4, "age", "over_30"), want: []string{}},
		{name: "show_if neighborhood unknown", mutate: cond(5, "neighborhood", "north", "south"),
			want: []string{"questions[5].show_if.in[1] survey.show_if_neighborhood"}},
		{name: "show_if scale values out of range or not canonical", mutate: cond(5, "safe_day", "0", "1", "6", "01", "two"),
			want: []string{
				"questions[5].show_if.in[0] survey.show_if_scale",
				"questions[5].show_if.in[2] survey.show_if_scale",
				"questions[5].show_if.in[3] survey.show_if_scale",
				"questions[5].show_if.in[4] survey.show_if_scale",
			}},
		{name: "show_if number values", mutate: cond(5, "household", "1", "20", "21", "2.5"),
			want: []string{
				"questions[5].show_if.in[2] survey.show_if_number",
				"questions[5].show_if.in[3] survey.show_if_number",
			}},
		{name: "show_if on the neighborhood question itself", mutate: cond(0, "safe_day", "1"),
			want: []string{
				"questions[0].show_if survey.show_if_on_neighborhood",
				"questions[0].show_if.question survey.show_if_later",
			}},
	}
}

func neighborhoodCases() []validateCase {
	match := func(words ...string) func(s *Survey) {
		return func(s *Survey) { s.Neighborhoods[1].Match = words }
	}
	return []validateCase{
		{name: "neighborhood ID in capitals", mutate: func(s *Survey) { s.Neighborhoods[1].ID = "River" },
			want: []string{"neighborhoods[1].id survey.id_format"}},
		{name: "duplicate neighborhood ID", mutate: func(s *Survey) { s.Neighborhoods[1].ID = "north" },
			want: []string{"neighborhoods[1].id survey.duplicate_id"}},
		{name: "match word claimed by two neighborhoods", mutate: match("02114", " 02113 "),
			want: []string{"neighborhoods[1].match[1] survey.match_claimed"}},
		{name: "match word claimed twice ignoring case", mutate: match("NORTH END"),
			want: []string{"neighborhoods[1].match[0] survey.match_conflict"}},
		{name: "match word equal to another neighborhood's ID", mutate: match("North"),
			want: []string{"neighborhoods[1].match[0] survey.match_conflict"}},
		{name: "match word equal to another neighborhood's name", mutate: match("norte"),
			want: []string{"neighborhoods[1].match[0] survey.match_conflict"}},
		{name: "match word equal to its own name is fine", mutate: match("riverside", "Ribera"), want: []string{}},
		{name: "match word that is a menu number", mutate: match("7", "007", "99", "100", "0"),
			want: []string{
				"neighborhoods[1].match[0] survey.match_number",
				"neighborhoods[1].match[1] survey.match_number",
				"neighborhoods[1].match[2] survey.match_number",
			}},
		{name: "blank match word", mutate: match("  "),
			want: []string{"neighborhoods[1].match[0] survey.match_empty"}},
	}
}

func smsCases() []validateCase {
	keyword := func(k string) func(s *Survey) { return func(s *Survey) { s.SMS.Keyword = k } }
	aliases := func(a map[string][]string) func(s *Survey) { return func(s *Survey) { s.SMS.Aliases = a } }
	plain := func(langs ...string) func(s *Survey) { return func(s *Survey) { s.SMS.PlainLetters = langs } }
	return []validateCase{
		{name: "keyword missing", mutate: keyword(""), want: []string{"sms.keyword survey.required"}},
		{name: "keyword of one letter", mutate: keyword("S"), want: []string{"sms.keyword survey.keyword_format"}},
		{name: "keyword of punctuation only", mutate: keyword("!!!"), want: []string{"sms.keyword survey.keyword_format"}},
		{name: "keyword too long", mutate: keyword("NEIGHBORHOODSAFETYSUR"), want: []string{"sms.keyword survey.keyword_format"}},
		{name: "keyword with spaces and punctuation is normalized", mutate: keyword("safe-2 026"), want: []string{}},
		{name: "keyword STOP", mutate: keyword("stop"), want: []string{"sms.keyword survey.keyword_reserved"}},
		{name: "keyword STOP with punctuation", mutate: keyword("S.T.O.P"), want: []string{"sms.keyword survey.keyword_reserved"}},
		{name: "keyword opt-out", mutate: keyword("opt-out"), want: []string{"sms.keyword survey.keyword_reserved"}},
		{name: "keyword YES", mutate: keyword("Yes"), want: []string{"sms.keyword survey.keyword_reserved"}},
		{name: "keyword HELP", mutate: keyword("help"), want: []string{"sms.keyword survey.keyword_reserved"}},
		{name: "keyword LANG", mutate: keyword("LANG"), want: []string{"sms.keyword survey.keyword_reserved"}},
		{name: "alias reserved", mutate: aliases(map[string][]string{"es": {"SEGURO", "info"}}),
			want: []string{"sms.aliases.es[1] survey.keyword_reserved"}},
		{name: "alias same as the keyword", mutate: aliases(map[string][]string{"es": {"safe"}}),
			want: []string{"sms.aliases.es[0] survey.keyword_duplicate"}},
		{name: "alias in two languages", mutate: aliases(map[string][]string{"en": {"SEGURO"}, "es": {"SEGURO"}}),
			want: []string{"sms.aliases.es[0] survey.keyword_duplicate"}},
		{name: "alias for an undeclared language", mutate: aliases(map[string][]string{"fr": {"SUR"}}),
			want: []string{"sms.aliases.fr survey.undeclared_language"}},
		{name: "plain letters in Spanish and English", mutate: plain("es", "en"), want: []string{}},
		{name: "plain letters in an undeclared language", mutate: plain("es", "ht"),
			want: []string{"sms.plain_letters[1] survey.plain_letters_undeclared"}},
		// Somali and Haitian Creole read without accents; Vietnamese tones
		// tell words apart, and Arabic has no plain letters to fall back on.
		{name: "plain letters only where they read", base: `
slug: six
default_language: en
languages: [en, so, ht, vi, ar]
title: {en: Six, so: Lix, ht: Sis, vi: Sáu, ar: ستة}
sms: {keyword: SIX, plain_letters: [so, ht, vi, ar]}
questions:
  - {id: q1, type: text, text: {en: "Anything?", so: "Wax?", ht: "Kichòy?", vi: "Gì?", ar: "شيء؟"}}
`, want: []string{"sms.plain_letters[2] survey.plain_letters_unreadable", "sms.plain_letters[3] survey.plain_letters_unreadable"}},
		{name: "keyword owned by another open survey",
			env:  ValidationEnv{OpenKeywords: map[string]string{"SAFE": "housing-2026"}, Live: true},
			want: []string{"sms.keyword survey.keyword_taken"}},
		{name: "alias owned by another open survey",
			env:  ValidationEnv{OpenKeywords: map[string]string{"SEGURO": "housing-2026"}, Live: true},
			want: []string{"sms.aliases.es[0] survey.keyword_taken"}},
		// The next round is drafted while the current one runs: sharing its
		// words is only a warning until the draft opens.
		{name: "a draft shares the keywords of an open survey",
			env:  ValidationEnv{OpenKeywords: map[string]string{"SAFE": "safety-spring", "SEGURO": "safety-spring"}},
			want: []string{"sms.keyword survey.keyword_in_use (warning)", "sms.aliases.es[0] survey.keyword_in_use (warning)"}},
		{name: "keyword owned by this survey itself",
			env:  ValidationEnv{OpenKeywords: map[string]string{"SAFE": "safety-test", "SEGURO": "safety-test"}},
			want: []string{}},
		{name: "no SMS at all", mutate: func(s *Survey) { s.SMS = nil }, want: []string{}},
	}
}
