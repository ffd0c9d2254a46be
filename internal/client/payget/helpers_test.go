package payget_test

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

	"github.com/indopay/terraform-provider-indopay/internal/client/payget"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

const testKey = "pg_test_key_0001"

type action func(w http.ResponseWriter, r *http.Request)

type seen struct {
	Method, Path, RawQuery, Body string
	Header                       http.Header
}

// scripted answers requests with its actions in order, then fallback.
type scripted struct {
	mu       sync.Mutex
	actions  []action
	fallback action
	reqs     []seen
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.reqs = append(s.reqs, seen{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, string(body), r.Header.Clone()})
	a := s.fallback
	if len(s.actions) > 0 {
		a, s.actions = s.actions[0], s.actions[1:]
	}
	s.mu.Unlock()
	if a == nil {
		a = reply(500, `{"success":false,"message":"no script"}`)
	}
	a(w, r)
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
		w.WriteHeader(code)
		_, _ = io.WriteString(w, body)
	}
}

// truncated answers 200 with a Content-Length for the whole body and sends
// half of it.
func truncated(body string) action {
	return func(w http.ResponseWriter, _ *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		defer conn.Close()
		fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
			http.StatusOK, http.StatusText(http.StatusOK), len(body), body[:len(body)/2])
		_ = buf.Flush()
	}
}

func reset() action {
	return func(w http.ResponseWriter, _ *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		_ = conn.Close()
	}
}

// hang never answers; the client's timeout or the test's end releases it.
func hang(t *testing.T) action {
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	return func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-done:
		case <-r.Context().Done():
		case <-time.After(10 * time.Second): // a safety net, never the expected path
		}
	}
}

type logLine struct {
	Msg    string
	Fields map[string]any
}

type captureLogger struct {
	mu    sync.Mutex
	lines []logLine
}

func (l *captureLogger) Debug(_ context.Context, msg string, f map[string]any) { l.add(msg, f) }
func (l *captureLogger) Info(_ context.Context, msg string, f map[string]any)  { l.add(msg, f) }
func (l *captureLogger) add(msg string, f map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, logLine{msg, f})
}

func (l *captureLogger) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var sb strings.Builder
	for _, line := range l.lines {
		fmt.Fprintf(&sb, "%s %v\n", line.Msg, line.Fields)
	}
	return sb.String()
}

// newClient starts a server for h and a PayGet client for it with fast
// retries.
func newClient(t *testing.T, h http.Handler, key string, mod ...func(*transport.Config)) *payget.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	cfg := transport.Config{
		BaseURL: srv.URL, UserAgent: "test-agent", MaxRetries: 2,
		RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond,
		Secrets: []string{key}, // as the provider configures it: the transport redacts the key
	}
	for _, m := range mod {
		m(&cfg)
	}
	tc, err := transport.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return payget.New(tc, key)
}
