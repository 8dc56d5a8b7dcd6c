package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v5"
	"github.com/labstack/echo/v5/middleware"

	"canvass/auth"
	"canvass/invite"
	"canvass/phone"
	"canvass/surveys"
)

// The organizer pages of contacts, invitations and results back. They call
// the same code as the JSON API; a refused action shows its reason on the
// page it came from.
func (s *Server) registerInvitePages(e *echo.Echo) {
	if s.Web == nil || s.Users == nil {
		return
	}
	// Middleware per route, not per group: a group with middleware would
	// take over the admin area's catch-all 404 routes.
	g := e.Group("/admin")
	w := []echo.MiddlewareFunc{s.adminContext, middleware.BodyLimit(maxContactsBytes + 1<<20), s.require(auth.ContactsWrite)}
	g.GET("/contacts", s.showContacts, w...)
	g.POST("/contacts/import", s.postContactsImport, w...)
	g.POST("/contacts/forget", s.postContactForget, w...)
	g.GET("/surveys/:slug/invite", s.showInvite, w...)
	g.POST("/surveys/:slug/invite/preview", s.postInvitePreview(invite.KindInvitation), w...)
	g.POST("/surveys/:slug/results-back/preview", s.postInvitePreview(invite.KindResults), w...)
	g.POST("/surveys/:slug/invite", s.postInviteSend(invite.KindInvitation), w...)
	g.POST("/surveys/:slug/results-back", s.postInviteSend(invite.KindResults), w...)
	g.GET("/batches/:id", s.showBatch, w...)
	g.POST("/batches/:id/cancel", s.postBatchCancel, w...)
}

// contactsPage is the data of invite/contacts.
type contactsPage struct {
	adminPage
	Total          int
	ByNeighborhood []countItem
	ByLanguage     []countItem
	Surveys        []surveyLink
	Region         string
	Report         *importJSON
	Error          string
}

type surveyLink struct {
	Slug, Title string
	Status      surveys.Status
}

func (s *Server) showContacts(c *echo.Context) error {
	return s.renderContacts(c, nil, "", "")
}

func (s *Server) renderContacts(c *echo.Context, report *importJSON, errMsg, done string) error {
	ctx := c.Request().Context()
	loc := s.localizer(c)
	v := contactsPage{adminPage: s.newAdminPage(c, "contacts", "invite.contacts.title", nil), Region: s.Invite.Region, Report: report, Error: errMsg}
	if done != "" {
		v.Done = done
	}
	recs, err := s.Invite.Store.Surveys(ctx)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, r := range recs {
		v.Surveys = append(v.Surveys, surveyLink{Slug: r.Slug, Title: r.Title.In(loc.Lang(), r.DefaultLanguage), Status: r.Status})
		for _, nb := range r.Neighborhoods {
			names[nb.ID] = nb.Name.In(loc.Lang(), r.DefaultLanguage)
		}
	}
	byNb, byLang := map[string]int64{}, map[string]int64{}
	if err := s.Invite.Store.EachContact(ctx, invite.Audience{}, func(ct *invite.Contact) error {
		v.Total++
		byNb[ct.Neighborhood]++
		byLang[ct.Language]++
		return nil
	}); err != nil {
		return err
	}
	v.ByNeighborhood = countItems(byNb, func(k string) string {
		if n, ok := names[k]; ok {
			return n
		}
		return k
	})
	v.ByLanguage = countItems(byLang, surveys.LanguageName)
	return s.renderAdmin(c, http.StatusOK, "invite/contacts", v)
}

// postContactsImport runs the import the API runs and shows its report.
func (s *Server) postContactsImport(c *echo.Context) error {
	q := c.Request().URL.Query()
	q.Set("survey", c.FormValue("survey"))
	if c.FormValue("dry_run") != "" {
		q.Set("dry_run", "true")
	}
	c.Request().URL.RawQuery = q.Encode()
	report, err := s.runImport(c)
	if err != nil {
		var de *surveys.Error
		if errors.As(err, &de) && de.Code == surveys.ErrInvalid {
			return s.renderContacts(c, nil, s.localizer(c).T(de.MessageID, de.Data), "")
		}
		return err
	}
	return s.renderContacts(c, report, "", "")
}

func (s *Server) postContactForget(c *echo.Context) error {
	loc := s.localizer(c)
	e164, err := phone.Normalize(c.FormValue("phone"), s.Invite.Region)
	if err != nil {
		var pe *phone.Error
		errors.As(err, &pe)
		return s.renderContacts(c, nil, loc.T("contacts."+pe.Reason, map[string]any{"Value": c.FormValue("phone")}), "")
	}
	if err := s.forget(c, s.Invite.Pseudonyms.Pseudonym(e164)); err != nil {
		if surveys.IsNotFound(err) {
			return s.renderContacts(c, nil, loc.T("contacts.not_found", nil), "")
		}
		return err
	}
	return s.renderContacts(c, nil, "", loc.T("invite.contacts.forgotten", nil))
}
