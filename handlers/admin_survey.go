package handlers

import (
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/labstack/echo/v5"

	"canvass/links"
	"canvass/poster"
	"canvass/surveys"
	"canvass/web"
)

// surveyView is the data of admin/survey: one survey's state, today's
// counts, every problem its definition has now, and links to preview it
// in each language and channel, and to print its poster.
type surveyView struct {
	adminPage
	Survey          *surveys.Record
	Title           string
	Today           todayCounts
	Problems        []problemView
	Errors          int
	SurveyLanguages []surveyLanguage
	// PublicURL is the form's address residents use.
	PublicURL string
	SMSNumber string
	// SMSCosts is what one completed SMS survey costs in each language.
	SMSCosts []smsLanguageCost
	// InTheWay are the open surveys holding this one's keywords, which
	// the page offers to close when it opens this one.
	InTheWay []roundView
}

// smsLanguageCost is one row of the SMS cost table.
type smsLanguageCost struct {
	Name, Code, Dir string
	Segments        int
	Messages        int
	Longest         int // segments of the longest message
	// Written and Plain are Segments as written and in plain letters;
	// PlainLetters tells which one is sent.
	Written, Plain int
	PlainLetters   bool
	UCS2           string // the characters that make its messages UCS-2
}

// surveyLanguage is one of the survey's languages with its preview links.
type surveyLanguage struct {
	Code, Name, Dir    string
	PreviewURL, SMSURL string
	PosterURL          string
}

func (s *Server) showSurvey(c *echo.Context) error {
	return s.renderSurvey(c, http.StatusOK, nil)
}

// renderSurvey shows a survey; extra are problems of a refused action (a
// keyword taken since the survey was saved, when opening it).
func (s *Server) renderSurvey(c *echo.Context, status int, extra surveys.Problems) error {
	ctx := c.Request().Context()
	rec, err := s.Surveys.Survey(ctx, c.Param("slug"))
	if err != nil {
		return err
	}
	loc := s.localizer(c)
	// Validation depends on the other open surveys, so a definition that
	// was fine when saved is checked again each time it is shown. Its
	// errors decide whether it may open; a refusal's own problems (a
	// keyword taken, which the page offers to free) are shown instead.
	checked, err := s.Authoring.Check(ctx, &rec.Survey)
	if err != nil {
		return err
	}
	problems := extra
	if problems == nil {
		problems = checked
	}
	v := surveyView{
		adminPage: s.newAdminPage(c, "surveys", "admin.survey.title", map[string]any{"Slug": rec.Slug}),
		Survey:    rec,
		Title:     rec.Title.In(loc.Lang(), rec.DefaultLanguage),
		Problems:  s.problemViews(loc, &rec.Survey, problems),
		Errors:    len(checked.Errors()),
		PublicURL: links.Site(s.Options.PublicURL).URL(links.Survey(rec.Slug)),
		SMSNumber: poster.DisplayNumber(s.Options.SMSNumber),
	}
	if v.Today, err = s.todayCounts(c, rec, loc); err != nil {
		return err
	}
	if rec.Status != surveys.StatusOpen {
		rounds, err := s.Authoring.RoundsInTheWay(ctx, &rec.Survey)
		if err != nil {
			return err
		}
		v.InTheWay = roundViews(loc, rounds)
	}
	if rec.SMS != nil {
		for _, lc := range s.Authoring.Cost(&rec.Survey).Languages {
			row := smsLanguageCost{Name: surveys.LanguageName(lc.Language), Code: lc.Language, Dir: web.Dir(lc.Language), Segments: lc.Segments, Messages: len(lc.Messages),
				Written: lc.WrittenSegments, Plain: lc.PlainSegments, PlainLetters: lc.PlainLetters, UCS2: strings.Join(lc.UCS2, " ")}
			for _, m := range lc.Messages {
				row.Longest = max(row.Longest, m.Segments)
			}
			v.SMSCosts = append(v.SMSCosts, row)
		}
	}
	base := surveyAdminURL(rec.Slug)
	for _, l := range rec.Languages {
		q := "?lang=" + url.QueryEscape(l)
		v.SurveyLanguages = append(v.SurveyLanguages, surveyLanguage{
			Code: l, Name: surveys.LanguageName(l), Dir: web.Dir(l),
			PreviewURL: base + "/preview" + q, SMSURL: base + "/sms" + q, PosterURL: base + "/poster" + q,
		})
	}
	return s.renderAdmin(c, status, "admin/survey", v)
}

// countItems turns a counter map into items, largest first, named by name.
func countItems(m map[string]int64, name func(string) string) []countItem {
	out := make([]countItem, 0, len(m))
	for k, n := range m {
		if n > 0 {
			out = append(out, countItem{Name: name(k), Count: n})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Name < out[j].Name
	})
	return out
}
