package mayar_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

const testKey = "mayar_test_key_0001"

// newClient is a client of h, with quick retries and the key redacted from
// errors and logs, as the provider configures it.
func newClient(t *testing.T, h http.Handler, v mayar.Version, mod ...func(*transport.Config)) *mayar.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	cfg := transport.Config{BaseURL: srv.URL, MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond,
		Secrets: []string{testKey}}
	for _, m := range mod {
		m(&cfg)
	}
	tc, err := transport.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return mayar.New(tc, testKey, v)
}

// respond answers with status and body as JSON.
func respond(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// withRetryAfter adds the Retry-After header Mayar's rate limit sends.
func withRetryAfter(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "1")
		h(w, r)
	}
}

// hangUp closes the connection without an answer, after reading the request.
func hangUp(w http.ResponseWriter, _ *http.Request) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("the test server cannot hijack")
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(err)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// scriptedRequest is one request a scriptedServer saw.
type scriptedRequest struct {
	Method, Path, Auth string
	Query              map[string]string
	Body               map[string]any
}

// scriptedServer answers requests from a script: each answer is used once,
// in order, then fallback answers the rest.
type scriptedServer struct {
	mu       sync.Mutex
	script   []http.HandlerFunc
	fallback http.HandlerFunc
	reqs     []scriptedRequest
}

func (f *scriptedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	data, _ := io.ReadAll(r.Body)
	var body map[string]any
	_ = json.Unmarshal(data, &body)
	q := map[string]string{}
	for k := range r.URL.Query() {
		q[k] = r.URL.Query().Get(k)
	}
	f.mu.Lock()
	f.reqs = append(f.reqs, scriptedRequest{r.Method, r.URL.Path, r.Header.Get("Authorization"), q, body})
	h := f.fallback
	if len(f.script) > 0 {
		h, f.script = f.script[0], f.script[1:]
	}
	f.mu.Unlock()
	h(w, r)
}

func (f *scriptedServer) requests() []scriptedRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]scriptedRequest(nil), f.reqs...)
}

// scriptedClient is a client of f with three quick retries.
func scriptedClient(t *testing.T, f *scriptedServer, v mayar.Version) *mayar.Client {
	t.Helper()
	return newClient(t, f, v, func(cfg *transport.Config) {
		cfg.MaxRetries, cfg.Timeout = 3, 2*time.Second
		cfg.RetryWaitMin, cfg.RetryWaitMax = time.Millisecond, time.Millisecond
	})
}

// Mayar's answers that several tests share.
const (
	successAnswer = `{"statusCode":200,"messages":"success"}`
	failedAnswer  = `{"statusCode":200,"messages":"failed"}`
	createdID     = "6f8c19ff-5b97-4792-aa89-d2a12797b356"
	createdAnswer = `{"statusCode":200,"messages":"success","data":{"id":"` + createdID + `",` +
		`"transactionId":"a1b2c3d4-e5f6-7890-abcd-ef1234567890","link":"https://shop.myr.id/pl/rqp9x2k7m3a"}}`
)

// mustContain fails t for each of words that err's text does not have.
func mustContain(t *testing.T, err error, words ...string) {
	t.Helper()
	for _, w := range words {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("%q is not in %v", w, err)
		}
	}
}

// logLine is one line a captureLogger took.
type logLine struct {
	Level, Msg string
	Fields     map[string]any
}

// captureLogger keeps what the transport logs.
type captureLogger struct {
	mu    sync.Mutex
	lines []logLine
}

func (l *captureLogger) Debug(_ context.Context, m string, f map[string]any) { l.add("debug", m, f) }
func (l *captureLogger) Info(_ context.Context, m string, f map[string]any)  { l.add("info", m, f) }
func (l *captureLogger) add(level, m string, f map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, logLine{level, m, f})
}

func (l *captureLogger) info() []logLine {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []logLine
	for _, line := range l.lines {
		if line.Level == "info" {
			out = append(out, line)
		}
	}
	return out
}

func (l *captureLogger) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var sb strings.Builder
	for _, line := range l.lines {
		fmt.Fprintf(&sb, "%s %s %v\n", line.Level, line.Msg, line.Fields)
	}
	return sb.String()
}

// wantQueries compares the requests' queries with the expected ones, order
// included unless anyOrder.
func wantQueries(t *testing.T, got []seen, want []map[string]string, anyOrder bool) {
	t.Helper()
	var qs []string
	for _, r := range got {
		qs = append(qs, fmtQuery(r.Query))
	}
	var ws []string
	for _, w := range want {
		ws = append(ws, fmtQuery(w))
	}
	if anyOrder {
		slices.Sort(qs)
		slices.Sort(ws)
	}
	if !slices.Equal(qs, ws) {
		t.Fatalf("requests\n got %v\nwant %v", qs, ws)
	}
}

func fmtQuery(q map[string]string) string {
	var parts []string
	for k, v := range q {
		parts = append(parts, k+"="+v)
	}
	slices.Sort(parts)
	return strings.Join(parts, "&")
}

func ids(ps []mayar.Payment) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}
