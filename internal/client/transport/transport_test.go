package transport_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport/transporttest"
)

func get(path string) transport.Request {
	return transport.Request{Method: http.MethodGet, Path: path, Idempotent: true}
}

func post(path string) transport.Request {
	return transport.Request{Method: http.MethodPost, Path: path, Body: map[string]int{"amount": 50000}}
}

func TestIdempotentRetryThenSuccess(t *testing.T) {
	httpDate := time.Now().Add(10 * time.Second).UTC().Format(http.TimeFormat)
	tests := []struct {
		name      string
		first     transporttest.Action
		wantWait  time.Duration // exact wait asked for; 0 = only a bound check
		waitBound [2]time.Duration
	}{
		{"503", transporttest.Reply(503, `{"success":false}`), 0, [2]time.Duration{10 * time.Millisecond, 20 * time.Millisecond}},
		{"429 with Retry-After seconds", transporttest.Reply(429, `{}`, "Retry-After", "7"), 7 * time.Second, [2]time.Duration{}},
		{"429 with Retry-After date", transporttest.Reply(429, `{}`, "Retry-After", httpDate), 0, [2]time.Duration{8 * time.Second, 10 * time.Second}},
		{"429 with Retry-After above the cap", transporttest.Reply(429, `{}`, "Retry-After", "3600"), transport.MaxRetryAfter, [2]time.Duration{}},
		{"503 with Retry-After below the minimum", transporttest.Reply(503, `{}`, "Retry-After", "0"), 10 * time.Millisecond, [2]time.Duration{}},
		{"502 HTML from a proxy", transporttest.Reply(502, "<html><body>Bad Gateway</body></html>", "Content-Type", "text/html"), 0, [2]time.Duration{10 * time.Millisecond, 20 * time.Millisecond}},
		{"truncated JSON", transporttest.Truncated(200, `{"success":true,"profile":{"username":"x"}}`), 0, [2]time.Duration{10 * time.Millisecond, 20 * time.Millisecond}},
		{"connection reset", transporttest.Reset(), 0, [2]time.Duration{10 * time.Millisecond, 20 * time.Millisecond}},
		{"200 that is not JSON", transporttest.Reply(200, `{"success":tr`), 0, [2]time.Duration{10 * time.Millisecond, 20 * time.Millisecond}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := &transporttest.Server{Actions: []transporttest.Action{tt.first, transporttest.Reply(200, `{"success":true}`)}}
			c, w := newTestClient(t, srv, transport.Config{MaxRetries: 3, RetryWaitMin: 10 * time.Millisecond, RetryWaitMax: time.Second})
			resp, err := c.Do(context.Background(), get("/api/profile"))
			if err != nil {
				t.Fatalf("Do: %v", err)
			}
			if resp.StatusCode != 200 || string(resp.Body) != `{"success":true}` || resp.Attempts != 2 {
				t.Fatalf("got %d %q after %d attempts", resp.StatusCode, resp.Body, resp.Attempts)
			}
			if n := srv.Count(); n != 2 {
				t.Fatalf("server saw %d requests, want 2", n)
			}
			got := w.all()
			if len(got) != 1 {
				t.Fatalf("waits %v, want one", got)
			}
			if tt.wantWait != 0 && got[0] != tt.wantWait {
				t.Fatalf("wait %v, want %v", got[0], tt.wantWait)
			}
			if tt.wantWait == 0 && (got[0] < tt.waitBound[0] || got[0] > tt.waitBound[1]) {
				t.Fatalf("wait %v, want within %v", got[0], tt.waitBound)
			}
		})
	}
}

