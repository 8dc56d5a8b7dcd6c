package handlers

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/surveys"
)

// auditPageSize is how many entries one page of the audit view shows.
const auditPageSize = 100

// audit records an action of the request's principal: who, what, on what,
// from which address (c.RealIP(), which believes only trusted proxies).
// Areas call it after the action succeeded. A failure to record is logged
// and returned; callers whose action is done may ignore it.
func (s *Server) audit(c *echo.Context, action, target string, detail map[string]string) error {
	return s.auditAs(c, currentPrincipal(c), action, target, detail)
}

// auditAs records an action of p (nil for an anonymous attempt, such as a
// failed sign-in).
func (s *Server) auditAs(c *echo.Context, p *auth.Principal, action, target string, detail map[string]string) error {
	if s.Audit == nil {
		return nil
	}
	e := &auth.AuditEntry{Action: action, Target: target, IP: c.RealIP(), Detail: detail}
	if p != nil {
		e.ActorID, e.ActorEmail, e.ActorRole = p.ID, p.Email, p.Role
		if p.Via != "" && p.Via != auth.ViaSession {
			if e.Detail == nil {
				e.Detail = map[string]string{}
			}
			e.Detail["via"] = p.Via
		}
	}
	if err := s.Audit.AppendAudit(c.Request().Context(), e); err != nil {
		s.Logger.Error("audit entry not stored", "action", action, "err", err)
		return err
	}
	return nil
}

func (s *Server) registerAuditRoutes(g *echo.Group) {
	g.GET("/audit", s.showAudit, s.require(auth.AuditRead))
}

// auditView is the data of admin/audit.
type auditView struct {
	adminPage
	Filter  auditFilterForm
	Actions []string
	Entries []*auth.AuditEntry
	// Older links to the next page with the same filters.
	Older string
}

// auditFilterForm echoes the filters back into the form.
type auditFilterForm struct {
	Actor, Action, Target, Since, Until string
}

func (s *Server) showAudit(c *echo.Context) error {
	q := c.QueryParams()
	form := auditFilterForm{
		Actor:  strings.TrimSpace(q.Get("actor")),
		Action: strings.TrimSpace(q.Get("action")),
		Target: strings.TrimSpace(q.Get("target")),
		Since:  q.Get("since"),
		Until:  q.Get("until"),
	}
	f := auth.AuditFilter{
		ActorEmail: auth.NormalizeEmail(form.Actor),
		Action:     form.Action,
		Target:     form.Target,
		Before:     q.Get("before"),
		Limit:      auditPageSize,
	}
	if t, err := time.ParseInLocation(time.DateOnly, form.Since, time.Local); err == nil {
		f.Since = t
	} else {
		form.Since = ""
	}
	if t, err := time.ParseInLocation(time.DateOnly, form.Until, time.Local); err == nil {
		f.Until = t.AddDate(0, 0, 1) // "until" a day includes that day
	} else {
		form.Until = ""
	}
	entries, err := s.Audit.Audit(c.Request().Context(), f)
	if err != nil {
		return err
	}
	v := auditView{
		adminPage: s.newAdminPage(c, "audit", "admin.audit.title", nil),
		Filter:    form,
		Actions:   auditActionChoices(),
		Entries:   entries,
	}
	if len(entries) == auditPageSize {
		next := url.Values{}
		for k, val := range map[string]string{"actor": form.Actor, "action": form.Action, "target": form.Target, "since": form.Since, "until": form.Until} {
			if val != "" {
				next.Set(k, val)
			}
		}
		next.Set("before", entries[len(entries)-1].ID)
		v.Older = "/admin/audit?" + next.Encode()
	}
	return s.renderAdmin(c, http.StatusOK, "admin/audit", v)
}

// auditActionChoices offers each action and, before each group, the whole
// group ("survey." matches every survey action).
func auditActionChoices() []string {
	var out []string
	seen := map[string]bool{}
	for _, a := range auth.AuditActions {
		if group, _, ok := strings.Cut(a, "."); ok && !seen[group] {
			seen[group] = true
			out = append(out, group+".")
		}
		out = append(out, a)
	}
	return out
}

// auditStatus records a survey's opening or closing.
func (s *Server) auditStatus(c *echo.Context, rec *surveys.Record) {
	action := auth.ActionSurveyClose
	if rec.Status == surveys.StatusOpen {
		action = auth.ActionSurveyOpen
	}
	s.audit(c, action, rec.Slug, map[string]string{"version": strconv.Itoa(rec.Version)})
}
