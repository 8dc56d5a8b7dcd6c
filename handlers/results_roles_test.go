package handlers_test

import (
	"net/http"
	"strings"
	"testing"

	"canvass/auth"
)

// oneNeighborhood is a survey of a single neighborhood: every split has
// one group, the overall row equals it.
const oneNeighborhood = `
slug: one-area
default_language: en
languages: [en, ar]
title: {en: One area, ar: منطقة واحدة}
public_results: true
neighborhoods:
  - {id: north-of-main, name: {en: North of Main, ar: شمال الشارع}}
questions:
  - {id: nb, type: neighborhood, text: {en: "Neighborhood?", ar: "الحي؟"}}
  - {id: safe, type: scale, text: {en: "How safe?", ar: "ما مدى الأمان؟"}, scale: {min: 1, max: 5}}
  - id: why
    type: multi
    text: {en: "Why?", ar: "لماذا؟"}
    options:
      - {id: light, text: {en: Lighting, ar: الإضاءة}}
      - {id: traffic, text: {en: Traffic, ar: المرور}}
`

// TestResultsEveryRoleGetsAPage opens every results page, export and list
// as every role on the surveys that broke them: no responses, every group
// hidden, one neighborhood only, and a partner whose neighborhoods the
// survey does not cover (its lists leave the survey out, its pages say
// why). None answers 500.
func TestResultsEveryRoleGetsAPage(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		app       func(t *testing.T) *resultsApp
		partnerIn bool // the partner's neighborhoods are in the survey
	}{
		{"no responses", func(t *testing.T) *resultsApp { return newResultsApp(t, 0, 1) }, true},
		{"every group hidden", func(t *testing.T) *resultsApp { return newResultsApp(t, 3, 2) }, true},
		{"one neighborhood", func(t *testing.T) *resultsApp {
			a := newResultsApp(t, 0, 3, withSurvey(oneNeighborhood))
			a.addResponses(40, 3)
			return a
		}, true},
		{"none of the partner's neighborhoods", func(t *testing.T) *resultsApp {
			return newResultsApp(t, 60, 4, withPartnerNeighborhoods("nowhere"))
		}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := tc.app(t)
			slug := a.rec.Slug
			pages := []string{
				"/admin/results/" + slug, "/admin/results/" + slug + "?lang=ar",
				"/api/v1/surveys/" + slug + "/results", "/api/v1/surveys/" + slug + "/results.csv",
				"/api/v1/surveys/" + slug + "/results.xlsx",
			}
			for _, role := range []auth.Role{auth.RoleOrganizer, auth.RoleStaff, auth.RolePartner} {
				status, body, _ := a.fetch("/admin/results", role, "Accept", "text/html")
				listed := strings.Contains(string(body), "/admin/results/"+slug)
				if status != http.StatusOK || listed != (role != auth.RolePartner || tc.partnerIn) {
					t.Errorf("%s: results list %d, lists %s: %v", role, status, slug, listed)
				}
				for _, path := range pages {
					status, body, _ := a.fetch(path, role, "Accept", "text/html", "Accept-Language", "ar")
					want := http.StatusOK
					if role == auth.RolePartner && !tc.partnerIn {
						want = http.StatusNotFound
						if !strings.Contains(string(body), "لا يشمل هذا الاستبيان أيًا من أحيائك") {
							t.Errorf("%s %s: %d does not say why: %.300s", role, path, status, body)
						}
					}
					if status != want {
						t.Errorf("%s %s: %d, want %d: %.300s", role, path, status, want, body)
					}
				}
			}
			if status, body, _ := a.fetch("/s/"+slug+"/results", "", "Accept-Language", "ar"); status != http.StatusOK {
				t.Errorf("public page: %d %.300s", status, body)
			}
		})
	}
}

// Results pages, public and staff, are sent gzipped to a browser that
// accepts it, and much smaller for it.
func TestResultsPagesAreCompressed(t *testing.T) {
	t.Parallel()
	a := newResultsApp(t, 120, 5)
	for _, path := range []string{"/s/" + a.rec.Slug + "/results", "/admin/results/" + a.rec.Slug} {
		_, plain, _ := a.fetch(path, auth.RoleStaff, "Accept", "text/html")
		status, zipped, h := a.fetch(path, auth.RoleStaff, "Accept", "text/html", "Accept-Encoding", "gzip")
		if status != http.StatusOK || h.Get("Content-Encoding") != "gzip" || len(zipped)*3 > len(plain) {
			t.Errorf("%s: %d, %q, %d bytes gzipped of %d", path, status, h.Get("Content-Encoding"), len(zipped), len(plain))
		}
	}
}

// A survey's round name speaks the page's language (round_label), on the
// public page, the staff page and the results list.
func TestRoundLabelTranslates(t *testing.T) {
	t.Parallel()
	a := newResultsApp(t, 30, 6)
	for _, c := range []struct {
		path, lang, want string
		role             auth.Role
	}{
		{"/s/" + a.rec.Slug + "/results?lang=ar", "ar", "ربيع 2026", ""},
		{"/admin/results/" + a.rec.Slug, "es", "Primavera 2026", auth.RoleStaff},
		{"/admin/results", "vi", "Mùa xuân 2026", auth.RolePartner},
	} {
		status, body, _ := a.fetch(c.path, c.role, "Accept", "text/html", "Accept-Language", c.lang)
		if status != http.StatusOK || !strings.Contains(string(body), c.want) || strings.Contains(string(body), "Spring 2026") {
			t.Errorf("%s in %s: %d, want %q and no English round", c.path, c.lang, status, c.want)
		}
	}
}
