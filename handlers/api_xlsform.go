package handlers

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v5"

	"canvass/auth"
	"canvass/authoring"
	"canvass/surveys"
	"canvass/xlsform"
)

// getSurveyXLSForm is GET /api/v1/surveys/{slug}/xlsform: the survey's
// current definition as an XLSForm that imports back identically, with
// its version in the settings, as Kobo and ODK Central expect.
// ?add_languages=fr,pt adds empty columns for a translator to fill.
func (s *Server) getSurveyXLSForm(c *echo.Context) error {
	var add []string
	for _, v := range strings.Split(c.QueryParam("add_languages"), ",") {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		code, ok := surveys.ParseLanguage(v)
		if !ok {
			return surveys.Errorf(surveys.ErrInvalid, "survey.language_invalid", map[string]any{"Language": v})
		}
		add = append(add, code)
	}
	rec, err := s.Surveys.Survey(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := xlsform.WriteWith(&buf, &rec.Survey, xlsform.Options{Version: strconv.Itoa(rec.Version), Languages: add}); err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+rec.Slug+`.xlsx"`)
	return c.Blob(http.StatusOK, authoring.XLSFormType, buf.Bytes())
}

// sentAsXLSForm reports whether the request's body is declared an .xlsx
// workbook.
func sentAsXLSForm(c *echo.Context) bool {
	mt, _, _ := mime.ParseMediaType(c.Request().Header.Get("Content-Type"))
	return mt == authoring.XLSFormType
}

// readUpload reads a definition or workbook from the body, at most
// maxDefinitionBytes.
func readUpload(c *echo.Context) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(c.Request().Body, maxDefinitionBytes+1))
	if err != nil {
		return nil, surveys.Errorf(surveys.ErrInvalid, "error.bad_request", nil)
	}
	if len(body) > maxDefinitionBytes {
		return nil, echo.ErrStatusRequestEntityTooLarge
	}
	return body, nil
}

// textsJSON is the answer to an upload of translations: the survey as it
// now is, each text changed, and any language it is now offered in.
type textsJSON struct {
	Survey surveyJSON `json:"survey"`
	*authoring.TextsReport
}

// putSurveyTexts is PUT /api/v1/surveys/{slug}/texts: a translator's
// filled-in XLSForm updates the survey's texts and nothing else. Texts
// still missing come back as problems (422), each at its path.
func (s *Server) putSurveyTexts(c *echo.Context) error {
	body, err := readUpload(c)
	if err != nil {
		return err
	}
	rec, report, warnings, err := s.Authoring.UpdateTexts(c.Request().Context(), c.Param("slug"), body)
	if err != nil {
		return err
	}
	if len(report.Changed) > 0 {
		s.audit(c, auth.ActionSurveyUpdate, rec.Slug, map[string]string{
			"version": strconv.Itoa(rec.Version), "texts": strconv.Itoa(len(report.Changed)),
		})
	}
	out := surveyJSON{Record: rec, Warnings: s.problemsJSON(s.localizer(c), warnings)}
	return c.JSON(http.StatusOK, textsJSON{Survey: out, TextsReport: report})
}
