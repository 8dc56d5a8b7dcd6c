package handlers

import (
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/labstack/echo/v5"

	"canvass/invite"
	"canvass/phone"
)

// contactJSON is one contact as an organizer sees it: the number masked.
type contactJSON struct {
	ID            string    `json:"id"`
	Phone         string    `json:"phone"`
	Language      string    `json:"language"`
	Neighborhood  string    `json:"neighborhood"`
	ConsentSource string    `json:"consent_source"`
	ConsentDate   string    `json:"consent_date"`
	Consents      int       `json:"consents"`
	OptedOut      bool      `json:"opted_out"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// contactsJSON is the contact list: counts by neighborhood and language
// over every contact the filter picks, and one page of them.
type contactsJSON struct {
	Total          int            `json:"total"`
	ByNeighborhood map[string]int `json:"by_neighborhood"`
	ByLanguage     map[string]int `json:"by_language"`
	Offset         int            `json:"offset"`
	Contacts       []contactJSON  `json:"contacts"`
}

const contactsPageMax = 500

// listContacts returns counts and a page of contacts (?neighborhood=,
// ?language= narrow; ?offset=, ?limit= page), ordered by neighborhood,
// language and ID so pages are stable.
func (s *Server) listContacts(c *echo.Context) error {
	ctx := c.Request().Context()
	a := invite.Audience{}
	if v := c.QueryParam("neighborhood"); v != "" {
		a.Neighborhoods = []string{v}
	}
	if v := c.QueryParam("language"); v != "" {
		a.Languages = []string{v}
	}
	limit := queryInt(c, "limit", 100, 1, contactsPageMax)
	offset := queryInt(c, "offset", 0, 0, 1<<30)
	out := contactsJSON{ByNeighborhood: map[string]int{}, ByLanguage: map[string]int{}, Offset: offset, Contacts: []contactJSON{}}
	var all []*invite.Contact
	err := s.Invite.Store.EachContact(ctx, a, func(ct *invite.Contact) error {
		out.Total++
		out.ByNeighborhood[ct.Neighborhood]++
		out.ByLanguage[ct.Language]++
		all = append(all, ct)
		return nil
	})
	if err != nil {
		return err
	}
	sort.Slice(all, func(i, j int) bool {
		x, y := all[i], all[j]
		if x.Neighborhood != y.Neighborhood {
			return x.Neighborhood < y.Neighborhood
		}
		if x.Language != y.Language {
			return x.Language < y.Language
		}
		return x.ID < y.ID
	})
	page := all[min(offset, len(all)):min(offset+limit, len(all))]
	ids := make([]string, len(page))
	for i, ct := range page {
		ids[i] = ct.ID
	}
	opted, err := s.optedOut(ctx, ids)
	if err != nil {
		return err
	}
	for i, ct := range page {
		masked := "••••"
		if num, err := s.Invite.Phones.Open(ct.Phone, ct.ID); err == nil {
			masked = phone.Mask(num)
		}
		out.Contacts = append(out.Contacts, contactJSON{ID: ct.ID, Phone: masked, Language: ct.Language, Neighborhood: ct.Neighborhood,
			ConsentSource: ct.ConsentSource, ConsentDate: ct.ConsentDate.Format("2006-01-02"), Consents: len(ct.Consents),
			OptedOut: opted[i], UpdatedAt: ct.UpdatedAt})
	}
	return c.JSON(http.StatusOK, out)
}

// queryInt reads an integer parameter within [lo, hi], def when absent or
// unreadable.
func queryInt(c *echo.Context, name string, def, lo, hi int) int {
	n, err := strconv.Atoi(c.QueryParam(name))
	if err != nil {
		return def
	}
	return max(lo, min(n, hi))
}
