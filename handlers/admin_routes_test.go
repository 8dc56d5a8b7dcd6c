package handlers_test

import (
	"context"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"

	"canvass/auth"
)

// who may call a route. anyone marks a route require() does not guard
// (public pages, sign-in, webhooks with their own signature check): every
// principal, signed in or not, must get the same answer there.
type access []string

const anon = "anonymous"

var (
	anyone     = access{"*"}
	signedIn   = access{"admin", "organizer", "staff", "partner"}
	surveyRead = access{"admin", "organizer", "staff"}
	surveyEdit = access{"admin", "organizer"}
	resultRead = access{"admin", "organizer", "staff", "partner"}
	rawRead    = access{"admin", "staff"}
	// contactsEdit: contacts hold phone numbers, and invitations cost money.
	contactsEdit = access{"admin", "organizer"}
	adminOnly    = access{"admin"}
)

// routeAccess is the whole access policy as seen from outside, one line
// per route the server registers. TestRoleRouteTable fails for a route
// missing here, so a new route cannot ship without its line.
var routeAccess = map[string]access{
	"GET /healthz":          anyone,
	"GET /":                 anyone,
	"GET /static/:name":     anyone,
	"GET /favicon.ico":      anyone,
	"GET /s/:slug":          anyone,
	"POST /s/:slug":         anyone,
	"GET /s/:slug/thanks":   anyone,
	"GET /login":            anyone,
	"POST /s/:slug/another": anyone,
	"POST /login":           anyone,
	"POST /logout":          anyone,
	"GET /setup":            anyone,
	"POST /setup":           anyone,
	// Twilio's webhooks check Twilio's signature themselves.
	"POST /sms/twilio":        anyone,
	"POST /sms/twilio/status": anyone,

	"GET /api/v1/surveys":              surveyRead,
	"POST /api/v1/surveys":             surveyEdit,
	"GET /api/v1/surveys/:slug":        surveyRead,
	"PUT /api/v1/surveys/:slug":        surveyEdit,
	"POST /api/v1/surveys/:slug/open":  surveyEdit,
	"POST /api/v1/surveys/:slug/close": surveyEdit,
	// The definition as an XLSForm: whoever may read the definition.
	"GET /api/v1/surveys/:slug/xlsform": surveyRead,
	// A translator's filled-in XLSForm updates the texts.
	"PUT /api/v1/surveys/:slug/texts": surveyEdit,

	// Results pages: staff and partners signed in; residents when the
	// survey's public_results allows (that decides, not a role).
	"GET /admin/results":       resultRead,
	"GET /admin/results/:slug": resultRead,
	"GET /s/:slug/results":     anyone,

	"GET /api/v1/surveys/:slug/results":               resultRead,
	"GET /api/v1/surveys/:slug/results.csv":           resultRead,
	"GET /api/v1/surveys/:slug/results.xlsx":          resultRead,
	"GET /api/v1/surveys/:slug/results.geojson":       resultRead,
	"GET /api/v1/surveys/:slug/results.gpkg":          resultRead,
	"POST /api/v1/surveys/:slug/results/rebuild":      surveyEdit,
	"GET /api/v1/surveys/:slug/responses.csv":         rawRead,
	"GET /api/v1/surveys/:slug/responses.xlsx":        rawRead,
	"GET /api/v1/surveys/:slug/responses.ndjson":      rawRead,
	"GET /api/v1/surveys/:slug/boundaries":            resultRead,
	"PUT /api/v1/surveys/:slug/boundaries":            surveyEdit,
	"DELETE /api/v1/surveys/:slug/boundaries":         surveyEdit,
	"GET /api/v1/series/:series":                      resultRead,
	"PUT /api/v1/series/:series":                      surveyEdit,
	"GET /api/v1/series/:series/compare":              resultRead,
	"POST /api/v1/contacts/import":                    contactsEdit,
	"GET /api/v1/contacts":                            contactsEdit,
	"DELETE /api/v1/contacts/:id":                     contactsEdit,
	"POST /api/v1/contacts/forget":                    contactsEdit,
	"POST /api/v1/surveys/:slug/invitations/preview":  contactsEdit,
	"POST /api/v1/surveys/:slug/invitations":          contactsEdit,
	"POST /api/v1/surveys/:slug/results-back/preview": contactsEdit,
	"POST /api/v1/surveys/:slug/results-back":         contactsEdit,
	"GET /api/v1/surveys/:slug/batches":               contactsEdit,
	"GET /api/v1/batches/:id":                         contactsEdit,
	"POST /api/v1/batches/:id/cancel":                 contactsEdit,
	// Organizer pages of contacts, invitations and results back.
	"GET /admin/contacts":                            contactsEdit,
	"POST /admin/contacts/import":                    contactsEdit,
	"POST /admin/contacts/forget":                    contactsEdit,
	"GET /admin/surveys/:slug/invite":                contactsEdit,
	"POST /admin/surveys/:slug/invite/preview":       contactsEdit,
	"POST /admin/surveys/:slug/invite":               contactsEdit,
	"POST /admin/surveys/:slug/results-back/preview": contactsEdit,
	"POST /admin/surveys/:slug/results-back":         contactsEdit,
	"GET /admin/batches/:id":                         contactsEdit,
	"POST /admin/batches/:id/cancel":                 contactsEdit,

	"GET /admin":                                 signedIn,
	"GET /admin/surveys":                         surveyRead,
	"GET /admin/surveys/new":                     surveyEdit,
	"GET /admin/surveys/new/example.yaml":        surveyEdit,
	"GET /admin/surveys/:slug/editor":            surveyEdit,
	"POST /admin/surveys/:slug/editor":           surveyEdit,
	"GET /admin/surveys/:slug/translations":      surveyEdit,
	"POST /admin/surveys/:slug/translations":     surveyEdit,
	"GET /admin/surveys/:slug/definition.yaml":   surveyRead,
	"GET /admin/surveys/:slug/boundaries":        surveyEdit,
	"POST /admin/surveys/:slug/boundaries":       surveyEdit,
	"GET /admin/series/:series":                  surveyEdit,
	"POST /admin/series/:series":                 surveyEdit,
	"POST /admin/surveys":                        surveyEdit,
	"GET /admin/surveys/:slug":                   surveyRead,
	"GET /admin/surveys/:slug/edit":              surveyEdit,
	"POST /admin/surveys/:slug":                  surveyEdit,
	"POST /admin/surveys/:slug/open":             surveyEdit,
	"POST /admin/surveys/:slug/close":            surveyEdit,
	"GET /admin/surveys/:slug/preview":           surveyRead,
	"POST /admin/surveys/:slug/preview":          surveyRead,
	"GET /admin/surveys/:slug/sms":               surveyRead,
	"GET /admin/surveys/:slug/poster":            surveyRead,
	"GET /admin/surveys/:slug/poster.png":        surveyRead,
	"GET /admin/users":                           adminOnly,
	"POST /admin/users":                          adminOnly,
	"GET /admin/users/:id":                       adminOnly,
	"POST /admin/users/:id":                      adminOnly,
	"POST /admin/users/:id/password":             adminOnly,
	"POST /admin/users/:id/sessions/revoke":      adminOnly,
	"POST /admin/users/:id/tokens/:token/revoke": adminOnly,
	"GET /admin/audit":                           adminOnly,
	"GET /account":                               signedIn,
	"POST /account/password":                     signedIn,
	"POST /account/tokens":                       signedIn,
	"POST /account/tokens/:token/revoke":         signedIn,
	"POST /account/sessions/revoke":              signedIn,
}

