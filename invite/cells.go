package invite

import (
	"sort"
	"strings"
	"time"

	"canvass/ids"
	"canvass/surveys"
)

// NeighborhoodIndex resolves what an organizer wrote in a neighborhood cell
// (an ID, a name in any language, one of its match words) to an ID.
type NeighborhoodIndex struct {
	ids map[string]string
}

// NewNeighborhoodIndex indexes the neighborhoods of the given surveys.
func NewNeighborhoodIndex(defs ...*surveys.Survey) *NeighborhoodIndex {
	x := &NeighborhoodIndex{ids: map[string]string{}}
	for _, d := range defs {
		for _, n := range d.Neighborhoods {
			x.ids[strings.ToLower(n.ID)] = n.ID
			for _, name := range n.Name {
				x.ids[strings.ToLower(strings.TrimSpace(name))] = n.ID
			}
			for _, m := range n.Match {
				x.ids[strings.ToLower(strings.TrimSpace(m))] = n.ID
			}
		}
	}
	return x
}

// Empty reports whether no neighborhood is known.
func (x *NeighborhoodIndex) Empty() bool { return x == nil || len(x.ids) == 0 }

// Resolve returns the ID a cell names. With no neighborhoods known, any
// well-formed ID is accepted as written (lower-cased).
func (x *NeighborhoodIndex) Resolve(v string) (string, bool) {
	key := strings.ToLower(strings.TrimSpace(v))
	if x.Empty() {
		return key, ids.Valid(key)
	}
	id, ok := x.ids[key]
	return id, ok
}

// consentLayouts are the date forms sign-up sheets use, by how a region
// writes day and month.
func consentLayouts(region string) []string {
	iso := []string{"2006-01-02", "2006/01/02", time.RFC3339, "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04",
		"Jan 2, 2006", "January 2, 2006", "2 Jan 2006", "2 January 2006"}
	switch strings.ToUpper(region) {
	case "US", "CA", "PR":
		return append(iso, "1/2/2006", "1/2/06", "1-2-2006", "1/2/2006 15:04", "1/2/2006 3:04 PM", "1/2/2006 15:04:05")
	default:
		return append(iso, "2/1/2006", "2/1/06", "2.1.2006", "2-1-2006", "2/1/2006 15:04")
	}
}

// earliestConsent is the oldest consent date believed: anything earlier is
// a data-entry slip (and predates SMS consent practice anyway).
const earliestConsent = 1990

// ParseConsentDate reads a consent date cell as a UTC day, in the region's
// day/month order. It returns a message ID when the cell is unreadable, in
// the future, or implausibly old.
func ParseConsentDate(v, region string, today time.Time) (time.Time, string) {
	v = strings.TrimSpace(v)
	for _, layout := range consentLayouts(region) {
		t, err := time.Parse(layout, v)
		if err != nil {
			continue
		}
		day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		switch {
		case !today.IsZero() && day.After(today.AddDate(0, 0, 1)):
			return time.Time{}, "contacts.consent_date_future"
		case day.Year() < earliestConsent:
			return time.Time{}, "contacts.consent_date_old"
		}
		return day, ""
	}
	return time.Time{}, "contacts.consent_date_format"
}

func sortConsents(c []Consent) {
	sort.SliceStable(c, func(i, j int) bool { return c[i].Date.Before(c[j].Date) })
}