func TestBackoffIsExponentialWithJitterAndCapped(t *testing.T) {
	c, err := transport.New(transport.Config{BaseURL: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	minW, maxW := 500*time.Millisecond, 30*time.Second
	for attempt := range 12 {
		ceiling := min(maxW, minW<<(attempt+1))
		for range 200 {
			d := transport.Backoff(c, minW, maxW, attempt, nil)
			if d < minW || d > ceiling {
				t.Fatalf("attempt %d: wait %v outside [%v, %v]", attempt, d, minW, ceiling)
			}
		}
	}
	// Full jitter: waits of a late attempt spread over the range.
	lo, hi := maxW, time.Duration(0)
	for range 500 {
		d := transport.Backoff(c, minW, maxW, 8, nil)
		lo, hi = min(lo, d), max(hi, d)
	}
	if hi-lo < 10*time.Second {
		t.Fatalf("waits spread over [%v, %v] only: no jitter?", lo, hi)
	}
}

func TestRetryAfterParsing(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		value string
		want  time.Duration
		ok    bool
	}{
		{"3", 3 * time.Second, true},
		{" 12 ", 12 * time.Second, true},
		{"0", 0, true},
		{"-1", 0, false},
		{"soon", 0, false},
		{"99999999999999999999", 0, false},
		{"86400", transport.MaxRetryAfter, true},
		{now.Add(20 * time.Second).Format(http.TimeFormat), 20 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
	}
	for _, tt := range tests {
		resp := &http.Response{Header: http.Header{"Retry-After": {tt.value}}}
		got, ok := transport.RetryAfter(resp, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Retry-After %q: got %v %v, want %v %v", tt.value, got, ok, tt.want, tt.ok)
		}
	}
}

func TestGivingUp(t *testing.T) {
	t.Run("on a response: the last answer comes back", func(t *testing.T) {
		srv := &transporttest.Server{Fallback: transporttest.Reply(503, `{"success":false,"message":"down"}`)}
		c, w := newTestClient(t, srv, transport.Config{MaxRetries: 4})
		resp, err := c.Do(context.Background(), get("/api/profile"))
		if err != nil {
			t.Fatalf("Do: %v", err)
		}
		if resp.StatusCode != 503 || resp.Attempts != 5 || !strings.Contains(string(resp.Body), "down") {
			t.Fatalf("got %d %q after %d attempts", resp.StatusCode, resp.Body, resp.Attempts)
		}
		if srv.Count() != 5 || len(w.all()) != 4 {
			t.Fatalf("%d requests and %d waits, want 5 and 4", srv.Count(), len(w.all()))
		}
	})
	t.Run("on a connection error: an Error that counts attempts", func(t *testing.T) {
		srv := &transporttest.Server{Fallback: transporttest.Reset()}
		c, _ := newTestClient(t, srv, transport.Config{MaxRetries: 4})
		_, err := c.Do(context.Background(), get("/api/profile"))
		var terr *transport.Error
		if !errors.As(err, &terr) {
			t.Fatalf("got %T %v, want *transport.Error", err, err)
		}
		if terr.Attempts != 5 || terr.Method != "GET" || terr.Path != "/api/profile" || srv.Count() != 5 {
			t.Fatalf("got %+v after %d requests", terr, srv.Count())
		}
		if !strings.HasPrefix(err.Error(), "GET /api/profile: giving up after 5 attempts: ") {
			t.Fatalf("message %q", err)
		}
	})
	t.Run("no retries configured", func(t *testing.T) {
		srv := &transporttest.Server{Fallback: transporttest.Reset()}
		c, _ := newTestClient(t, srv, transport.Config{MaxRetries: 0})
		_, err := c.Do(context.Background(), get("/api/profile"))
		if err == nil || strings.Contains(err.Error(), "giving up") || !strings.HasPrefix(err.Error(), "GET /api/profile: ") {
			t.Fatalf("message %v", err)
		}
		if srv.Count() != 1 {
			t.Fatalf("%d requests", srv.Count())
		}
	})
}

func TestNonIdempotent(t *testing.T) {
	tests := []struct {
		name         string
		first        transporttest.Action
		wantRequests int
		wantStatus   int  // a Response is expected
		wantUnknown  bool // an error that errors.Is ErrOutcomeUnknown
	}{
		{"503 is answered, not re-sent", transporttest.Reply(503, `{"success":false}`), 1, 503, false},
		{"502 HTML is answered, not re-sent", transporttest.Reply(502, `<html>bad gateway</html>`), 1, 502, false},
		{"429 is refused, so re-sent", transporttest.Reply(429, `{}`, "Retry-After", "1"), 2, 200, false},
		{"a 200 that is not JSON is not re-sent", transporttest.Reply(200, `<html>`), 1, 200, false},
		{"connection lost after sending", transporttest.Reset(), 1, 0, true},
		{"cut-off answer", transporttest.Truncated(200, `{"success":true,"paymentId":"abc"}`), 1, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := &transporttest.Server{Actions: []transporttest.Action{tt.first}}
			c, _ := newTestClient(t, srv, transport.Config{MaxRetries: 4})
			resp, err := c.Do(context.Background(), post("/api/payment"))
			if srv.Count() != tt.wantRequests {
				t.Fatalf("server saw %d requests, want %d", srv.Count(), tt.wantRequests)
			}
			if tt.wantUnknown {
				if !errors.Is(err, transport.ErrOutcomeUnknown) {
					t.Fatalf("got %v, want ErrOutcomeUnknown", err)
				}
				return
			}
			if err != nil || resp.StatusCode != tt.wantStatus {
				t.Fatalf("got %v %v, want status %d", resp, err, tt.wantStatus)
			}
		})
	}

	t.Run("timeout after sending is not re-sent", func(t *testing.T) {
		srv := &transporttest.Server{Fallback: transporttest.Hang(t, false)}
		c, _ := newTestClient(t, srv, transport.Config{MaxRetries: 4, Timeout: 100 * time.Millisecond})
		_, err := c.Do(context.Background(), post("/api/payment"))
		if !errors.Is(err, transport.ErrOutcomeUnknown) || srv.Count() != 1 {
			t.Fatalf("got %v after %d requests, want ErrOutcomeUnknown after 1", err, srv.Count())
		}
		if !strings.Contains(err.Error(), "no complete answer within 100ms") {
			t.Fatalf("message %q", err)
		}
	})

	t.Run("dial error is re-sent", func(t *testing.T) {
		hc, dials := transporttest.FailingFirstDial()
		srv := &transporttest.Server{}
		c, _ := newTestClient(t, srv, transport.Config{MaxRetries: 2, HTTPClient: hc})
		resp, err := c.Do(context.Background(), post("/api/payment"))
		if err != nil || resp.StatusCode != 200 || resp.Attempts != 2 || srv.Count() != 1 || dials.Load() != 2 {
			t.Fatalf("got %v %v, server saw %d after %d dials", resp, err, srv.Count(), dials.Load())
		}
	})

	t.Run("nothing listening: retried, then not an unknown outcome", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		_ = ln.Close()
		c, err := transport.New(transport.Config{BaseURL: "http://" + addr, MaxRetries: 2})
		if err != nil {
			t.Fatal(err)
		}
		transport.SetWaitHook(c, func(time.Duration) time.Duration { return 0 })
		_, err = c.Do(context.Background(), post("/api/payment"))
		var terr *transport.Error
		if !errors.As(err, &terr) || terr.Attempts != 3 || errors.Is(err, transport.ErrOutcomeUnknown) {
			t.Fatalf("got %v", err)
		}
	})
}

