// Package transporttest holds what the API clients' tests share: an HTTP
// server that answers from a script and records what it was sent, answers
// that fail the way networks do, a logger that records, and the checks the
// fuzz targets make on every error. Only tests import it.
package transporttest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Action answers one request.
type Action func(w http.ResponseWriter, r *http.Request)

// Request is what the server was sent.
type Request struct {
	Method, Path, RawQuery, Body string
	Header                       http.Header
	At                           time.Time
}

// Server answers its Actions in order, one per request, then Fallback for
// every later request (200 with {"ok":true} when nil).
type Server struct {
	Actions  []Action
	Fallback Action

	mu   sync.Mutex
	reqs []Request
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.reqs = append(s.reqs, Request{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, string(body), r.Header.Clone(), time.Now()})
	a := s.Fallback
	if len(s.Actions) > 0 {
		a, s.Actions = s.Actions[0], s.Actions[1:]
	}
	s.mu.Unlock()
	if a == nil {
		a = Reply(200, `{"ok":true}`)
	}
	a(w, r)
}

// Requests are the requests received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Count is how many requests were received.
func (s *Server) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.reqs)
}

// Reply answers with code and body, and header's name-value pairs; JSON
// unless a Content-Type is among them.
func Reply(code int, body string, header ...string) Action {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(code)
		_, _ = io.WriteString(w, body)
	}
}

// Truncated announces the whole body's length, sends half of it and closes
// the connection.
func Truncated(code int, body string) Action {
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

// Reset closes the connection without any answer.
func Reset() Action {
	return func(w http.ResponseWriter, _ *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		_ = conn.Close()
	}
}

// Hang holds the request until the client gives up on it or the test ends;
// headersFirst sends the status line first, so that only the body is late.
func Hang(t testing.TB, headersFirst bool) Action {
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

// LogLine is one call of a Logger.
type LogLine struct {
	Level, Msg string
	Fields     map[string]any
}

// Logger records every line the transport logs (it is a transport.Logger).
type Logger struct {
	mu    sync.Mutex
	lines []LogLine
}

func (l *Logger) Debug(_ context.Context, msg string, fields map[string]any) {
	l.add("debug", msg, fields)
}

func (l *Logger) Info(_ context.Context, msg string, fields map[string]any) {
	l.add("info", msg, fields)
}

func (l *Logger) add(level, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, LogLine{level, msg, fields})
}

// Lines are the lines logged so far at level, or at every level for "".
func (l *Logger) Lines(level string) []LogLine {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []LogLine
	for _, line := range l.lines {
		if level == "" || line.Level == level {
			out = append(out, line)
		}
	}
	return out
}

// Text is every line logged so far, one per line, to search or to print.
func (l *Logger) Text() string {
	var sb strings.Builder
	for _, line := range l.Lines("") {
		fmt.Fprintf(&sb, "%s %s %v\n", line.Level, line.Msg, line.Fields)
	}
	return sb.String()
}

// KeyLeak returns the part of key found in text when 12 characters or more
// of it are: a key cut at an excerpt's end leaks what precedes the cut.
func KeyLeak(text, key string) string {
	const window = 12
	for i := 0; i+window <= len(key); i++ {
		if strings.Contains(text, key[i:i+window]) {
			return key[i : i+window]
		}
	}
	return ""
}

// ServerStatus maps any int, as a fuzz target draws it, to a status a
// server can send: 200 to 599 as they are, anything else into that range.
func ServerStatus(n int) int {
	if n >= 200 && n <= 599 {
		return n
	}
	if n < 0 {
		n = -(n + 1)
	}
	return 200 + n%400
}

// MostInWindow is the most of the times at that any window of length w
// holds, both of its ends included: the strictest reading of a server's
// rate-limit window.
func MostInWindow(at []time.Time, w time.Duration) int {
	at = slices.SortedFunc(slices.Values(at), time.Time.Compare)
	most, j := 0, 0
	for i := range at {
		for j < len(at) && !at[j].After(at[i].Add(w)) {
			j++
		}
		most = max(most, j-i)
	}
	return most
}

// FailingFirstDial is an HTTP client whose first dial fails with
// "connection refused", as when nothing listens yet, so that the request
// surely never left; later dials connect. dials counts them.
func FailingFirstDial() (client *http.Client, dials *atomic.Int32) {
	dials = new(atomic.Int32)
	var d net.Dialer
	return &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) == 1 {
			return nil, &net.OpError{Op: "dial", Net: network, Err: errors.New("connection refused")}
		}
		return d.DialContext(ctx, network, addr)
	}}}, dials
}
