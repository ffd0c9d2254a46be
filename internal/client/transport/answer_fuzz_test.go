package transport_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// rawServer answers every request with the same raw bytes, whatever they
// are (a status line or not, headers that lie, a body cut short), then
// closes the connection: the most hostile peer the transport can meet.
type rawServer struct {
	ln       net.Listener
	mu       sync.Mutex
	raw      []byte
	requests atomic.Int64
	wg       sync.WaitGroup
}

func newRawServer(t testing.TB) *rawServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &rawServer{ln: ln}
	s.wg.Add(1)
	go s.serve()
	t.Cleanup(func() {
		_ = ln.Close()
		s.wg.Wait()
	})
	return s
}

func (s *rawServer) serve() {
	defer s.wg.Done()
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer conn.Close()
			_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
			req, err := http.ReadRequest(bufio.NewReader(conn))
			if err != nil {
				return
			}
			_, _ = io.Copy(io.Discard, req.Body)
			s.requests.Add(1)
			s.mu.Lock()
			raw := s.raw
			s.mu.Unlock()
			_, _ = conn.Write(raw)
		}()
	}
}

func (s *rawServer) answer(raw []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.raw = raw
	s.requests.Store(0)
}

const (
	fuzzMaxRetries  = 2
	fuzzHeaderKey   = "hdr_secret_5f1c0a9e7d2b4c6a" //nolint:gosec // a made-up key the fuzzer looks for in errors
	fuzzQuerySecret = "qry_secret_8e2d4b6f1a3c5e7d"
)

// FuzzRawResponse sends a GET (idempotent) or a POST (not) to a server that
// answers any bytes at all. Whatever comes back: no panic; an answer is
// complete, bounded and counted; a failure is a *transport.Error naming the
// request, never quoting the key header or the query string; and a POST is
// never sent twice unless the answer was a 429 refusal, and every POST that
// fails is reported as possibly having reached the server.
func FuzzRawResponse(f *testing.F) {
	for _, seed := range []string{
		"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{\"success\":true}",
		"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 2\r\n\r\n{}",
		"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 99999999999999999999\r\nContent-Length: 0\r\n\r\n",
		"HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\n\r\n<html><h1>502 Bad Gateway</h1></html>",
		"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"success\":tr",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\nzz\r\n",
		"HTTP/1.1 200 OK\r\n\r\nnot json at all",
		"HTTP/1.1 204 No Content\r\n\r\n",
		"HTTP/1.1 301 Moved Permanently\r\nLocation: http://evil.example/\r\nContent-Length: 0\r\n\r\n",
		"HTTP/1.1 100 Continue\r\n\r\n",
		"HTTP/1.1 999 Whatever\r\nContent-Length: 2\r\n\r\n{}",
		"HTTP/1.0 200 OK\r\n\r\n{}",
		"HTTP/2.0 200 OK\r\n\r\n{}",
		"garbage\r\n\r\n",
		"",
		"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n{}",
		"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
		"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n\r\n\x1f\x8b\x08\x00",
		"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 60\r\n\r\n{\"message\":\"x-api-key " + fuzzHeaderKey + "\"}",
	} {
		f.Add([]byte(seed), false)
		f.Add([]byte(seed), true)
	}
	srv := newRawServer(f)
	// One connection per attempt: no reuse, so the server's count is the
	// number of times the request was sent.
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	c, err := transport.New(transport.Config{
		BaseURL:    "http://" + srv.ln.Addr().String(),
		Timeout:    3 * time.Second,
		MaxRetries: fuzzMaxRetries,
		Secrets:    []string{fuzzHeaderKey},
		HTTPClient: hc,
	})
	if err != nil {
		f.Fatal(err)
	}
	transport.SetWaitHook(c, func(time.Duration) time.Duration { return 0 })

	f.Fuzz(func(t *testing.T, raw []byte, post bool) {
		srv.answer(raw)
		req := transport.Request{
			Method:     http.MethodGet,
			Path:       "/api/fuzz",
			Query:      url.Values{"token": {fuzzQuerySecret}},
			Header:     http.Header{"X-Api-Key": {fuzzHeaderKey}},
			Idempotent: true,
		}
		if post {
			req.Method, req.Body, req.Idempotent = http.MethodPost, map[string]int{"amount": 1000}, false
		}
		resp, err := c.Do(context.Background(), req)
		sent := srv.requests.Load()
		if sent < 1 || sent > fuzzMaxRetries+1 {
			t.Fatalf("the request was sent %d times, want 1..%d", sent, fuzzMaxRetries+1)
		}
		if post && sent > 1 && !isStatus(raw, http.StatusTooManyRequests) {
			t.Fatalf("a POST was sent %d times on an answer that is not a 429", sent)
		}
		if err == nil {
			// net/http takes any three digits as a status, "000" included.
			if resp.StatusCode < 0 || resp.StatusCode > 999 || len(resp.Body) > transport.MaxBodyBytes ||
				resp.Attempts < 1 || resp.Attempts > fuzzMaxRetries+1 {
				t.Fatalf("answer status %d, %d bytes, %d attempts", resp.StatusCode, len(resp.Body), resp.Attempts)
			}
			return
		}
		var terr *transport.Error
		if !errors.As(err, &terr) {
			t.Fatalf("%T is not a *transport.Error: %v", err, err)
		}
		msg := err.Error()
		if terr.Method != req.Method || terr.Path != req.Path || !strings.Contains(msg, req.Method+" "+req.Path) {
			t.Fatalf("the error does not name %s %s: %v", req.Method, req.Path, err)
		}
		if terr.Attempts < 1 || terr.Attempts > fuzzMaxRetries+1 {
			t.Fatalf("%d attempts reported", terr.Attempts)
		}
		if strings.Contains(msg, fuzzHeaderKey) || strings.Contains(msg, fuzzQuerySecret) {
			t.Fatalf("the error quotes a secret: %v", err)
		}
		if post && !errors.Is(err, transport.ErrOutcomeUnknown) {
			t.Fatalf("a POST the server received failed without ErrOutcomeUnknown: %v", err)
		}
	})
}

