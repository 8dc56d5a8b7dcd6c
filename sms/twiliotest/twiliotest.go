// Package twiliotest is a local server playing the part of Twilio's REST
// API for tests: it creates messages (giving each a SID), lists them, and
// fails, refuses or stalls on demand. It is the one fake canvass's tests
// use; everything else in them is real.
package twiliotest

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"canvass/testwait"
)

// AccountSID and AuthToken are the credentials the server accepts, shaped
// like real ones (canvass refuses to start with others).
const (
	AccountSID = "AC00000000000000000000000000000001"
	AuthToken  = "0123456789abcdef0123456789abcdef"
)

// Message is one message the server created.
type Message struct {
	SID            string
	To, From       string
	ServiceSID     string
	Body           string
	StatusCallback string
	Created        time.Time
}

// Failure is an error answer the server gives instead of creating.
type Failure struct {
	Status int // HTTP status
	Code   int // Twilio error code
	// Created makes the server create the message and still answer with
	// the error: Twilio's side took it, the caller cannot know.
	Created bool
}

// Server is a fake Twilio REST API.
type Server struct {
	URL string
	srv *httptest.Server

	mu       sync.Mutex
	messages []Message
	creates  int
	lists    int
	requests []time.Time
	refuse   map[string]Failure // by To
	failNext []Failure
	// account, when set, answers every request: the account is refused.
	account  *Failure
	onCreate func(n int, m Message)
	stall    time.Duration
	// down, when set, is where the client's requests go instead: a port
	// nobody listens on.
	down *url.URL
	// created is closed, and replaced, whenever a message is created, and
	// requested whenever a request arrives: WaitMessages and WaitRequests
	// wait on them.
	created   chan struct{}
	requested chan struct{}
}

// New starts a server, closed when the test ends.
func New(t testing.TB) *Server {
	s := &Server{refuse: map[string]Failure{}, created: make(chan struct{}), requested: make(chan struct{})}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	t.Cleanup(s.srv.Close)
	return s
}

// Client is an HTTP client that sends Twilio's API requests to the server.
func (s *Server) Client() *http.Client {
	return &http.Client{Timeout: 10 * time.Second, Transport: rewrite{s: s}}
}

type rewrite struct{ s *Server }

func (r rewrite) RoundTrip(req *http.Request) (*http.Response, error) {
	target, _ := url.Parse(r.s.URL)
	r.s.mu.Lock()
	if r.s.down != nil {
		target = r.s.down
	}
	r.s.mu.Unlock()
	req = req.Clone(req.Context())
	req.URL.Scheme, req.URL.Host, req.Host = target.Scheme, target.Host, ""
	return http.DefaultTransport.RoundTrip(req)
}

// Down makes Twilio unreachable: the client's requests go to a local port
// nobody listens on, and are refused as a real connection is. Up undoes it.
func (s *Server) Down(t testing.TB) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := &url.URL{Scheme: "http", Host: l.Addr().String()}
	l.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = closed
}

// Up makes Twilio reachable again after Down.
func (s *Server) Up() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = nil
}

// RefuseAccount makes every request fail with f, as Twilio answers when
// it refuses the account itself (wrong credentials, a suspended account),
// until AcceptAccount.
func (s *Server) RefuseAccount(f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.account = &f
}

// AcceptAccount ends RefuseAccount: the account works again.
func (s *Server) AcceptAccount() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.account = nil
}

// Refuse makes every message to `to` fail with f.
func (s *Server) Refuse(to string, f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuse[to] = f
}

// FailNext makes the next len(fs) creations fail, in order.
func (s *Server) FailNext(fs ...Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext = append(s.failNext, fs...)
}

// OnCreate calls fn after the n-th message (from 1) is created and before
// the server answers: a test stops a worker there to play a crash between
// Twilio accepting a message and canvass recording it.
func (s *Server) OnCreate(fn func(n int, m Message)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onCreate = fn
}

// Stall delays every answer by d.
func (s *Server) Stall(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stall = d
}

// Messages returns the messages created so far, oldest first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// WaitMessages returns the messages created so far once there are at
// least n. It waits as long as the test may run (go test -timeout), less a
// margin to fail with a message instead of a stack dump, so a slow machine
// never fails it.
func (s *Server) WaitMessages(t testing.TB, n int) []Message {
	t.Helper()
	timeout := testwait.Timeout(t)
	for {
		s.mu.Lock()
		got, created := len(s.messages), s.created
		s.mu.Unlock()
		if got >= n {
			return s.Messages()
		}
		select {
		case <-created:
		case <-timeout:
			t.Fatalf("twiliotest: %d messages created, waited for %d", got, n)
		}
	}
}

