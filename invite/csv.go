package invite

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"canvass/phone"
	"canvass/surveys"
)

// Columns of a contacts CSV.
const (
	ColPhone         = "phone"
	ColLanguage      = "language"
	ColNeighborhood  = "neighborhood"
	ColConsentSource = "consent_source"
	ColConsentDate   = "consent_date"
)

// requiredColumns are the columns every contacts CSV must have, in the
// order errors name them.
func requiredColumns() []string {
	return []string{ColPhone, ColLanguage, ColNeighborhood, ColConsentSource, ColConsentDate}
}

// headerAliases maps a header, lower-cased with only letters and digits
// kept, to its column: organizers export from sign-up sheets and CRMs that
// each name the columns their own way.
var headerAliases = map[string]string{
	"phone": ColPhone, "phonenumber": ColPhone, "number": ColPhone, "mobile": ColPhone, "mobilephone": ColPhone,
	"cell": ColPhone, "cellphone": ColPhone, "telephone": ColPhone, "tel": ColPhone, "sms": ColPhone, "e164": ColPhone,
	"language": ColLanguage, "lang": ColLanguage, "preferredlanguage": ColLanguage,
	"neighborhood": ColNeighborhood, "neighbourhood": ColNeighborhood, "neighborhoodid": ColNeighborhood,
	"consentsource": ColConsentSource, "source": ColConsentSource, "consentedvia": ColConsentSource,
	"consentdate": ColConsentDate, "dateofconsent": ColConsentDate, "consentedon": ColConsentDate, "consentedat": ColConsentDate,
}

// Limits of one import.
const (
	MaxImportRows    = 50000
	MaxConsentSource = 200
	maxCellRunes     = 500
)

// Row is one good row of a contacts CSV, normalized.
type Row struct {
	Row           int // the row number a spreadsheet shows (the header is row 1)
	Phone         string
	Language      string
	Neighborhood  string
	ConsentSource string
	ConsentDate   time.Time
	// Consents holds every consent of the rows merged into this one.
	Consents []Consent
}

// RowProblem is why a row was refused, or a note about a kept one (a
// duplicate merged). MessageID and Data render in the organizer's language.
type RowProblem struct {
	Row       int
	Column    string
	MessageID string
	Data      map[string]any
}

// ParseOptions say how to read the cells.
type ParseOptions struct {
	// Region reads national phone numbers ("US").
	Region string
	// Neighborhoods resolves the neighborhood cells; nil accepts any
	// well-formed neighborhood ID.
	Neighborhoods *NeighborhoodIndex
	// Today is the import's date; later consent dates are refused.
	Today time.Time
}

// Parsed is a contacts CSV read: the good rows with duplicates merged, the
// refused rows with their reasons, notes on merged rows, and headers that
// were not used.
type Parsed struct {
	Rows     []Row
	Rejected []RowProblem
	Merged   []RowProblem
	Ignored  []string
	Read     int // data rows read
}

// ParseCSV reads a contacts CSV. A bad row is reported with its number and
// reason and the rest are kept; only a file that cannot be read as a
// contacts table at all (no header, a required column missing, too many
// rows) is an error.
func ParseCSV(r io.Reader, opt ParseOptions) (*Parsed, error) {
	br := bufio.NewReader(r)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3) // Excel's "CSV UTF-8" starts with a byte-order mark
	}
	cr := csv.NewReader(br)
	cr.Comma = sniffDelimiter(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, surveys.Errorf(surveys.ErrInvalid, "contacts.empty_file", nil)
	}
	if err != nil {
		return nil, csvError(err)
	}
	cols, ignored, err := mapHeader(header)
	if err != nil {
		return nil, err
	}
	p := &Parsed{Ignored: ignored}
	var rows []Row
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && !errors.Is(pe.Err, csv.ErrQuote) && !errors.Is(pe.Err, csv.ErrBareQuote) {
				return nil, csvError(err)
			}
			if errors.As(err, &pe) {
				// A quote problem spoils one row; the reader resumes after it.
				p.Rejected = append(p.Rejected, RowProblem{Row: pe.StartLine, MessageID: "contacts.row_syntax"})
				continue
			}
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		p.Read++
		if p.Read > MaxImportRows {
			return nil, surveys.Errorf(surveys.ErrInvalid, "contacts.too_many_rows", map[string]any{"Max": MaxImportRows})
		}
		row, problems := readRow(line, rec, cols, opt)
		if len(problems) > 0 {
			p.Rejected = append(p.Rejected, problems...)
			continue
		}
		rows = append(rows, row)
	}
	p.Rows, p.Merged = mergeDuplicates(rows)
	return p, nil
}

