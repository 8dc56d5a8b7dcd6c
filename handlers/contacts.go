package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/invite"
	"canvass/locales"
	"canvass/phone"
	"canvass/surveys"
)

// maxContactsBytes bounds a contacts upload: MaxImportRows rows of about a
// hundred bytes, with room to spare.
const maxContactsBytes = 10 << 20

func (s *Server) registerContactRoutes(g *echo.Group) {
	w := s.require(auth.ContactsWrite)
	g.POST("/contacts/import", s.importContacts, w)
	g.GET("/contacts", s.listContacts, w)
	g.DELETE("/contacts/:id", s.deleteContact, w)
	g.POST("/contacts/forget", s.forgetContact, w)
}

// rowJSON is one refused row of an import, or a note on a kept one.
type rowJSON struct {
	Row    int           `json:"row"`
	Errors []cellErrJSON `json:"errors,omitempty"`
	Note   string        `json:"note,omitempty"`
}

type cellErrJSON struct {
	Column  string `json:"column,omitempty"`
	Message string `json:"message"`
}

// importJSON is what an import did.
type importJSON struct {
	DryRun   bool `json:"dry_run"`
	Read     int  `json:"rows_read"`
	Imported int  `json:"imported"`
	invite.ContactImport
	// OptedOut counts imported numbers that have opted out: they are kept
	// but never invited.
	OptedOut       int       `json:"opted_out"`
	Rejected       []rowJSON `json:"rejected"`
	Merged         []rowJSON `json:"merged"`
	IgnoredColumns []string  `json:"ignored_columns"`
}

// importContacts reads a contacts CSV: every good row is kept (merged by
// number) and every bad one reported with its row number and reasons, in
// the organizer's language. ?survey= checks neighborhoods against one
// survey (else against all); ?dry_run=true only checks.
func (s *Server) importContacts(c *echo.Context) error {
	out, err := s.runImport(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

// runImport reads, checks and (unless a dry run) stores an upload.
func (s *Server) runImport(c *echo.Context) (*importJSON, error) {
	ctx := c.Request().Context()
	upload, err := contactsUpload(c)
	if err != nil {
		return nil, err
	}
	// Read whole (at most 10 MB) so a file over the limit is refused
	// rather than cut at an arbitrary row.
	body, err := io.ReadAll(io.LimitReader(upload, maxContactsBytes+1))
	upload.Close()
	var tooBig *http.MaxBytesError
	if len(body) > maxContactsBytes || errors.As(err, &tooBig) {
		return nil, surveys.Errorf(surveys.ErrInvalid, "contacts.too_large", map[string]any{"MaxMB": maxContactsBytes >> 20})
	}
	if err != nil {
		return nil, surveys.Errorf(surveys.ErrInvalid, "error.bad_request", nil)
	}
	index, err := s.neighborhoodIndex(ctx, c.QueryParam("survey"))
	if err != nil {
		return nil, err
	}
	parsed, err := invite.ParseCSV(bytes.NewReader(body), invite.ParseOptions{
		Region: s.Invite.Region, Neighborhoods: index, Today: time.Now().UTC(),
	})
	if err != nil {
		return nil, err
	}
	contacts := s.contactsOf(parsed.Rows)
	out := &importJSON{DryRun: c.QueryParam("dry_run") == "true", Read: parsed.Read, Imported: len(contacts), IgnoredColumns: parsed.Ignored}
	if out.IgnoredColumns == nil {
		out.IgnoredColumns = []string{}
	}
	if out.OptedOut, err = s.countOptedOut(ctx, contacts); err != nil {
		return nil, err
	}
	loc := s.localizer(c)
	out.Rejected, out.Merged = rejectedJSON(loc, parsed.Rejected), notesJSON(loc, parsed.Merged)
	if !out.DryRun {
		if out.ContactImport, err = s.Invite.Store.SaveContacts(ctx, contacts); err != nil {
			return nil, err
		}
		s.audit(c, auth.ActionContactsImport, "", map[string]string{
			"created": strconv.Itoa(out.Created), "updated": strconv.Itoa(out.Updated), "rejected": strconv.Itoa(len(out.Rejected)),
		})
	}
	return out, nil
}

// contactsUpload returns the CSV: the body itself, or a multipart form's
// "file" field.
func contactsUpload(c *echo.Context) (io.ReadCloser, error) {
	r := c.Request()
	r.Body = http.MaxBytesReader(c.Response(), r.Body, maxContactsBytes+1<<20)
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "multipart/form-data" {
		f, _, err := r.FormFile("file")
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return nil, surveys.Errorf(surveys.ErrInvalid, "contacts.too_large", map[string]any{"MaxMB": maxContactsBytes >> 20})
			}
			return nil, surveys.Errorf(surveys.ErrInvalid, "contacts.body_required", nil)
		}
		return f, nil
	}
	if r.ContentLength == 0 {
		return nil, surveys.Errorf(surveys.ErrInvalid, "contacts.body_required", nil)
	}
	return r.Body, nil
}