// Retry429 decides for each 429 whether the request goes again after
// Retry-After: a create whose 429 it does not accept is answered at once,
// sent once; one it accepts, like a request without it, waits and is sent
// again. It sees the 429's status, headers and body.
func TestRetry429(t *testing.T) {
	const refusal = `{"statusCode":429,"messages":"Duplicate request detected."}`
	var seen []*transport.Response
	decide := func(retry bool) func(*transport.Response) bool {
		return func(r *transport.Response) bool {
			seen = append(seen, r)
			return retry
		}
	}
	with := func(r transport.Request, retry bool) transport.Request {
		r.Retry429 = decide(retry)
		return r
	}
	for _, tt := range []struct {
		name         string
		req          transport.Request
		wantRequests int
		wantStatus   int
		wantAsked    int
	}{
		{"create, 429 refused: answered, not re-sent", with(post("/hl/v2/payments/create"), false), 1, 429, 1},
		{"read, 429 refused: answered, not re-sent", with(get("/hl/v2/payments/x"), false), 1, 429, 1},
		{"create, 429 accepted: re-sent after Retry-After", with(post("/hl/v2/payments/create"), true), 2, 200, 1},
		{"create without Retry429: re-sent after Retry-After", post("/api/payment"), 2, 200, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			seen = nil
			srv := &transporttest.Server{Actions: []transporttest.Action{transporttest.Reply(429, refusal, "Retry-After", "1")}}
			c, _ := newTestClient(t, srv, transport.Config{MaxRetries: 4})
			resp, err := c.Do(context.Background(), tt.req)
			if err != nil || resp.StatusCode != tt.wantStatus || srv.Count() != tt.wantRequests {
				t.Fatalf("got %v %v after %d requests, want HTTP %d after %d", resp, err, srv.Count(), tt.wantStatus, tt.wantRequests)
			}
			if len(seen) != tt.wantAsked {
				t.Fatalf("Retry429 was asked %d times, want %d", len(seen), tt.wantAsked)
			}
			for _, r := range seen {
				if r.StatusCode != 429 || r.Header.Get("Retry-After") != "1" || string(r.Body) != refusal || r.Attempts != 1 {
					t.Errorf("Retry429 saw %d %v %q after %d attempts", r.StatusCode, r.Header, r.Body, r.Attempts)
				}
			}
		})
	}
}