// sniffDelimiter picks ";" when the header line has semicolons and no
// commas (spreadsheets in locales with a decimal comma write those), else ",".
func sniffDelimiter(br *bufio.Reader) rune {
	peek, _ := br.Peek(4096)
	first, _, _ := bytes.Cut(peek, []byte("\n"))
	if bytes.Count(first, []byte(";")) > 0 && bytes.Count(first, []byte(",")) == 0 {
		return ';'
	}
	if bytes.Count(first, []byte("\t")) > 0 && bytes.Count(first, []byte(",")) == 0 {
		return '\t'
	}
	return ','
}

func csvError(err error) error {
	var pe *csv.ParseError
	line := 0
	if errors.As(err, &pe) {
		line = pe.StartLine
	}
	return &surveys.Error{Code: surveys.ErrInvalid, MessageID: "contacts.csv_syntax", Data: map[string]any{"Line": line}, Err: err}
}

// mapHeader finds each column's index and lists the headers not used.
func mapHeader(header []string) (map[string]int, []string, error) {
	cols := map[string]int{}
	var ignored []string
	for i, h := range header {
		col, ok := headerAliases[headerKey(h)]
		if !ok {
			if strings.TrimSpace(h) != "" {
				ignored = append(ignored, strings.TrimSpace(h))
			}
			continue
		}
		if _, dup := cols[col]; dup {
			return nil, nil, surveys.Errorf(surveys.ErrInvalid, "contacts.duplicate_column", map[string]any{"Column": col, "Header": strings.TrimSpace(h)})
		}
		cols[col] = i
	}
	var missing []string
	for _, c := range requiredColumns() {
		if _, ok := cols[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, nil, surveys.Errorf(surveys.ErrInvalid, "contacts.missing_columns", map[string]any{
			"Columns": strings.Join(missing, ", "), "Required": strings.Join(requiredColumns(), ", "),
		})
	}
	return cols, ignored, nil
}

func headerKey(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// cell returns a column's trimmed value ("" when the row is short).
func cell(rec []string, cols map[string]int, col string) string {
	i := cols[col]
	if i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// readRow checks one row and reports every problem it has, so an organizer
// fixes a row once.
func readRow(line int, rec []string, cols map[string]int, opt ParseOptions) (Row, []RowProblem) {
	row := Row{Row: line}
	var out []RowProblem
	bad := func(col, id string, data map[string]any) {
		out = append(out, RowProblem{Row: line, Column: col, MessageID: id, Data: data})
	}
	for _, c := range rec {
		if utf8.RuneCountInString(c) > maxCellRunes || !utf8.ValidString(c) {
			bad("", "contacts.cell_invalid", map[string]any{"Max": maxCellRunes})
			return row, out
		}
	}
	if e164, err := phone.Normalize(cell(rec, cols, ColPhone), opt.Region); err != nil {
		var pe *phone.Error
		errors.As(err, &pe)
		bad(ColPhone, "contacts."+pe.Reason, map[string]any{"Value": cell(rec, cols, ColPhone)})
	} else {
		row.Phone = e164
	}
	if v := cell(rec, cols, ColLanguage); v == "" {
		bad(ColLanguage, "contacts.required", map[string]any{"Column": ColLanguage})
	} else if lang, ok := surveys.ParseLanguage(v); !ok {
		bad(ColLanguage, "contacts.language_unknown", map[string]any{"Value": v})
	} else {
		row.Language = lang
	}
	if v := cell(rec, cols, ColNeighborhood); v == "" {
		bad(ColNeighborhood, "contacts.required", map[string]any{"Column": ColNeighborhood})
	} else if id, ok := opt.Neighborhoods.Resolve(v); !ok {
		bad(ColNeighborhood, "contacts.neighborhood_unknown", map[string]any{"Value": v})
	} else {
		row.Neighborhood = id
	}
	switch v := cell(rec, cols, ColConsentSource); {
	case v == "":
		bad(ColConsentSource, "contacts.required", map[string]any{"Column": ColConsentSource})
	case utf8.RuneCountInString(v) > MaxConsentSource:
		bad(ColConsentSource, "contacts.consent_source_long", map[string]any{"Max": MaxConsentSource})
	default:
		row.ConsentSource = v
	}
	if v := cell(rec, cols, ColConsentDate); v == "" {
		bad(ColConsentDate, "contacts.required", map[string]any{"Column": ColConsentDate})
	} else if d, id := ParseConsentDate(v, opt.Region, opt.Today); id != "" {
		bad(ColConsentDate, id, map[string]any{"Value": v})
	} else {
		row.ConsentDate = d
	}
	row.Consents = []Consent{{Source: row.ConsentSource, Date: row.ConsentDate}}
	return row, out
}
