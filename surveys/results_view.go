package surveys

import (
	"strconv"
	"time"
)

// View is what a results request asks for: an optional split by a
// demographic question and optional filters. Dates are whole days, so two
// overlapping ranges cannot be made to differ by a single response's
// second.
type View struct {
	Split    string
	Channel  string
	Language string
	// From and To bound CreatedAt: From <= t < To. Zero means open.
	From, To time.Time
	// MinN is the small-cell threshold in force: the survey's, or higher.
	MinN int
}

// Filtered reports whether the view leaves some responses out.
func (v View) Filtered() bool {
	return v.Channel != "" || v.Language != "" || !v.From.IsZero() || !v.To.IsZero()
}

// FromCounters reports whether the live counters can answer the view:
// they hold each neighborhood by one attribute at a time, so a view with
// dates, or with more than one of split, channel and language, is folded
// from the raw responses instead (slower; see docs/benchmarks.md).
func (v View) FromCounters() bool {
	if !v.From.IsZero() || !v.To.IsZero() {
		return false
	}
	dims := 0
	for _, s := range []string{v.Split, v.Channel, v.Language} {
		if s != "" {
			dims++
		}
	}
	return dims <= 1
}

// Includes reports whether a response is in the view's filters.
func (v View) Includes(r *Response) bool {
	switch {
	case v.Channel != "" && r.Channel != v.Channel,
		v.Language != "" && r.Language != v.Language,
		!v.From.IsZero() && r.CreatedAt.Before(v.From),
		!v.To.IsZero() && !r.CreatedAt.Before(v.To):
		return false
	}
	return true
}

// Dim returns the counter dimension and value that hold the view's
// filtered groups, when FromCounters.
func (v View) Dim() (dim, value string) {
	switch {
	case v.Channel != "":
		return DimChannel, v.Channel
	case v.Language != "":
		return DimLanguage, v.Language
	}
	return DimAll, ""
}

// ParseView reads a view from request parameters (split, channel,
// language, from, to, min_n), checking each against the survey. Every
// problem is reported at once, with the parameter as its path.
func ParseView(s *Survey, get func(string) string, loc *time.Location) (View, error) {
	v := View{MinN: s.MinN, Split: get("split"), Channel: get("channel"), Language: get("language")}
	var p Problems
	bad := func(path, id string, data map[string]any) {
		p = append(p, Problem{Path: path, MessageID: id, Data: data})
	}
	if v.Split != "" {
		q, ok := s.Question(v.Split)
		switch {
		case !ok:
			bad("split", "results.split_unknown", map[string]any{"Question": v.Split})
		case !q.Demographic || q.Type != TypeSingle:
			bad("split", "results.split_not_demographic", map[string]any{"Question": v.Split})
		}
	}
	if v.Channel != "" && v.Channel != ChannelWeb && v.Channel != ChannelSMS {
		bad("channel", "results.channel_invalid", map[string]any{"Channel": v.Channel})
	}
	if v.Language != "" && !s.HasLanguage(v.Language) {
		bad("language", "results.language_invalid", map[string]any{"Language": v.Language})
	}
	if raw := get("min_n"); raw != "" {
		n, err := strconv.Atoi(raw)
		switch {
		case err != nil || n > MaxMinN:
			bad("min_n", "results.min_n_invalid", map[string]any{"Value": raw, "Max": MaxMinN})
		case n < s.MinN:
			bad("min_n", "results.min_n_lowered", map[string]any{"Value": n, "MinN": s.MinN})
		default:
			v.MinN = n
		}
	}
	var err error
	if v.From, err = parseDay(get("from"), loc); err != nil {
		bad("from", "results.date_invalid", map[string]any{"Value": get("from")})
	}
	to, err := parseDay(get("to"), loc)
	if err != nil {
		bad("to", "results.date_invalid", map[string]any{"Value": get("to")})
	} else if !to.IsZero() {
		v.To = to.AddDate(0, 0, 1) // "to" is the last day included
	}
	if !v.From.IsZero() && !v.To.IsZero() && !v.From.Before(v.To) {
		bad("to", "results.date_order", nil)
	}
	if len(p) > 0 {
		return View{}, p
	}
	return v, nil
}

// parseDay reads a YYYY-MM-DD day at midnight in loc; "" is the zero time.
func parseDay(s string, loc *time.Location) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.ParseInLocation(time.DateOnly, s, loc)
}
