package invite

// mergeDuplicates keeps one row per number. The later row's language and
// neighborhood win (a resident who signed up twice most likely updated
// them); the latest consent becomes the current one and every consent is
// kept. Each merged row is reported.
func mergeDuplicates(rows []Row) ([]Row, []RowProblem) {
	at := map[string]int{}
	var out []Row
	var merged []RowProblem
	for _, r := range rows {
		i, dup := at[r.Phone]
		if !dup {
			at[r.Phone] = len(out)
			out = append(out, r)
			continue
		}
		first := &out[i]
		merged = append(merged, RowProblem{Row: r.Row, MessageID: "contacts.merged", Data: map[string]any{"FirstRow": first.Row}})
		first.Language, first.Neighborhood = r.Language, r.Neighborhood
		if !r.ConsentDate.Before(first.ConsentDate) {
			first.ConsentSource, first.ConsentDate = r.ConsentSource, r.ConsentDate
		}
		first.Consents = MergeConsents(first.Consents, r.Consents)
	}
	return out, merged
}

// MergeConsents returns the union of two consent lists, oldest first.
func MergeConsents(a, b []Consent) []Consent {
	out := append([]Consent(nil), a...)
	for _, c := range b {
		found := false
		for _, x := range out {
			if x.Source == c.Source && x.Date.Equal(c.Date) {
				found = true
				break
			}
		}
		if !found {
			out = append(out, c)
		}
	}
	sortConsents(out)
	return out
}