// TestRoleRouteTable asks every route the server registers as every role
// (and as nobody) and checks require's answer against routeAccess: allowed
// roles get past it (no 401, no 403), the others are refused, and routes
// that anyone may call answer everyone alike. Requests carry API tokens,
// so a refusal is the API's 401/403, never a redirect.
func TestRoleRouteTable(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	// User routes act on a bystander: a reset or a role change revokes
	// its user's tokens, and the roles asking must keep theirs.
	bystander := &auth.User{Email: "bystander@example.org", Role: auth.RoleStaff, PasswordHash: a.Users[auth.RoleStaff].PasswordHash}
	if err := a.Store.CreateUser(context.Background(), bystander); err != nil {
		t.Fatal(err)
	}
	var routes []string
	seen := map[string]bool{}
	for _, r := range a.Echo.Router().Routes() {
		key := r.Method + " " + r.Path
		if seen[key] || r.Method == "echo_route_not_found" {
			continue
		}
		seen[key] = true
		routes = append(routes, key)
	}
	sort.Strings(routes)
	for _, key := range routes {
		if _, ok := routeAccess[key]; !ok {
			t.Errorf("route %s has no line in routeAccess: say which roles may call it", key)
		}
	}
	for key := range routeAccess {
		if !seen[key] {
			t.Errorf("routeAccess lists %s, which the server does not register", key)
		}
	}
	// Roles that may change things go last, so a refused request is asked
	// before an allowed one could change what it sees.
	order := []string{anon, "partner", "staff", "organizer", "admin"}
	for _, key := range routes {
		allowed, ok := routeAccess[key]
		if !ok {
			continue
		}
		method, path, _ := strings.Cut(key, " ")
		target := fillParams(path, bystander.ID)
		statuses := map[string]int{}
		for _, who := range order {
			status := a.ask(method, target, who)
			statuses[who] = status
			switch {
			case slices.Equal(allowed, anyone):
			case slices.Contains(allowed, who):
				if status == http.StatusUnauthorized || status == http.StatusForbidden {
					t.Errorf("%s as %s: %d, want it allowed", key, who, status)
				}
			case who == anon:
				if status != http.StatusUnauthorized {
					t.Errorf("%s as nobody: %d, want 401", key, status)
				}
			default:
				if status != http.StatusForbidden {
					t.Errorf("%s as %s: %d, want 403", key, who, status)
				}
			}
		}
		if slices.Equal(allowed, anyone) && statuses[anon] != statuses["admin"] {
			t.Errorf("%s is open to anyone, but nobody got %d and an admin %d", key, statuses[anon], statuses["admin"])
		}
	}
}