// Requests returns when each request reached the server, answered or
// refused, oldest first.
func (s *Server) Requests() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.requests...)
}

// WaitRequests returns once at least n requests reached the server; it
// waits as WaitMessages does.
func (s *Server) WaitRequests(t testing.TB, n int) {
	t.Helper()
	timeout := testwait.Timeout(t)
	for {
		s.mu.Lock()
		got, requested := len(s.requests), s.requested
		s.mu.Unlock()
		if got >= n {
			return
		}
		select {
		case <-requested:
		case <-timeout:
			t.Fatalf("twiliotest: %d requests arrived, waited for %d", got, n)
		}
	}
}

// Lists returns how many times the message list was read.
func (s *Server) Lists() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lists
}

// CountTo returns how many messages were created to each number.
func (s *Server) CountTo() map[string]int {
	out := map[string]int{}
	for _, m := range s.Messages() {
		out[m.To]++
	}
	return out
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, time.Now())
	close(s.requested)
	s.requested = make(chan struct{})
	account := s.account
	s.mu.Unlock()
	if account != nil {
		writeError(w, *account)
		return
	}
	user, pass, ok := r.BasicAuth()
	if !ok || user != AccountSID || pass != AuthToken {
		writeError(w, Failure{Status: http.StatusUnauthorized, Code: 20003})
		return
	}
	if r.URL.Path != "/2010-04-01/Accounts/"+AccountSID+"/Messages.json" {
		writeError(w, Failure{Status: http.StatusNotFound, Code: 20404})
		return
	}
	s.mu.Lock()
	stall := s.stall
	s.mu.Unlock()
	if stall > 0 {
		time.Sleep(stall)
	}
	switch r.Method {
	case http.MethodPost:
		s.create(w, r)
	case http.MethodGet:
		s.list(w, r)
	default:
		writeError(w, Failure{Status: http.StatusMethodNotAllowed, Code: 20004})
	}
}

func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeError(w, Failure{Status: http.StatusBadRequest, Code: 21100})
		return
	}
	m := Message{To: r.PostForm.Get("To"), From: r.PostForm.Get("From"), ServiceSID: r.PostForm.Get("MessagingServiceSid"),
		Body: r.PostForm.Get("Body"), StatusCallback: r.PostForm.Get("StatusCallback"), Created: time.Now().UTC()}
	if m.To == "" || m.Body == "" || (m.From == "" && m.ServiceSID == "") {
		writeError(w, Failure{Status: http.StatusBadRequest, Code: 21604})
		return
	}
	s.mu.Lock()
	f, failed := s.refuse[m.To]
	if !failed && len(s.failNext) > 0 {
		f, failed, s.failNext = s.failNext[0], true, s.failNext[1:]
	}
	if !failed || f.Created {
		s.creates++
		m.SID = fmt.Sprintf("SM%032d", s.creates)
		s.messages = append(s.messages, m)
		close(s.created)
		s.created = make(chan struct{})
	}
	n, hook := s.creates, s.onCreate
	s.mu.Unlock()
	if hook != nil && m.SID != "" {
		hook(n, m)
	}
	if failed {
		writeError(w, f)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(resource(m))
}

func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.lists++
	s.mu.Unlock()
	q := r.URL.Query()
	var out []map[string]any
	msgs := s.Messages()
	for i := len(msgs) - 1; i >= 0; i-- { // newest first, as Twilio lists
		m := msgs[i]
		if (q.Get("To") != "" && m.To != q.Get("To")) || (q.Get("From") != "" && m.From != q.Get("From")) {
			continue
		}
		out = append(out, resource(m))
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"messages": out, "page": 0, "page_size": len(out)})
}

// resource is a message as Twilio's API shows it.
func resource(m Message) map[string]any {
	from, svc := m.From, m.ServiceSID
	if from == "" {
		from = "+15005550006" // the number the service picked
	}
	if svc == "" {
		svc = "MG00000000000000000000000000000000"
	}
	return map[string]any{
		"sid": m.SID, "account_sid": AccountSID, "to": m.To, "from": from, "messaging_service_sid": svc,
		"body": m.Body, "status": "queued", "direction": "outbound-api", "num_segments": "1",
		"date_created": m.Created.Format(time.RFC1123Z), "date_updated": m.Created.Format(time.RFC1123Z),
		"uri": "/2010-04-01/Accounts/" + AccountSID + "/Messages/" + m.SID + ".json",
	}
}

func writeError(w http.ResponseWriter, f Failure) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(f.Status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"code": f.Code, "message": "twiliotest: " + strings.ToLower(http.StatusText(f.Status)),
		"more_info": fmt.Sprintf("https://www.twilio.com/docs/errors/%d", f.Code), "status": f.Status,
	})
}
