package handlers

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v5"
)

// Exports stream: rows are written as they are read (responses) or
// computed (results, a bounded set of rows whatever the number of
// responses), so memory stays flat at any size. Once the first byte is
// sent an error can no longer become a status code; it is logged, and the
// truncated file fails to parse rather than passing for a complete one.

// startDownload sets the headers of a file download named after the
// survey and the day ("safety-spring-2026-results-20260501.csv") and
// returns the writer.
func startDownload(c *echo.Context, slug, name, ext, contentType string) http.ResponseWriter {
	filename := fmt.Sprintf("%s-%s-%s.%s", slug, name, time.Now().Format("20060102"), ext)
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, contentType)
	h.Set(echo.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	h.Set("X-Content-Type-Options", "nosniff")
	c.Response().WriteHeader(http.StatusOK)
	return c.Response()
}

// utf8BOM makes Excel read a CSV file as UTF-8: without it, Arabic and
// Vietnamese text opens as mojibake in the Windows code page.
const utf8BOM = "\uFEFF"

// csvOut writes an Excel-friendly CSV: a BOM, CRLF line ends, text cells
// neutralized against formula injection.
type csvOut struct {
	buf *bufio.Writer
	w   *csv.Writer
}

func newCSV(w http.ResponseWriter) (*csvOut, error) {
	buf := bufio.NewWriterSize(w, 64<<10)
	if _, err := buf.WriteString(utf8BOM); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(buf)
	cw.UseCRLF = true
	return &csvOut{buf: buf, w: cw}, nil
}

func (o *csvOut) row(cells ...string) error { return o.w.Write(cells) }

func (o *csvOut) close() error {
	o.w.Flush()
	if err := o.w.Error(); err != nil {
		return err
	}
	return o.buf.Flush()
}

// safeCell neutralizes text a spreadsheet would run as a formula: a cell
// starting with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe (OWASP's advice), which Excel and LibreOffice show as text.
// Only text from people (answers, names, labels) goes through it; numbers
// canvass computes are written as they are.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// streamFailed logs an export that failed after its first bytes were sent,
// when only the log can tell.
func (s *Server) streamFailed(c *echo.Context, what string, err error) error {
	if err != nil {
		s.Logger.Error("export failed while streaming", "route", c.Path(), "export", what, "err", err)
	}
	return nil
}
