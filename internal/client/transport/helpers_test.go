package transport_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// action answers one request of a scripted server.
type action func(w http.ResponseWriter, r *http.Request)

type seen struct {
	Method, Path, RawQuery string
	Header                 http.Header
	At                     time.Time
}

// scripted serves its actions in order, one per request, then fallback.
type scripted struct {
	mu       sync.Mutex
	actions  []action
	fallback action
	reqs     []seen
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.reqs = append(s.reqs, seen{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, r.Header.Clone(), time.Now()})
	a := s.fallback
	if len(s.actions) > 0 {
		a, s.actions = s.actions[0], s.actions[1:]
	}
	s.mu.Unlock()
	if a == nil {
		a = reply(200, `{"ok":true}`)
	}
	a(w, r)
}

func (s *scripted) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.reqs)
}

func (s *scripted) requests() []seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]seen(nil), s.reqs...)
}

func reply(code int, body string, header ...string) action {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(code)
		_, _ = w.Write([]byte(body))
	}
}

// truncated announces the whole body's length, sends half of it and closes
// the connection.
func truncated(code int, body string) action {
	return func(w http.ResponseWriter, _ *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		defer conn.Close()
		fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
			code, http.StatusText(code), len(body), body[:len(body)/2])
		_ = buf.Flush()
	}
}

// reset closes the connection without any answer.
func reset() action {
	return func(w http.ResponseWriter, _ *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		_ = conn.Close()
	}
}

// block holds the request until the client gives up on it or the test
// ends; headersFirst sends the status line first so that only the body is
// late.
func block(t *testing.T, headersFirst bool) action {
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	return func(w http.ResponseWriter, r *http.Request) {
		// The server notices the client hanging up only once the request
		// body has been read.
		_, _ = io.Copy(io.Discard, r.Body)
		if headersFirst {
			w.Header().Set("Content-Length", "100")
			w.WriteHeader(200)
			_ = http.NewResponseController(w).Flush()
		}
		select {
		case <-done:
		case <-r.Context().Done():
		case <-time.After(10 * time.Second): // a safety net, never the expected path
		}
	}
}

// waits records every wait the retry loop asks for and makes it instant.
type waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *waits) hook(d time.Duration) time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.d = append(w.d, d)
	return 0
}

func (w *waits) all() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.d...)
}

// logLine is one captured log call.
type logLine struct {
	Level, Msg string
	Fields     map[string]any
}

type captureLogger struct {
	mu    sync.Mutex
	lines []logLine
}

func (l *captureLogger) Debug(_ context.Context, msg string, f map[string]any) {
	l.add("debug", msg, f)
}

func (l *captureLogger) Info(_ context.Context, msg string, f map[string]any) {
	l.add("info", msg, f)
}

func (l *captureLogger) add(level, msg string, f map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, logLine{level, msg, f})
}

func (l *captureLogger) all() []logLine {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]logLine(nil), l.lines...)
}

func (l *captureLogger) text() string {
	var sb strings.Builder
	for _, line := range l.all() {
		fmt.Fprintf(&sb, "%s %s %v\n", line.Level, line.Msg, line.Fields)
	}
	return sb.String()
}

// newTestClient starts srv and a client for it whose retry waits are
// recorded and skipped.
func newTestClient(t *testing.T, h http.Handler, cfg transport.Config) (*transport.Client, *waits) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	if cfg.BaseURL == "" {
		cfg.BaseURL = srv.URL
	}
	c, err := transport.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	w := &waits{}
	transport.SetWaitHook(c, w.hook)
	return c, w
}
