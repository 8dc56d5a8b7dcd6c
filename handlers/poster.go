package handlers

import (
	"bytes"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/links"
	"canvass/locales"
	"canvass/poster"
	"canvass/surveys"
	"canvass/web"
)

func (s *Server) registerPosterRoutes(g *echo.Group) {
	read := s.require(auth.SurveysRead)
	g.GET("/surveys/:slug/poster", s.showPoster, read)
	r, err := poster.NewRenderer()
	if err != nil {
		s.Logger.Error("poster PNGs are off: the embedded font does not load", "err", err)
		return
	}
	s.posterPNG = r
	g.GET("/surveys/:slug/poster.png", s.posterImage, read)
}

// posterView is the data of admin/poster: the printable poster and the
// controls (hidden in print) that choose its languages and paper.
type posterView struct {
	adminPage
	Slug            string
	Title           string
	Sections        []posterSectionView
	SurveyLanguages []surveyLanguage
	Lang            string
	Lang2           string
	Paper           string
	PNGURL          string
	// PNGLanguage names a chosen language the PNG cannot draw (Arabic);
	// the page then points to printing it from the browser instead.
	PNGLanguage string
	BackURL     string
}

// posterSectionView is one language's half (or whole) of the poster.
type posterSectionView struct {
	poster.Section
	Dir string
	QR  template.HTML
	// KeywordSize picks the keyword's type size by its length, so a short
	// keyword is as big as can be and a long one still fits its line.
	KeywordSize string
}

func keywordSize(kw string) string {
	switch n := utf8.RuneCountInString(kw); {
	case n <= 6:
		return "s"
	case n <= 9:
		return "m"
	case n <= 13:
		return "l"
	}
	return "xl"
}

// posterLanguages reads ?lang= and ?lang2= (one or two of the survey's
// languages) and ?paper=.
func posterLanguages(c *echo.Context, sv *surveys.Survey) (lang, lang2 string, paper poster.Paper) {
	lang = contentLanguage(c, sv)
	lang2 = c.QueryParam("lang2")
	if !sv.HasLanguage(lang2) || lang2 == lang {
		lang2 = ""
	}
	return lang, lang2, poster.PaperNamed(c.QueryParam("paper"))
}

func (s *Server) showPoster(c *echo.Context) error {
	rec, err := s.Surveys.Survey(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	lang, lang2, paper := posterLanguages(c, &rec.Survey)
	p, err := s.buildPoster(rec, paper, lang, lang2)
	if err != nil {
		return err
	}
	loc := s.localizer(c)
	q := url.Values{"lang": {lang}, "paper": {paper.Name}}
	if lang2 != "" {
		q.Set("lang2", lang2)
	}
	v := posterView{
		adminPage: s.newAdminPage(c, "surveys", "admin.poster.page_title", map[string]any{"Slug": rec.Slug}),
		Slug:      rec.Slug,
		Title:     rec.Title.In(loc.Lang(), rec.DefaultLanguage),
		Lang:      lang, Lang2: lang2, Paper: paper.Name,
		PNGURL:  surveyAdminURL(rec.Slug) + "/poster.png?" + q.Encode(),
		BackURL: surveyAdminURL(rec.Slug),
	}
	for _, l := range rec.Languages {
		v.SurveyLanguages = append(v.SurveyLanguages, surveyLanguage{Code: l, Name: surveys.LanguageName(l)})
	}
	for _, sec := range p.Sections {
		qrLabel := s.Catalog.Localizer(sec.Lang).T("poster.qr_label", nil)
		v.Sections = append(v.Sections, posterSectionView{Section: sec, Dir: web.Dir(sec.Lang), QR: template.HTML(sec.QR.SVG(qrLabel)), KeywordSize: keywordSize(sec.Keyword)})
		if s.posterPNG == nil || !s.posterPNG.CanDraw(sec) {
			v.PNGLanguage = surveys.LanguageName(sec.Lang)
		}
	}
	return s.renderAdmin(c, http.StatusOK, "admin/poster", v)
}

// posterImage is the poster as a 300 dpi PNG, for print shops and for
// sharing online.
func (s *Server) posterImage(c *echo.Context) error {
	rec, err := s.Surveys.Survey(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	lang, lang2, paper := posterLanguages(c, &rec.Survey)
	p, err := s.buildPoster(rec, paper, lang, lang2)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := s.posterPNG.WritePNG(&buf, p); err != nil {
		if errors.Is(err, poster.ErrScript) {
			return surveys.Errorf(surveys.ErrInvalid, "poster.png_script", map[string]any{"Language": surveys.LanguageName(s.unsupportedSection(p))})
		}
		return err
	}
	name := rec.Slug + "-poster-" + strings.Join(append([]string{lang}, nonEmpty(lang2)...), "-") + "-" + paper.Name + ".png"
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	return c.Blob(http.StatusOK, "image/png", buf.Bytes())
}

// unsupportedSection names the language of the first section the PNG
// cannot draw.
func (s *Server) unsupportedSection(p *poster.Poster) string {
	for _, sec := range p.Sections {
		if !s.posterPNG.CanDraw(sec) {
			return sec.Lang
		}
	}
	return p.Sections[0].Lang
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// buildPoster puts the survey's poster together in one or two languages:
// each section's text in its own language, its QR code linking to the form
// in that language.
func (s *Server) buildPoster(rec *surveys.Record, paper poster.Paper, langs ...string) (*poster.Poster, error) {
	p := &poster.Poster{Paper: paper}
	for _, lang := range langs {
		if lang == "" {
			continue
		}
		sec, err := s.posterSection(rec, s.Catalog.Localizer(lang), lang)
		if err != nil {
			return nil, err
		}
		p.Sections = append(p.Sections, sec)
	}
	return p, nil
}

func (s *Server) posterSection(rec *surveys.Record, loc *locales.Localizer, lang string) (poster.Section, error) {
	sv := &rec.Survey
	site := links.Site(s.Options.PublicURL)
	link := site.URL(links.Survey(sv.Slug))
	qr, err := poster.EncodeQR(site.URL(links.Form(sv.Slug, lang)))
	if err != nil {
		return poster.Section{}, err
	}
	sec := poster.Section{
		Lang: lang, RTL: surveys.IsRTL(lang),
		Headline: loc.T("poster.headline", nil),
		Title:    sv.Title.In(lang, sv.DefaultLanguage),
		Scan:     loc.T("poster.scan", nil),
		QR:       qr,
		URLLabel: loc.T("poster.url_label", nil),
		URLText:  strings.TrimPrefix(strings.TrimPrefix(link, "https://"), "http://"),
	}
	if intro := sv.Intro.In(lang, sv.DefaultLanguage); intro != "" {
		sec.Small = append(sec.Small, intro)
	}
	if number := poster.DisplayNumber(s.Options.SMSNumber); number != "" && sv.SMS != nil && sv.SMS.Keyword != "" {
		sec.SMSTitle = loc.T("poster.sms_title", nil)
		sec.SMSWordLabel = loc.T("poster.sms_word", nil)
		sec.SMSNumberLabel = loc.T("poster.sms_number", nil)
		sec.Keyword, sec.Number = sv.KeywordIn(lang), number
		sec.Small = append(sec.Small, loc.T("poster.sms_terms", nil))
	}
	return sec, nil
}
