package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"canvass/results"
	"canvass/sms/twiliotest"
	"canvass/testwait"
)

// TestCrashUnderLoad runs the real binary under concurrent web and SMS load,
// kills it with SIGKILL at a random moment, twice, and restarts it on the
// same data. Clients behave as real ones do: a browser re-sends a form
// whose answer it never got, Twilio redelivers a message that got no reply.
// Afterwards every acknowledged response is stored exactly once, every SMS
// conversation went on from the right question, and the survey's response
// count, the results total, the export and `canvass results check` agree,
// with no command run by hand.
func TestCrashUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the binary")
	}
	t.Parallel()
	bin := filepath.Join(t.TempDir(), "canvass")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	c := newCrashRig(t, bin)
	c.start()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() { c.webClient(ctx, w) })
	}
	for p := range 4 {
		wg.Go(func() { c.smsPhones(ctx, p) })
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 3))
	for range 2 {
		c.waitFor(func() bool { return c.acked() >= 10 }) // under load
		<-time.After(time.Duration(rng.IntN(800)) * time.Millisecond)
		c.kill()
		c.start()
	}
	c.waitFor(func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		return len(c.webKeys) >= 30 && c.smsDone >= 8
	})
	cancel()
	wg.Wait()
	c.verify()
}

type crashRig struct {
	t        *testing.T
	bin, dir string
	addr     string
	cmd      *exec.Cmd
	exited   chan struct{}
	mu       sync.Mutex
	webKeys  []string // acknowledged form keys
	smsDone  int      // conversations whose last message was acknowledged
	kills    int
}

const crashToken = "crash-test-admin-token-0123456789"
const crashTwilio = "c0ffee00000000000000000000c0ffee" // shaped like a real token

func newCrashRig(t *testing.T, bin string) *crashRig {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return &crashRig{t: t, bin: bin, dir: t.TempDir(), addr: addr}
}

func (c *crashRig) url() string { return "http://" + c.addr }

// start runs the binary and waits until it answers /healthz.
func (c *crashRig) start() {
	c.t.Helper()
	cmd := exec.Command(c.bin)
	cmd.Env = append(os.Environ(), "CANVASS_ADDR="+c.addr, "CANVASS_DATA="+c.dir, "CANVASS_PUBLIC_URL="+c.url(),
		"CANVASS_ADMIN_TOKEN="+crashToken, "TWILIO_AUTH_TOKEN="+crashTwilio, "TWILIO_ACCOUNT_SID=AC"+strings.Repeat("0", 32),
		"TWILIO_FROM=+15550009999", "CANVASS_LOG_LEVEL=warn")
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	c.mu.Lock()
	c.cmd, c.exited = cmd, exited
	c.mu.Unlock()
	c.waitFor(func() bool {
		resp, err := http.Get(c.url() + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})
}

func (c *crashRig) kill() {
	c.mu.Lock()
	cmd, exited := c.cmd, c.exited
	c.kills++
	c.mu.Unlock()
	_ = cmd.Process.Signal(syscall.SIGKILL)
	<-exited
}

// waitFor polls cond on a clock: what it waits for happens in another
// process. It waits as long as the test may run (go test -timeout), less a
// margin to fail with a message, so a slow machine never fails it.
func (c *crashRig) waitFor(cond func() bool) {
	c.t.Helper()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	timeout := testwait.Timeout(c.t)
	for !cond() {
		select {
		case <-tick.C:
		case <-timeout:
			c.t.Fatal("timed out")
		}
	}
}

func (c *crashRig) acked() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.webKeys) + c.smsDone
}

var crashKey = regexp.MustCompile(`name="_key" value="([^"]+)"`)

