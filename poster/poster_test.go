package poster

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/go-text/typesetting/di"
	"github.com/makiuchi-d/gozxing"
	gzqr "github.com/makiuchi-d/gozxing/qrcode"
)

const formLink = "https://survey.example.org/s/safety-spring-2026?lang=vi"

func section(lang string, rtl bool, headline string) Section {
	qr, err := EncodeQR(strings.Replace(formLink, "vi", lang, 1))
	if err != nil {
		panic(err)
	}
	return Section{
		Lang: lang, RTL: rtl, Headline: headline, Title: "Khảo sát An toàn và Dịch vụ Khu phố",
		Scan: "Quét mã bằng máy ảnh điện thoại", QR: qr, URLLabel: "Hoặc mở:", URLText: "survey.example.org/s/safety-spring-2026",
		SMSTitle: "Không có điện thoại thông minh? Nhắn tin", SMSWordLabel: "Nhắn từ này:", Keyword: "SAFE",
		SMSNumberLabel: "Đến số:", Number: "(617) 555-0123", Small: []string{"Câu trả lời của bạn được giữ kín. 2 phút."},
	}
}

// decode reads the one QR code in img, as a phone camera would.
func decode(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := gzqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("no QR code could be read: %v", err)
	}
	return res.GetText()
}

func TestPNGPosterQRDecodes(t *testing.T) {
	r, err := NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	p := &Poster{Paper: A4, Sections: []Section{section("vi", false, "Khu phố của bạn. Tiếng nói của bạn.")}}
	var buf bytes.Buffer
	if err := r.WritePNG(&buf, p); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 2480 || b.Dy() != 3508 {
		t.Fatalf("A4 at 300 dpi is 2480×3508, got %v", b)
	}
	if got := decode(t, img); got != formLink {
		t.Fatalf("QR code reads %q, want %q", got, formLink)
	}
	keepArtifact(t, "poster-vi-a4.png", buf.Bytes())
}

