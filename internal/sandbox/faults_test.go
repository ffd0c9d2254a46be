package sandbox_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

func TestFaults(t *testing.T) {
	createPayGet := postPayment(50000)
	createMayar := call{method: http.MethodPost, path: "/hl/v2/payments/create", header: bearer(sandbox.MayarKey), body: validCreate}
	createLink := call{method: http.MethodPost, path: "/hl/v2/products/payment-link/create", header: bearer(sandbox.MayarKey), body: validLink}
	tests := []struct {
		name       string
		route      sandbox.Route
		call       call
		fault      sandbox.Fault
		status     int    // 0: no response at all
		body       string // a substring of the body answered
		retryAfter string
		truncated  bool // the body ends early
		stored     bool // the create took effect
	}{
		{name: "503", route: sandbox.RoutePayGetCreate, call: createPayGet, fault: sandbox.Fault{Kind: sandbox.Fault503},
			status: 503, body: `{"success":false,"message":"Service temporarily unavailable."}`},
		{name: "503 with Retry-After", route: sandbox.RoutePayGetCreate, call: createPayGet,
			fault:  sandbox.Fault{Kind: sandbox.Fault503, RetryAfter: 1500 * time.Millisecond},
			status: 503, retryAfter: "2"},
		{name: "503 on Mayar", route: sandbox.RouteMayarCreate, call: createMayar, fault: sandbox.Fault{Kind: sandbox.Fault503},
			status: 503, body: `{"statusCode":503,"messages":"Service Unavailable"}`},
		{name: "502 HTML", route: sandbox.RoutePayGetCreate, call: createPayGet, fault: sandbox.Fault{Kind: sandbox.Fault502HTML},
			status: 502, body: "<h1>502 Bad Gateway</h1>"},
		{name: "429 default", route: sandbox.RoutePayGetCreate, call: createPayGet, fault: sandbox.Fault{Kind: sandbox.Fault429},
			status: 429, retryAfter: "1", body: `"message":"Too many requests."`},
		{name: "429 on Mayar", route: sandbox.RouteMayarCreate, call: createMayar, fault: sandbox.Fault{Kind: sandbox.Fault429, RetryAfter: 7 * time.Second},
			status: 429, retryAfter: "7", body: `{"statusCode":429,"messages":"Too Many Requests"}`},
		{name: "truncated JSON", route: sandbox.RoutePayGetCreate, call: createPayGet, fault: sandbox.Fault{Kind: sandbox.FaultTruncatedJSON},
			status: 200, body: `{"success":true`, truncated: true, stored: true},
		{name: "slow", route: sandbox.RoutePayGetCreate, call: createPayGet, fault: sandbox.Fault{Kind: sandbox.FaultSlow, Delay: time.Millisecond},
			status: 200, body: `"paymentId":`, stored: true},
		{name: "reset", route: sandbox.RoutePayGetCreate, call: createPayGet, fault: sandbox.Fault{Kind: sandbox.FaultReset}},
		{name: "reset on Mayar", route: sandbox.RouteMayarCreate, call: createMayar, fault: sandbox.Fault{Kind: sandbox.FaultReset}},
		{name: "store then 503", route: sandbox.RoutePayGetCreate, call: createPayGet, fault: sandbox.Fault{Kind: sandbox.FaultStoreThen503},
			status: 503, stored: true},
		{name: "store then 503 on Mayar", route: sandbox.RouteMayarCreate, call: createMayar, fault: sandbox.Fault{Kind: sandbox.FaultStoreThen503},
			status: 503, stored: true},
		{name: "503 on a product create", route: sandbox.RouteMayarProductCreate, call: createLink, fault: sandbox.Fault{Kind: sandbox.Fault503},
			status: 503, body: `{"statusCode":503,"messages":"Service Unavailable"}`},
		{name: "store then 503 on a product create", route: sandbox.RouteMayarProductCreate, call: createLink, fault: sandbox.Fault{Kind: sandbox.FaultStoreThen503},
			status: 503, stored: true},
		{name: "truncated product listing", route: sandbox.RouteMayarProductList, call: call{path: "/hl/v2/products", header: bearer(sandbox.MayarKey)},
			fault: sandbox.Fault{Kind: sandbox.FaultTruncatedJSON}, status: 200, body: `{"statusCode":200`, truncated: true},
		{name: "any route", route: sandbox.RouteAny, call: createPayGet, fault: sandbox.Fault{Kind: sandbox.Fault503},
			status: 503},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sb, srv := start(t, sandbox.Options{})
			sb.InjectFaults(tt.route, tt.fault)
			if n := sb.PendingFaults(tt.route); n != 1 {
				t.Fatalf("PendingFaults %d; want 1", n)
			}
			resp, err := send(t.Context(), srv, tt.call)
			switch {
			case tt.status == 0:
				if err == nil {
					resp.Body.Close()
					t.Fatalf("got HTTP %d; want the connection closed without a response", resp.StatusCode)
				}
			case err != nil:
				t.Fatalf("request failed: %v", err)
			default:
				defer resp.Body.Close()
				body, readErr := io.ReadAll(resp.Body)
				if resp.StatusCode != tt.status {
					t.Errorf("HTTP %d; want %d", resp.StatusCode, tt.status)
				}
				if tt.truncated != (readErr != nil) {
					t.Errorf("reading the body: %v; want truncated %v", readErr, tt.truncated)
				}
				if tt.truncated && !errors.Is(readErr, io.ErrUnexpectedEOF) {
					t.Errorf("a truncated body reads as %v; want unexpected EOF", readErr)
				}
				if tt.truncated && (resp.ContentLength <= int64(len(body)) || len(body) == 0) {
					t.Errorf("Content-Length %d, %d bytes sent; want half of the announced body", resp.ContentLength, len(body))
				}
				if !strings.Contains(string(body), tt.body) {
					t.Errorf("body %s lacks %s", body, tt.body)
				}
				if got := resp.Header.Get("Retry-After"); got != tt.retryAfter {
					t.Errorf("Retry-After %q; want %q", got, tt.retryAfter)
				}
			}
			stored := len(sb.PayGetPayments()) + len(sb.MayarPayments()) + len(sb.MayarProducts())
			if (stored == 1) != tt.stored {
				t.Errorf("%d objects stored; want stored %v", stored, tt.stored)
			}
			if n := sb.PendingFaults(tt.route); n != 0 {
				t.Errorf("the fault was not consumed: %d pending", n)
			}
			reqs := sb.Requests()
			if len(reqs) != 1 || reqs[0].Fault != tt.fault.Kind || reqs[0].Status != tt.status {
				t.Errorf("log %+v; want one request with fault %s and status %d", reqs, tt.fault.Kind, tt.status)
			}
			// The next request is served normally (a Mayar create that was
			// stored is now a duplicate: the guard answers for it).
			if tt.stored && tt.route == sandbox.RouteMayarCreate {
				sb.Advance(time.Minute)
			}
			if r := do(t, srv, tt.call); r.status != http.StatusOK {
				t.Errorf("after the fault: HTTP %d %s", r.status, r.body)
			}
		})
	}
}

