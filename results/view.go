package results

import (
	"math"
	"strconv"
	"time"

	"canvass/surveys"
)

// View is what a results request asks for: an optional split by a
// demographic question and optional filters. Dates are whole weeks, Monday
// to Sunday (see Week): fixed windows every date view is built from, so
// the rules of suppress.go can check a range against the windows
// beside it rather than against every range someone could ask for.
type View struct {
	Split    string
	Channel  string
	Language string
	// From and To bound CreatedAt: From <= t < To. Zero means open. Both
	// fall on the start of a week (Aligned); ParseView widens the days
	// asked for to the weeks that hold them.
	From, To time.Time
	// MinN is the small-cell threshold in force: the survey's, or higher.
	MinN int
}

// Filtered reports whether the view leaves some responses out.
func (v View) Filtered() bool {
	return v.Channel != "" || v.Language != "" || v.Dated()
}

// Dated reports whether the view has a date range.
func (v View) Dated() bool { return !v.From.IsZero() || !v.To.IsZero() }

// CheckPublished reports the problems of a view asked of published
// numbers (publish.go): they are the live counters as of each
// neighborhood's last step, which hold one attribute at a time and no
// dates, so such a view has at most one of split, channel and language.
func CheckPublished(v View) surveys.Problems {
	var p surveys.Problems
	if !v.From.IsZero() {
		p = append(p, surveys.Problem{Path: "from", MessageID: "results.published_dates"})
	}
	if !v.To.IsZero() {
		p = append(p, surveys.Problem{Path: "to", MessageID: "results.published_dates"})
	}
	if v.dims() > 1 && len(p) == 0 {
		path := "language"
		if v.Language == "" {
			path = "channel"
		}
		p = append(p, surveys.Problem{Path: path, MessageID: "results.published_one_filter"})
	}
	return p
}

// FromCounters reports whether the live counters can answer the view:
// they hold each neighborhood by one or two of split, channel and
// language, and week by week by one of them, so a view with all three, or
// with dates and two, is folded from the raw responses instead (slower;
// see docs/benchmarks.md).
func (v View) FromCounters() bool {
	if v.Dated() {
		return v.dims() <= 1
	}
	return v.dims() <= 2
}

// dims counts the view's split, channel and language.
func (v View) dims() int {
	n := 0
	for _, s := range []string{v.Split, v.Channel, v.Language} {
		if s != "" {
			n++
		}
	}
	return n
}

// Includes reports whether a response is in the view's filters.
func (v View) Includes(r *surveys.Response) bool {
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
func ParseView(s *surveys.Survey, get func(string) string, loc *time.Location) (View, error) {
	v := View{MinN: s.MinN, Split: get("split"), Channel: get("channel"), Language: get("language")}
	var p surveys.Problems
	bad := func(path, id string, data map[string]any) {
		p = append(p, surveys.Problem{Path: path, MessageID: id, Data: data})
	}
	if v.Split != "" {
		q, ok := s.Question(v.Split)
		switch {
		case !ok:
			bad("split", "results.split_unknown", map[string]any{"Question": v.Split})
		case !q.Demographic || q.Type != surveys.TypeSingle:
			bad("split", "results.split_not_demographic", map[string]any{"Question": v.Split})
		}
	}
	if v.Channel != "" && v.Channel != surveys.ChannelWeb && v.Channel != surveys.ChannelSMS {
		bad("channel", "results.channel_invalid", map[string]any{"Channel": v.Channel})
	}
	if v.Language != "" && !s.HasLanguage(v.Language) {
		bad("language", "results.language_invalid", map[string]any{"Language": v.Language})
	}
	if raw := get("min_n"); raw != "" {
		n, err := strconv.Atoi(raw)
		switch {
		case err != nil || n > surveys.MaxMinN:
			bad("min_n", "results.min_n_invalid", map[string]any{"Value": raw, "Max": surveys.MaxMinN})
		case n < s.MinN:
			bad("min_n", "results.min_n_lowered", map[string]any{"Value": n, "MinN": s.MinN})
		default:
			v.MinN = n
		}
	}
	from, err := parseDay(get("from"), loc)
	if err != nil {
		bad("from", "results.date_invalid", map[string]any{"Value": get("from")})
	}
	to, err := parseDay(get("to"), loc)
	if err != nil {
		bad("to", "results.date_invalid", map[string]any{"Value": get("to")})
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		bad("to", "results.date_order", nil)
	}
	if len(p) > 0 {
		return View{}, p
	}
	if !to.IsZero() {
		to = to.AddDate(0, 0, 1) // "to" is the last day included
	}
	v.From, v.To = from, to
	return v.Aligned(), nil
}

// Aligned widens the view's dates to whole weeks: From back to the start
// of its week, To forward to the start of the next week unless it is one.
func (v View) Aligned() View {
	if !v.From.IsZero() {
		v.From = WeekStart(v.From)
	}
	if !v.To.IsZero() {
		if s := WeekStart(v.To); !s.Equal(v.To) {
			v.To = s.AddDate(0, 0, 7)
		}
	}
	return v
}

// WeekStart is the start of t's week: Monday at midnight, in t's location.
func WeekStart(t time.Time) time.Time {
	back := (int(t.Weekday()) + 6) % 7
	return time.Date(t.Year(), t.Month(), t.Day()-back, 0, 0, 0, 0, t.Location())
}

// Week numbers the weeks (the date windows of results views) of loc's
// calendar: 0 is the week of Monday 5 January 1970, and numbers grow by
// one a week whatever daylight saving does to the hours in between.
func Week(t time.Time, loc *time.Location) int {
	s := WeekStart(t.In(loc))
	days := time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400
	d := days - 4 // 1970-01-05, a Monday, is day 4
	if d < 0 {
		d -= 6 // divide to floor: weeks before it are negative
	}
	return int(d / 7)
}

// weeks is the view's range of weeks, from inclusive to exclusive, and
// the location its weeks are counted in; ok is false for a view without dates.
func (v View) weeks() (from, to int, loc *time.Location, ok bool) {
	if !v.Dated() {
		return 0, 0, nil, false
	}
	from, to = math.MinInt, math.MaxInt
	if !v.From.IsZero() {
		loc = v.From.Location()
		from = Week(v.From, loc)
	}
	if !v.To.IsZero() {
		if loc == nil {
			loc = v.To.Location()
		}
		to = Week(v.To, loc)
	}
	return from, to, loc, true
}

// parseDay reads a YYYY-MM-DD day at midnight in loc; "" is the zero time.
func parseDay(s string, loc *time.Location) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.ParseInLocation(time.DateOnly, s, loc)
}