func TestPNGTwoLanguagesLetter(t *testing.T) {
	r, _ := NewRenderer()
	p := &Poster{Paper: Letter, Sections: []Section{section("vi", false, "Khu phố của bạn."), section("ht", false, "Katye ou. Vwa ou.")}}
	img := r.Draw(p)
	if b := img.Bounds(); b.Dx() != 2550 || b.Dy() != 3300 {
		t.Fatalf("Letter at 300 dpi is 2550×3300, got %v", b)
	}
	// Each half holds one code; read them separately.
	h := img.Bounds().Dy() / 2
	top := decode(t, img.SubImage(image.Rect(0, 0, img.Bounds().Dx(), h)))
	bottom := decode(t, img.SubImage(image.Rect(0, h, img.Bounds().Dx(), 2*h)))
	if !strings.HasSuffix(top, "lang=vi") || !strings.HasSuffix(bottom, "lang=ht") {
		t.Fatalf("codes read %q and %q", top, bottom)
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	keepArtifact(t, "poster-vi-ht-letter.png", buf.Bytes())
}

// arabic is a section as the Arabic poster has it: joined letters, a mark
// (shadda), a Latin keyword and STOP/HELP inside Arabic sentences.
func arabic() Section {
	qr, _ := EncodeQR(strings.Replace(formLink, "vi", "ar", 1))
	return Section{Lang: "ar", RTL: true, Headline: "حيّك. صوتك.", Title: "استبيان السلامة والخدمات في الحي",
		Scan: "امسح الرمز بكاميرا هاتفك للإجابة", QR: qr, URLLabel: "أو افتح هذا العنوان:", URLText: "survey.example.org/s/safety-spring-2026",
		SMSTitle: "ليس لديك هاتف ذكي؟ أجب برسالة نصية", SMSWordLabel: "أرسل هذه الكلمة:", Keyword: "AMAN",
		SMSNumberLabel: "إلى هذا الرقم:", Number: "(617) 555-0123", Small: []string{"قد تُطبَّق رسوم الرسائل والبيانات. أرسل STOP لإيقاف الرسائل، وHELP للمساعدة."}}
}

func TestPNGArabic(t *testing.T) {
	r, _ := NewRenderer()
	var buf bytes.Buffer
	if err := r.WritePNG(&buf, &Poster{Paper: A4, Sections: []Section{arabic(), section("vi", false, "Khu phố của bạn.")}}); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	h := img.Bounds().Dy() / 2
	if got := decode(t, img.(*image.Gray).SubImage(image.Rect(0, 0, img.Bounds().Dx(), h))); !strings.HasSuffix(got, "lang=ar") {
		t.Errorf("Arabic half's code reads %q", got)
	}
	keepArtifact(t, "poster-ar-vi-a4.png", buf.Bytes())
}

// TestShapingJoinsArabic checks what a reader would see: the letters of
// an Arabic word take their joined forms (shaped glyphs differ from the
// letters' isolated glyphs and the word is narrower), and a line of
// Arabic with a Latin word keeps the Latin word left to right.
func TestShapingJoinsArabic(t *testing.T) {
	r, _ := NewRenderer()
	word := "صوتك"
	joined := r.rtl.lines(word, "ar", 100, 10000)
	if len(joined) != 1 {
		t.Fatalf("%d lines", len(joined))
	}
	var isolated int
	for _, c := range word {
		isolated += r.rtl.lines(string(c), "ar", 100, 10000)[0].width
	}
	if joined[0].width >= isolated {
		t.Errorf("joined word %d px wide, its letters apart %d px: the letters were not joined", joined[0].width, isolated)
	}
	mixed := r.rtl.lines("أرسل HELP للمساعدة", "ar", 100, 10000)[0]
	// Visual order of an RTL paragraph: the last Arabic word leftmost,
	// then HELP left to right, then the first Arabic word.
	var dirs []string
	for _, run := range mixed.runs {
		d := "LTR"
		if run.Direction == di.DirectionRTL {
			d = "RTL"
		}
		dirs = append(dirs, d)
	}
	if got := strings.Join(dirs, " "); got != "RTL LTR RTL" {
		t.Errorf("runs of Arabic, Latin, Arabic laid out as %q, want RTL LTR RTL", got)
	}
	if !r.Supports("حيّك. صوتك.", true) || r.Supports("漢字", true) {
		t.Error("Supports is wrong about Arabic or CJK")
	}
	// Wrapping: a long sentence breaks into several lines within the width.
	long := r.rtl.lines(strings.Repeat("استبيان السلامة والخدمات في الحي ", 6), "ar", 60, 1200)
	if len(long) < 2 {
		t.Fatalf("long Arabic text did not wrap: %d line(s)", len(long))
	}
	for i, l := range long {
		if l.width > 1200 {
			t.Errorf("line %d is %d px, wider than 1200", i, l.width)
		}
	}
}

func TestPNGRefusesMissingGlyphs(t *testing.T) {
	r, _ := NewRenderer()
	zh := section("vi", false, "您的社区")
	if err := r.WritePNG(&bytes.Buffer{}, &Poster{Paper: A4, Sections: []Section{zh}}); !errors.Is(err, ErrScript) {
		t.Fatalf("CJK PNG: %v, want ErrScript", err)
	}
	if !r.Supports("Khảo sát ỹ", false) || !r.Supports("Sondaj katye è ò", false) {
		t.Error("Vietnamese or Haitian Creole not supported")
	}
}

func TestSVG(t *testing.T) {
	qr, err := EncodeQR(formLink)
	if err != nil {
		t.Fatal(err)
	}
	svg := qr.SVG(`Code "to" <form>`)
	for _, want := range []string{`<svg xmlns="http://www.w3.org/2000/svg"`, `aria-label="Code &quot;to&quot; &lt;form&gt;"`, `fill="#000" d="M4 4h7v1h-7z`} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q: %.300s", want, svg)
		}
	}
	if strings.Contains(svg, "<form>") {
		t.Error("SVG title not escaped")
	}
}

// keepArtifact writes a file under testdata-artifacts/ at the repository
// root (gitignored) for a person to look at.
func keepArtifact(t *testing.T, name string, b []byte) {
	dir := filepath.Join("..", "testdata-artifacts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Log(err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		t.Log(err)
	}
}

func TestDisplayNumber(t *testing.T) {
	for in, want := range map[string]string{
		"+16175550123":                       "(617) 555-0123",
		"+447700900123":                      "+447700900123",
		"72789":                              "72789",
		"MG0123456789abcdef0123456789abcdef": "",
		"":                                   "",
		"6175550123":                         "",
	} {
		if got := DisplayNumber(in); got != want {
			t.Errorf("DisplayNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRendererConcurrent draws posters at once, as simultaneous downloads
// do; run with -race.
func TestRendererConcurrent(t *testing.T) {
	r, _ := NewRenderer()
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sec := arabic()
			if i%2 == 1 {
				sec = section("ht", false, "Katye ou. Vwa ou.")
			}
			if err := r.WritePNG(io.Discard, &Poster{Paper: Letter, Sections: []Section{sec}}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}