// webClient fills in the form again and again; a post that gets no answer
// (the server died) is sent again, same key, until it is answered.
func (c *crashRig) webClient(ctx context.Context, w int) {
	client := &http.Client{Timeout: 20 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for ctx.Err() == nil {
		resp, err := client.Get(c.url() + "/s/safety-spring-2026")
		if err != nil {
			<-time.After(50 * time.Millisecond) // restarting
			continue
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		m := crashKey.FindSubmatch(page)
		if m == nil {
			<-time.After(50 * time.Millisecond) // the page limit
			continue
		}
		key := string(m[1])
		form := url.Values{"_key": {key}, "neighborhood": {[]string{"riverside", "elm-park", "eastgate"}[w%3]},
			"safe_day": {fmt.Sprint(1 + w%5)}, "safe_night": {"3"}, "needs": {"housing"}, "household": {"2"}, "age": {"age_35_44"}}
		for {
			req, _ := http.NewRequest("POST", c.url()+"/s/safety-spring-2026", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			resp, err := client.Do(req)
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusSeeOther {
					c.mu.Lock()
					c.webKeys = append(c.webKeys, key)
					c.mu.Unlock()
					break
				}
			}
			// No answer: the resident taps Send again once the page works.
			<-time.After(50 * time.Millisecond)
		}
	}
}

// smsConversation is the example survey by text, each reply checked, so a
// message applied twice or lost shows as a wrong question.
var smsConversation = []struct{ text, reply string }{
	{"SAFE", "2 Español"}, {"1", "Which neighborhood"}, {"01421", "during the day"}, {"4", "at night"},
	{"2", "What makes you feel unsafe"}, {"1 and 3", "What would help"}, {"More light", "household need most"},
	{"2, 10", "How many people"}, {"4", "How old"}, {"2", "race or ethnicity"}, {"skip", "What language"},
	{"1", "rent or own"}, {"1", "Reply YES or NO."}, {"no", "Thank you"},
}

// smsPhones runs conversations from new phones one after another; a
// message without a reply is redelivered, same MessageSid, as Twilio does.
func (c *crashRig) smsPhones(ctx context.Context, p int) {
	client := &http.Client{Timeout: 20 * time.Second}
	for n := 0; ctx.Err() == nil; n++ {
		phone := fmt.Sprintf("+1555%02d%05d", p, n)
		for i, step := range smsConversation {
			sid := fmt.Sprintf("SM%02d%05d%02d%s", p, n, i, strings.Repeat("0", 23))
			form := url.Values{"MessageSid": {sid}, "From": {phone}, "To": {"+15550009999"}, "Body": {step.text}, "AccountSid": {"AC" + strings.Repeat("0", 32)}}
			for {
				req, _ := http.NewRequest("POST", c.url()+"/sms/twilio", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("X-Twilio-Signature", twiliotest.Sign(crashTwilio, c.url()+"/sms/twilio", form))
				resp, err := client.Do(req)
				if err == nil {
					body, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					if resp.StatusCode == 200 {
						if !strings.Contains(string(body), step.reply) {
							c.t.Errorf("phone %s, %q: reply lacks %q: %s", phone, step.text, step.reply, body)
							return
						}
						break
					}
				}
				<-time.After(50 * time.Millisecond)
			}
		}
		c.mu.Lock()
		c.smsDone++
		c.mu.Unlock()
	}
}

// verify checks the stored responses against what was acknowledged, and
// every count against the stored responses, then stops the server and
// runs `canvass results check`.
func (c *crashRig) verify() {
	t := c.t
	get := func(path string, out any) []byte {
		req, _ := http.NewRequest("GET", c.url()+path, nil)
		req.Header.Set("Authorization", "Bearer "+crashToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, b)
		}
		if out != nil {
			if err := json.Unmarshal(b, out); err != nil {
				t.Fatal(err)
			}
		}
		return b
	}
	stored := map[string]int{}
	sms := 0
	sc := bufio.NewScanner(strings.NewReader(string(get("/api/v1/surveys/safety-spring-2026/responses.ndjson", nil))))
	sc.Buffer(nil, 1<<20)
	rows := 0
	for sc.Scan() {
		var r struct {
			ID      string `json:"response"`
			Channel string `json:"channel"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		rows++
		stored[r.ID]++
		if r.Channel == "sms" {
			sms++
		}
	}
	var survey struct {
		Responses int `json:"responses"`
	}
	get("/api/v1/surveys/safety-spring-2026", &survey)
	var shown struct {
		Total int `json:"total"`
	}
	get("/api/v1/surveys/safety-spring-2026/results", &shown)
	c.mu.Lock()
	keys, smsDone := c.webKeys, c.smsDone
	c.mu.Unlock()
	missing, dups := 0, 0
	for _, k := range keys {
		switch stored[results.ExportResponseID("web|safety-spring-2026|"+k)] {
		case 0:
			missing++
		case 1:
		default:
			dups++
		}
	}
	web := map[string]bool{}
	for _, k := range keys {
		web[results.ExportResponseID("web|safety-spring-2026|"+k)] = true
	}
	for id, n := range stored {
		if n > 1 && !web[id] {
			dups++
		}
	}
	t.Logf("kills %d; acknowledged %d web + %d sms; stored %d rows (%d sms); missing %d, duplicates %d; survey count %d, results total %d",
		c.kills, len(keys), smsDone, rows, sms, missing, dups, survey.Responses, shown.Total)
	if missing != 0 || dups != 0 {
		t.Errorf("%d acknowledged responses missing, %d stored twice", missing, dups)
	}
	// A conversation cut by the end of the test may have stored its
	// response before its last message was acknowledged: at most one per phone.
	if sms < smsDone || sms > smsDone+4 {
		t.Errorf("%d SMS responses stored for %d finished conversations", sms, smsDone)
	}
	if survey.Responses != rows || shown.Total != rows {
		t.Errorf("survey count %d, results total %d, export %d rows: they must agree", survey.Responses, shown.Total, rows)
	}
	c.mu.Lock()
	cmd, exited := c.cmd, c.exited
	c.mu.Unlock()
	_ = cmd.Process.Signal(syscall.SIGTERM)
	<-exited
	check := exec.Command(c.bin, "results", "check", "--survey", "safety-spring-2026")
	check.Env = append(os.Environ(), "CANVASS_DATA="+c.dir)
	if out, err := check.CombinedOutput(); err != nil || !strings.Contains(string(out), "agree") {
		t.Errorf("results check: %v\n%s", err, out)
	}
}