// fillParams puts real values into a route's parameters: the example
// survey, the user id given, a token that does not exist.
func fillParams(path, userID string) string {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		switch {
		case p == ":slug":
			parts[i] = exampleSlug
		case p == ":id":
			parts[i] = userID
		case strings.HasPrefix(p, ":") || p == "*":
			parts[i] = "zz"
		}
	}
	return strings.Join(parts, "/")
}

// ask sends an empty request as who (a role's API token, or none) and
// returns the status.
func (a *staffApp) ask(method, path, who string) int {
	a.t.Helper()
	req, err := http.NewRequest(method, a.URL+path, strings.NewReader(""))
	if err != nil {
		a.t.Fatal(err)
	}
	if who != anon {
		req.Header.Set("Authorization", "Bearer "+a.Tokens[auth.Role(who)])
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestPagesRedirectToLogin checks that a browser without a session is sent
// to the sign-in page (and back after), while an API client gets 401.
func TestPagesRedirectToLogin(t *testing.T) {
	t.Parallel()
	a := newStaffApp(t)
	b := a.browser()
	for _, path := range []string{"/admin", "/admin/surveys", "/admin/surveys/" + exampleSlug + "/poster?lang=es", "/account", "/admin/audit"} {
		p := b.get(path)
		if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login?next=") {
			t.Errorf("GET %s without a session: %d → %q, want 303 to the sign-in page", path, p.Status, p.Location)
		}
	}
	p := b.get("/admin/surveys/" + exampleSlug + "/poster?lang=es")
	if want := "/login?next=%2Fadmin%2Fsurveys%2F" + exampleSlug + "%2Fposter%3Flang%3Des"; p.Location != want {
		t.Errorf("redirect %q, want %q", p.Location, want)
	}
	api := b.do("GET", "/api/v1/surveys", nil, "", "Accept", "application/json")
	if api.Status != http.StatusUnauthorized || !strings.Contains(api.Body, `"code":"unauthorized"`) {
		t.Errorf("API without credentials: %d %s", api.Status, api.Body)
	}
	b.mustLogin("partner@example.org")
	if p := b.get("/admin/surveys"); p.Status != http.StatusForbidden || !strings.Contains(p.Body, "<h1>") {
		t.Errorf("partner on the surveys page: %d, want a 403 page; %.300s", p.Status, p.Body)
	}
	if p := b.get("/admin"); p.Status != http.StatusSeeOther || p.Location != "/account" {
		t.Errorf("partner's home: %d → %q, want /account", p.Status, p.Location)
	}
}