func TestFaultQueues(t *testing.T) {
	sb, srv := start(t, sandbox.Options{})
	profile := call{path: "/api/profile", header: payget(sandbox.PayGetKey)}
	balance := call{path: "/hl/v1/balance", header: bearer(sandbox.MayarKey)}
	sb.InjectFaults(sandbox.RoutePayGetProfile, sandbox.Fault{Kind: sandbox.Fault503}, sandbox.Fault{Kind: sandbox.Fault502HTML})
	sb.InjectFaults(sandbox.RouteAny, sandbox.Fault{Kind: sandbox.Fault429})

	steps := []struct {
		call   call
		status int
	}{
		{profile, 503}, // the route's own queue first, in order
		{profile, 502},
		{balance, 429}, // then RouteAny, on any route
		{profile, 200},
		{balance, 200},
	}
	for i, st := range steps {
		if r := do(t, srv, st.call); r.status != st.status {
			t.Errorf("step %d %s: HTTP %d; want %d", i, st.call.path, r.status, st.status)
		}
	}
	for _, rt := range []sandbox.Route{sandbox.RoutePayGetProfile, sandbox.RouteAny} {
		if n := sb.PendingFaults(rt); n != 0 {
			t.Errorf("%s: %d faults left", rt, n)
		}
	}

	sb.InjectFaults(sandbox.RouteMayarList, sandbox.Fault{Kind: sandbox.Fault503}, sandbox.Fault{Kind: sandbox.Fault503})
	sb.ClearFaults()
	if n := sb.PendingFaults(sandbox.RouteMayarList); n != 0 {
		t.Errorf("ClearFaults left %d", n)
	}

	defer func() {
		if recover() == nil {
			t.Error("InjectFaults accepted an unknown kind")
		}
	}()
	sb.InjectFaults(sandbox.RouteAny, sandbox.Fault{Kind: "teapot"})
}

// closeWithin closes srv, which waits for every handler to return, and
// fails the test if that takes more than a generous bound: a handler still
// sleeping for a client that gave up would hold it for an hour.
func closeWithin(t *testing.T, srv *httptest.Server) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		srv.Close()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("a handler is still running after its client gave up")
	}
}

func TestClientGivingUpEndsTheWait(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(sb *sandbox.Sandbox)
		stored bool
	}{
		{"latency", func(sb *sandbox.Sandbox) { sb.SetLatency(time.Hour) }, false},
		{"slow fault", func(sb *sandbox.Sandbox) {
			sb.InjectFaults(sandbox.RoutePayGetCreate, sandbox.Fault{Kind: sandbox.FaultSlow, Delay: time.Hour})
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sb := sandbox.New(sandbox.Options{})
			srv := httptest.NewServer(sb)
			defer srv.Close()
			tt.setup(sb)
			ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
			defer cancel()
			resp, err := send(ctx, srv, postPayment(50000))
			if err == nil {
				resp.Body.Close()
				t.Fatalf("HTTP %d; want the client to give up", resp.StatusCode)
			}
			closeWithin(t, srv)
			reqs := sb.Requests()
			if len(reqs) != 1 || reqs[0].Status != 0 {
				t.Fatalf("log %+v; want one request answered with nothing (status 0)", reqs)
			}
			if stored := len(sb.PayGetPayments()) == 1; stored != tt.stored {
				t.Errorf("stored %v; want %v", stored, tt.stored)
			}
		})
	}
}

func TestLatencyIsAdded(t *testing.T) {
	_, srv := start(t, sandbox.Options{Latency: 20 * time.Millisecond})
	began := time.Now()
	if r := do(t, srv, call{path: "/api/profile", header: payget(sandbox.PayGetKey)}); r.status != http.StatusOK {
		t.Fatalf("HTTP %d", r.status)
	}
	// A lower bound only: the latency is a minimum, never a promise of speed.
	if took := time.Since(began); took < 20*time.Millisecond {
		t.Errorf("answered in %v; the latency is 20ms", took)
	}
}