// isStatus reports whether raw parses as an HTTP response with the status.
func isStatus(raw []byte, status int) bool {
	resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(raw)), nil)
	if err != nil {
		return false
	}
	_ = resp.Body.Close()
	return resp.StatusCode == status
}

// FuzzRetryAfter feeds any Retry-After header and backoff bounds to the
// retry policy: the wait is never negative and never beyond the larger of
// the bounds and the transport's cap on Retry-After.
func FuzzRetryAfter(f *testing.F) {
	for _, h := range []string{"", "0", "1", "-1", "120", "99999999999999999999", "1.5", " 7 ",
		"Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "soon"} {
		f.Add(h, uint8(0), uint16(500), uint16(30000))
	}
	f.Add("3", uint8(40), uint16(0), uint16(0))
	f.Add("", uint8(29), uint16(65535), uint16(1))
	c, err := transport.New(transport.Config{BaseURL: "http://127.0.0.1"})
	if err != nil {
		f.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, header string, attempt uint8, minMs, maxMs uint16) {
		resp := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{}}
		if header != "" {
			resp.Header.Set("Retry-After", header)
		}
		// A date far ahead parses as a long wait; the backoff caps it.
		if d, ok := transport.RetryAfter(resp, now); ok && d < 0 {
			t.Fatalf("Retry-After %q gave %s", header, d)
		}
		minWait := time.Duration(minMs) * time.Millisecond
		maxWait := time.Duration(maxMs) * time.Millisecond
		d := transport.Backoff(c, minWait, maxWait, int(attempt), resp)
		if d < 0 || d > max(minWait, maxWait, transport.MaxRetryAfter) {
			t.Fatalf("backoff %s for Retry-After %q, attempt %d, bounds %s..%s", d, header, attempt, minWait, maxWait)
		}
	})
}

// A POST answered with a redirect whose Location cannot be parsed reached
// the server and got an answer: net/http reports the bad Location as an
// error after the round trip, and that error must not count as "never
// connected". Found by FuzzRawResponse (corpus post-301-unparseable-location).
func TestPOSTNotResentAfterRedirectWithBadLocation(t *testing.T) {
	srv := newRawServer(t)
	srv.answer([]byte("HTTP/1.1 301 Moved Permanently\r\nLocation: %zz\r\nContent-Length: 0\r\n\r\n"))
	c, err := transport.New(transport.Config{
		BaseURL:    "http://" + srv.ln.Addr().String(),
		MaxRetries: 3,
		HTTPClient: &http.Client{Transport: &http.Transport{DisableKeepAlives: true}},
	})
	if err != nil {
		t.Fatal(err)
	}
	transport.SetWaitHook(c, func(time.Duration) time.Duration { return 0 })
	_, err = c.Do(context.Background(), transport.Request{Method: http.MethodPost, Path: "/api/payment", Body: map[string]int{"amount": 1000}})
	if n := srv.requests.Load(); n != 1 {
		t.Errorf("the POST was sent %d times, want 1: each may have created a payment", n)
	}
	if !errors.Is(err, transport.ErrOutcomeUnknown) {
		t.Errorf("got %v, want an error marked ErrOutcomeUnknown", err)
	}
}