// neighborhoodIndex resolves neighborhood cells against one survey, or all.
func (s *Server) neighborhoodIndex(ctx context.Context, slug string) (*invite.NeighborhoodIndex, error) {
	if slug != "" {
		rec, err := s.Invite.Store.Survey(ctx, slug)
		if err != nil {
			return nil, err
		}
		return invite.NewNeighborhoodIndex(&rec.Survey), nil
	}
	recs, err := s.Invite.Store.Surveys(ctx)
	if err != nil {
		return nil, err
	}
	defs := make([]*surveys.Survey, len(recs))
	for i, r := range recs {
		defs[i] = &r.Survey
	}
	return invite.NewNeighborhoodIndex(defs...), nil
}

// contactsOf turns good rows into contacts: pseudonym as ID, number sealed.
func (s *Server) contactsOf(rows []invite.Row) []*invite.Contact {
	out := make([]*invite.Contact, len(rows))
	for i, r := range rows {
		id := s.Invite.Pseudonyms.Pseudonym(r.Phone)
		out[i] = &invite.Contact{ID: id, Phone: s.Invite.Phones.Seal(r.Phone, id), Language: r.Language, Neighborhood: r.Neighborhood,
			ConsentSource: r.ConsentSource, ConsentDate: r.ConsentDate, Consents: r.Consents}
	}
	return out
}

// optedOut returns which of the contacts opted out, by index: the same
// check outreach leaves them out of batches by.
func (s *Server) optedOut(ctx context.Context, ids []string) ([]bool, error) {
	return s.Invite.Outreach.OptedOut(ctx, ids)
}

func (s *Server) countOptedOut(ctx context.Context, contacts []*invite.Contact) (int, error) {
	ids := make([]string, len(contacts))
	for i, c := range contacts {
		ids[i] = c.ID
	}
	out, err := s.optedOut(ctx, ids)
	n := 0
	for _, o := range out {
		if o {
			n++
		}
	}
	return n, err
}

// rejectedJSON groups a row's problems under its number, in file order.
func rejectedJSON(loc *locales.Localizer, ps []invite.RowProblem) []rowJSON {
	out := []rowJSON{}
	for _, p := range ps {
		e := cellErrJSON{Column: p.Column, Message: loc.T(p.MessageID, p.Data)}
		if n := len(out); n > 0 && out[n-1].Row == p.Row {
			out[n-1].Errors = append(out[n-1].Errors, e)
			continue
		}
		out = append(out, rowJSON{Row: p.Row, Errors: []cellErrJSON{e}})
	}
	return out
}

func notesJSON(loc *locales.Localizer, ps []invite.RowProblem) []rowJSON {
	out := []rowJSON{}
	for _, p := range ps {
		out = append(out, rowJSON{Row: p.Row, Note: loc.T(p.MessageID, p.Data)})
	}
	return out
}

func (s *Server) deleteContact(c *echo.Context) error {
	return s.removeContact(c, c.Param("id"))
}

// removeContact deletes a contact for good, with any message still
// waiting for them and any request of theirs to hear results back: after
// it canvass holds the number nowhere.
func (s *Server) removeContact(c *echo.Context, id string) error {
	if err := s.forget(c, id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) forget(c *echo.Context, id string) error {
	ctx := c.Request().Context()
	if err := s.Invite.Store.DeleteFollowupsOf(ctx, id); err != nil {
		return err
	}
	if err := s.Invite.Store.DeleteContact(ctx, id); err != nil {
		return err
	}
	s.audit(c, actionContactDelete, id, nil)
	return nil
}

// forgetContact deletes the contact with a phone number, given in the body
// so it never appears in a URL or a log.
func (s *Server) forgetContact(c *echo.Context) error {
	var req struct {
		Phone string `json:"phone"`
	}
	if err := json.NewDecoder(io.LimitReader(c.Request().Body, 4096)).Decode(&req); err != nil || strings.TrimSpace(req.Phone) == "" {
		return surveys.Errorf(surveys.ErrInvalid, "contacts.phone_required", nil)
	}
	e164, err := phone.Normalize(req.Phone, s.Invite.Region)
	if err != nil {
		var pe *phone.Error
		errors.As(err, &pe)
		return surveys.Errorf(surveys.ErrInvalid, "contacts."+pe.Reason, map[string]any{"Value": req.Phone})
	}
	return s.removeContact(c, s.Invite.Pseudonyms.Pseudonym(e164))
}