func TestTimeouts(t *testing.T) {
	t.Run("the per-attempt timeout covers the body", func(t *testing.T) {
		srv := &transporttest.Server{Fallback: transporttest.Hang(t, true)}
		c, _ := newTestClient(t, srv, transport.Config{MaxRetries: 1, Timeout: 100 * time.Millisecond})
		_, err := c.Do(context.Background(), get("/api/profile"))
		var terr *transport.Error
		if !errors.As(err, &terr) || terr.Attempts != 2 || srv.Count() != 2 {
			t.Fatalf("got %v after %d requests", err, srv.Count())
		}
		var timeout interface{ Timeout() bool }
		if !errors.As(err, &timeout) || !timeout.Timeout() {
			t.Fatalf("%v is not a timeout", err)
		}
		if errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("%v must not look like the caller's own deadline", err)
		}
	})

	t.Run("cancelling the context stops retries at once", func(t *testing.T) {
		srv := &transporttest.Server{Fallback: transporttest.Reply(503, `{}`, "Retry-After", "30")}
		c, _ := newTestClient(t, srv, transport.Config{MaxRetries: 5})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		transport.SetWaitHook(c, func(time.Duration) time.Duration {
			cancel()
			return time.Hour // only cancellation can end this wait
		})
		_, err := c.Do(ctx, get("/api/profile"))
		if !errors.Is(err, context.Canceled) || srv.Count() != 1 {
			t.Fatalf("got %v after %d requests", err, srv.Count())
		}
	})

	t.Run("an ended context sends nothing", func(t *testing.T) {
		srv := &transporttest.Server{}
		c, _ := newTestClient(t, srv, transport.Config{MaxRetries: 5})
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := c.Do(ctx, get("/api/profile"))
		if !errors.Is(err, context.Canceled) || srv.Count() != 0 {
			t.Fatalf("got %v after %d requests", err, srv.Count())
		}
	})
}

