package handlers_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"canvass/auth"
	"canvass/handlers"
	"canvass/results"
	"canvass/surveys"
	"canvass/synth"
	"canvass/xlsxstream/xlsxstreamtest"
)

// heldCursor serves synthetic responses in steps and holds the cursor
// before each step and before it ends until the test lets it go on, so a
// test knows what the export has read when it looks at what the client
// has received.
type heldCursor struct {
	handlers.ResultsStore
	steps []int // responses served after each hold
	end   error // returned once the steps are served
	held  chan int
	next  chan struct{}
	// served are the responses served, in order (read by the test while
	// the cursor is held).
	served []*surveys.Response
}

func newHeldCursor(steps []int, end error) *heldCursor {
	return &heldCursor{steps: steps, end: end, held: make(chan int), next: make(chan struct{})}
}

func (h *heldCursor) EachResponseIn(ctx context.Context, slug string, from, to time.Time, fn func(*surveys.Response) error) error {
	rec, err := h.Survey(ctx, slug)
	if err != nil {
		return err
	}
	g := synth.New(&rec.Survey, 7, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC))
	for i := 0; ; i++ {
		select {
		case h.held <- i:
		case <-ctx.Done():
			return ctx.Err()
		}
		select {
		case <-h.next:
		case <-ctx.Done():
			return ctx.Err()
		}
		if i == len(h.steps) {
			return h.end
		}
		for range h.steps[i] {
			r := g.Next()
			r.Version = rec.Version
			h.served = append(h.served, r)
			if err := fn(r); err != nil {
				return err
			}
		}
	}
}

// hold waits until the export holds the cursor before step i (i ==
// len(steps): before it ends).
func (h *heldCursor) hold(t *testing.T, ctx context.Context, i int) {
	t.Helper()
	select {
	case got := <-h.held:
		if got != i {
			t.Fatalf("held before step %d, want %d", got, i)
		}
	case <-ctx.Done():
		t.Fatalf("the export never read responses: %v", ctx.Err())
	}
}

// release lets the held cursor go on.
func (h *heldCursor) release(t *testing.T, ctx context.Context) {
	t.Helper()
	select {
	case h.next <- struct{}{}:
	case <-ctx.Done():
		t.Fatalf("the export stopped reading: %v", ctx.Err())
	}
}

// getXLSX starts GET responses.xlsx on a server reading from cursor; the
// request ends with ctx, a bound on a test that would otherwise wait
// forever for rows that never come.
func getXLSX(t *testing.T, ctx context.Context, cursor *heldCursor, log io.Writer) *http.Response {
	t.Helper()
	a := newResultsApp(t, 0, 0, withChange(func(s *handlers.Server) {
		cursor.ResultsStore = s.Results
		s.Results = cursor
		if log != nil {
			s.Logger = slog.New(slog.NewTextHandler(log, nil))
		}
	}))
	req, err := http.NewRequestWithContext(ctx, "GET", a.URL+"/api/v1/surveys/"+a.rec.Slug+"/responses.xlsx", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+a.Tokens[auth.RoleStaff])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("no response while the export holds the cursor: %v", err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("%d %v", resp.StatusCode, resp.Header)
	}
	return resp
}

// readRows reads the sheet's XML into sheet until it holds n whole rows.
func readRows(t *testing.T, r io.Reader, sheet *bytes.Buffer, n int) {
	t.Helper()
	chunk := make([]byte, 32<<10)
	for strings.Count(sheet.String(), "</row>") < n {
		k, err := r.Read(chunk)
		sheet.Write(chunk[:k])
		if err != nil {
			t.Fatalf("%d of %d rows received while the export holds the cursor: %v", strings.Count(sheet.String(), "</row>"), n, err)
		}
	}
}

// TestResponsesXLSXStreamsWhileReading: the workbook's first parts and
// header row reach the client before the export reads a response, and
// every row up to a flush before it reads on. The cursor is held while
// the client reads, so rows that only left at the end (a workbook built
// first, as excelize does, or rows left in the compressor) never arrive
// and the test fails at its deadline.
func TestResponsesXLSXStreamsWhileReading(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cursor := newHeldCursor([]int{handlers.XLSXFlushRows, 3}, nil)
	resp := getXLSX(t, ctx, cursor, nil)
	var body bytes.Buffer
	cursor.hold(t, ctx, 0)
	sheetXML, before, err := xlsxstreamtest.SheetReader(io.TeeReader(resp.Body, &body))
	if err != nil {
		t.Fatalf("the workbook's start not received before the first response is read: %v", err)
	}
	if want := []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"}; !slices.Equal(before, want) {
		t.Fatalf("parts before the sheet %v", before)
	}
	var sheet bytes.Buffer
	readRows(t, sheetXML, &sheet, 1)
	if !strings.Contains(sheet.String(), "<t>Response</t>") || !strings.Contains(sheet.String(), `<pane ySplit="1"`) {
		t.Fatalf("header row %s", sheet.String())
	}

	cursor.release(t, ctx)
	cursor.hold(t, ctx, 1)
	readRows(t, sheetXML, &sheet, 1+handlers.XLSXFlushRows)
	last := cursor.served[handlers.XLSXFlushRows-1]
	if !strings.Contains(sheet.String(), "<t>"+results.ExportResponseID(last.ID)+"</t>") {
		t.Fatalf("response %d not in the rows received", handlers.XLSXFlushRows)
	}

	cursor.release(t, ctx)
	cursor.hold(t, ctx, 2)
	cursor.release(t, ctx)
	if _, err := io.Copy(&body, resp.Body); err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, body.Bytes())
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil || len(rows) != 1+len(cursor.served) {
		t.Fatalf("%d rows, %d responses served: %v", len(rows)-1, len(cursor.served), err)
	}
	for i, r := range cursor.served {
		if rows[1+i][0] != results.ExportResponseID(r.ID) {
			t.Fatalf("row %d is %q, want response %d", 2+i, rows[1+i][0], i)
		}
	}
}

// lockedBuffer is a log written by the server and read by the test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestResponsesXLSXFailingMidStream: a database error after rows were
// sent cannot become a status code any more; the file ends without its zip
// directory, so it fails to open instead of passing for a complete
// export, and the log says why.
func TestResponsesXLSXFailingMidStream(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var log lockedBuffer
	cursor := newHeldCursor([]int{handlers.XLSXFlushRows + 10}, errors.New("cursor lost"))
	resp := getXLSX(t, ctx, cursor, &log)
	for i := range 2 {
		cursor.hold(t, ctx, i)
		cursor.release(t, ctx)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if f, err := excelize.OpenReader(bytes.NewReader(body)); err == nil {
		f.Close()
		t.Fatalf("a failed export opens as a workbook (%d bytes)", len(body))
	}
	// The rows flushed before the error were sent all the same.
	sheetXML, _, err := xlsxstreamtest.SheetReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	sheet, _ := io.ReadAll(sheetXML)
	if n := strings.Count(string(sheet), "</row>"); n < 1+handlers.XLSXFlushRows || strings.Contains(string(sheet), "</worksheet>") {
		t.Fatalf("%d rows sent before the error; the sheet ends: %v", n, strings.Contains(string(sheet), "</worksheet>"))
	}
	if !strings.Contains(log.String(), "export failed while streaming") || !strings.Contains(log.String(), "cursor lost") {
		t.Fatalf("log %q", log.String())
	}
}