// A request that is not idempotent (a create) and already sent is not
// abandoned when the caller's context ends (Terraform interrupted): the
// caller gets the server's answer, so the object it created is not lost.
// What was not sent yet is not sent.
func TestNonIdempotentOutlivesContext(t *testing.T) {
	// held answers once the test releases it, after telling the test that
	// the request has arrived.
	held := func(arrived chan<- struct{}, release <-chan struct{}, a transporttest.Action) transporttest.Action {
		return func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			close(arrived)
			select {
			case <-release:
			case <-time.After(10 * time.Second): // a safety net, never the expected path
			}
			a(w, r)
		}
	}

	t.Run("an attempt under way gets its answer", func(t *testing.T) {
		arrived, release := make(chan struct{}), make(chan struct{})
		srv := &transporttest.Server{Actions: []transporttest.Action{held(arrived, release, transporttest.Reply(200, `{"id":"p1"}`))}}
		c, _ := newTestClient(t, srv, transport.Config{MaxRetries: 4})
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			<-arrived
			cancel()
			close(release)
		}()
		resp, err := c.Do(ctx, post("/api/payment"))
		if err != nil || resp.StatusCode != 200 || string(resp.Body) != `{"id":"p1"}` || srv.Count() != 1 {
			t.Fatalf("got %v %v after %d requests, want the answer after 1", resp, err, srv.Count())
		}
	})

	t.Run("an idempotent request is abandoned at once", func(t *testing.T) {
		arrived, release := make(chan struct{}), make(chan struct{})
		defer close(release)
		srv := &transporttest.Server{Actions: []transporttest.Action{held(arrived, release, transporttest.Reply(200, `{}`))}}
		c, _ := newTestClient(t, srv, transport.Config{MaxRetries: 4})
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			<-arrived
			cancel()
		}()
		_, err := c.Do(ctx, get("/api/payment-status/p1"))
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want context.Canceled", err)
		}
	})

	t.Run("an attempt under way still ends at the per-attempt timeout", func(t *testing.T) {
		arrived := make(chan struct{})
		blocked := transporttest.Hang(t, false)
		srv := &transporttest.Server{Actions: []transporttest.Action{func(w http.ResponseWriter, r *http.Request) {
			close(arrived)
			blocked(w, r)
		}}}
		c, _ := newTestClient(t, srv, transport.Config{MaxRetries: 4, Timeout: 200 * time.Millisecond})
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			<-arrived
			cancel()
		}()
		_, err := c.Do(ctx, post("/api/payment"))
		if !errors.Is(err, transport.ErrOutcomeUnknown) || !strings.Contains(err.Error(), "no complete answer within 200ms") || srv.Count() != 1 {
			t.Fatalf("got %v after %d requests, want the per-attempt timeout and ErrOutcomeUnknown after 1", err, srv.Count())
		}
	})

	t.Run("nothing is sent once the context ended", func(t *testing.T) {
		srv := &transporttest.Server{}
		c, _ := newTestClient(t, srv, transport.Config{MaxRetries: 4})
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := c.Do(ctx, post("/api/payment"))
		if !errors.Is(err, context.Canceled) || errors.Is(err, transport.ErrOutcomeUnknown) || srv.Count() != 0 {
			t.Fatalf("got %v after %d requests, want context.Canceled (not an unknown outcome) after 0", err, srv.Count())
		}
	})

	t.Run("no retry of a refused create once the context ended", func(t *testing.T) {
		srv := &transporttest.Server{Fallback: transporttest.Reply(429, `{}`, "Retry-After", "30")}
		c, _ := newTestClient(t, srv, transport.Config{MaxRetries: 4})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		transport.SetWaitHook(c, func(time.Duration) time.Duration {
			cancel()
			return time.Hour // only cancellation can end this wait
		})
		_, err := c.Do(ctx, post("/api/payment"))
		if !errors.Is(err, context.Canceled) || errors.Is(err, transport.ErrOutcomeUnknown) || srv.Count() != 1 {
			t.Fatalf("got %v after %d requests, want context.Canceled (the 429 created nothing) after 1", err, srv.Count())
		}
	})

	t.Run("no wait for the rate limiter once the context ended", func(t *testing.T) {
		srv := &transporttest.Server{}
		c, _ := newTestClient(t, srv, transport.Config{RequestsPerMinute: 1})
		if _, err := c.Do(context.Background(), post("/api/payment")); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(50*time.Millisecond, cancel) // the next slot is a minute away
		_, err := c.Do(ctx, post("/api/payment"))
		if !errors.Is(err, context.Canceled) || srv.Count() != 1 {
			t.Fatalf("got %v after %d requests, want context.Canceled after 1", err, srv.Count())
		}
	})
}

func TestBodyLimit(t *testing.T) {
	huge := `"` + strings.Repeat("x", transport.MaxBodyBytes) + `"`
	srv := &transporttest.Server{Fallback: transporttest.Reply(200, huge)}
	c, _ := newTestClient(t, srv, transport.Config{MaxRetries: 3})
	_, err := c.Do(context.Background(), get("/api/profile"))
	var berr *transport.BodyError
	if !errors.Is(err, transport.ErrBodyTooLarge) || !errors.As(err, &berr) || srv.Count() != 1 {
		t.Fatalf("got %v after %d requests, want ErrBodyTooLarge after 1", err, srv.Count())
	}
	if berr.StatusCode != 200 || len(berr.Partial) == 0 || len(berr.Partial) > 1024 {
		t.Fatalf("BodyError %d with %d bytes", berr.StatusCode, len(berr.Partial))
	}

	exact := `"` + strings.Repeat("x", transport.MaxBodyBytes-2) + `"`
	srv.Fallback = transporttest.Reply(200, exact)
	resp, err := c.Do(context.Background(), get("/api/profile"))
	if err != nil || len(resp.Body) != transport.MaxBodyBytes {
		t.Fatalf("a body of exactly the limit: %v", err)
	}
}

func TestHeadersAndURL(t *testing.T) {
	srv := &transporttest.Server{}
	c, _ := newTestClient(t, srv, transport.Config{UserAgent: "terraform-provider-indopay/test (+Terraform 1.9.0)"})
	req := post("/api/payment/" + url.PathEscape("a/b c") + "/cancel")
	req.Header = http.Header{"X-Api-Key": {"k1"}}
	req.Query = url.Values{"status": {"paid"}}
	if _, err := c.Do(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	got := srv.Requests()[0]
	if got.Path != "/api/payment/a%2Fb%20c/cancel" || got.RawQuery != "status=paid" {
		t.Fatalf("path %q query %q", got.Path, got.RawQuery)
	}
	for k, want := range map[string]string{
		"User-Agent":   "terraform-provider-indopay/test (+Terraform 1.9.0)",
		"X-Api-Key":    "k1",
		"Content-Type": "application/json",
		"Accept":       "application/json",
	} {
		if v := got.Header.Get(k); v != want {
			t.Errorf("%s: %q, want %q", k, v, want)
		}
	}

	// A base URL with a path prefix keeps it.
	c2, err := transport.New(transport.Config{BaseURL: strings.TrimSuffix(c2URL(t, srv), "/") + "/prefix/"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c2.Do(context.Background(), get("/api/profile")); err != nil {
		t.Fatal(err)
	}
	if p := srv.Requests()[1].Path; p != "/prefix/api/profile" {
		t.Fatalf("path %q", p)
	}
}

func c2URL(t *testing.T, h http.Handler) string {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestNewRejectsBadConfig(t *testing.T) {
	for _, cfg := range []transport.Config{
		{BaseURL: ""},
		{BaseURL: "payget.sakuin.id"},
		{BaseURL: "ftp://x"},
		{BaseURL: "https://x/?apiKey=1"},
		{BaseURL: "https://x", MaxRetries: -1},
		{BaseURL: "https://x", Timeout: -time.Second},
		{BaseURL: "https://x", RequestsPerMinute: -1},
	} {
		if _, err := transport.New(cfg); err == nil {
			t.Errorf("%+v accepted", cfg)
		}
	}
}

func TestBadRequestsSendNothing(t *testing.T) {
	srv := &transporttest.Server{}
	c, _ := newTestClient(t, srv, transport.Config{})
	for _, req := range []transport.Request{
		{Method: "GET", Path: "api/profile"},
		{Method: "GET", Path: "/api/profile?apiKey=x"},
		{Method: "POST", Path: "/api/payment", Body: func() {}},
	} {
		if _, err := c.Do(context.Background(), req); err == nil {
			t.Errorf("%+v accepted", req)
		}
	}
	if srv.Count() != 0 {
		t.Fatalf("%d requests sent", srv.Count())
	}
}

func TestConnectionReuse(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(&transporttest.Server{})
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c, err := transport.New(transport.Config{BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	for range 10 {
		if _, err := c.Do(context.Background(), get("/api/profile")); err != nil {
			t.Fatal(err)
		}
	}
	if n := conns.Load(); n != 1 {
		t.Fatalf("%d connections for 10 sequential requests, want 1", n)
	}
}

func TestRedirectsAreNotFollowed(t *testing.T) {
	target := &transporttest.Server{}
	targetURL := c2URL(t, target)
	srv := &transporttest.Server{Fallback: transporttest.Reply(302, ``, "Location", targetURL+"/steal")}
	c, _ := newTestClient(t, srv, transport.Config{})
	req := get("/api/profile")
	req.Header = http.Header{"X-Api-Key": {"secret"}}
	resp, err := c.Do(context.Background(), req)
	if err != nil || resp.StatusCode != 302 || target.Count() != 0 {
		t.Fatalf("got %v %v; redirect target saw %d requests", resp, err, target.Count())
	}
}

func TestErrorText(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&transport.Error{Method: "GET", Path: "/api/profile", Attempts: 5, Err: errors.New("connection refused")},
			"GET /api/profile: giving up after 5 attempts: connection refused"},
		{&transport.Error{Method: "POST", Path: "/api/payment", Attempts: 1, Err: errors.New("EOF")},
			"POST /api/payment: EOF"},
		{&transport.BodyError{StatusCode: 200, Err: errors.New("unexpected EOF")},
			"HTTP 200: reading the answer: unexpected EOF"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestExcerpt(t *testing.T) {
	long := strings.Repeat("é", 300)
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"html collapses", "<html>\n  <body>\r\n\t502 Bad\x00 Gateway\x1b[31m</body>", "<html> <body> 502 Bad Gateway[31m</body>"},
		{"invalid utf-8 dropped", "ok\xff\xfe!", "ok!"},
		{"format characters dropped", "a\u202eb\u200bc", "abc"},
		{"leading and trailing space", "  x  ", "x"},
	}
	for _, tt := range tests {
		if got := transport.Excerpt([]byte(tt.in)); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	got := transport.Excerpt([]byte(long))
	if len(got) > 200 || !strings.HasSuffix(got, "…") {
		t.Fatalf("long excerpt: %d bytes %q", len(got), got)
	}
	if got := transport.Excerpt([]byte(strings.Repeat("a", 200))); got != strings.Repeat("a", 200) {
		t.Fatalf("200 bytes exactly must stay whole, got %d bytes", len(got))
	}
}

// An untrusted certificate is refused at once: verification is never
// skipped, and retrying cannot make the certificate trusted.
func TestUntrustedCertificateIsNotRetried(t *testing.T) {
	var handshakes atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		t.Error("a request got through an untrusted certificate")
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			handshakes.Add(1)
		}
	}
	srv.StartTLS()
	defer srv.Close()
	c, err := transport.New(transport.Config{BaseURL: srv.URL, MaxRetries: 3})
	if err != nil {
		t.Fatal(err)
	}
	transport.SetWaitHook(c, func(time.Duration) time.Duration { return 0 })
	_, err = c.Do(context.Background(), get("/api/profile"))
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("got %v, want a certificate error", err)
	}
	if n := handshakes.Load(); n != 1 {
		t.Fatalf("%d connections were opened, want 1: a certificate error must not be retried", n)
	}
}
