package sandbox_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

func TestMayarRateLimit(t *testing.T) {
	// The window is measured on the sandbox clock, so Advance moves
	// through it and no test waits for real time to pass.
	sb, srv := start(t, sandbox.Options{MayarRateLimit: 3, MayarRateWindow: time.Minute})
	balance := call{path: "/hl/v2/balances", header: bearer(sandbox.MayarKey)}
	list := call{path: "/hl/v1/payment?status=paid", header: bearer(sandbox.MayarKey)}
	products := call{path: "/hl/v2/products", header: bearer(sandbox.MayarKey)}
	profile := call{path: "/api/profile", header: payget(sandbox.PayGetKey)}

	// The catalog counts as every Mayar route does.
	for i, c := range []call{balance, list, products} {
		if r := do(t, srv, c); r.status != http.StatusOK {
			t.Fatalf("request %d within the limit: HTTP %d %s", i+1, r.status, r.body)
		}
	}
	r := do(t, srv, list)
	wantMayarFailure(t, r, http.StatusTooManyRequests, "Too Many Requests")
	// The oldest request leaves the window in just under a minute: rounded
	// up to whole seconds that is 60.
	if got := r.header.Get("Retry-After"); got != "60" {
		t.Errorf("Retry-After %q; want 60", got)
	}
	if r := do(t, srv, profile); r.status != http.StatusOK {
		t.Errorf("PayGet is not rate limited: HTTP %d", r.status)
	}
	if n := sb.RateLimited(); n != 1 {
		t.Errorf("RateLimited %d; want 1", n)
	}
	reqs := sb.Requests()
	if last := reqs[3]; !last.RateLimited || last.Status != 429 || last.Route != sandbox.RouteMayarList {
		t.Errorf("the refused request is logged as %+v", last)
	}

	// A fault queued for the route is not consumed by a refused request.
	sb.InjectFaults(sandbox.RouteMayarBalance, sandbox.Fault{Kind: sandbox.Fault503})
	if r := do(t, srv, balance); r.status != http.StatusTooManyRequests || sb.PendingFaults(sandbox.RouteMayarBalance) != 1 {
		t.Errorf("HTTP %d, %d faults pending; want 429 and the fault kept", r.status, sb.PendingFaults(sandbox.RouteMayarBalance))
	}
	sb.ClearFaults()

	sb.Advance(45 * time.Second)
	if got := do(t, srv, balance).header.Get("Retry-After"); got != "15" {
		t.Errorf("45s later, Retry-After %q; want 15", got)
	}
	sb.Advance(15 * time.Second)
	if r := do(t, srv, balance); r.status != http.StatusOK {
		t.Errorf("once the window passed: HTTP %d", r.status)
	}
	if n := sb.RateLimited(); n != 3 {
		t.Errorf("RateLimited %d; want 3", n)
	}
}

func TestMayarRateLimitSlides(t *testing.T) {
	sb, srv := start(t, sandbox.Options{MayarRateLimit: 2})
	balance := call{path: "/hl/v1/balance", header: bearer(sandbox.MayarKey)}
	status := func() int { return do(t, srv, balance).status }

	if status() != 200 {
		t.Fatal("first request refused")
	}
	sb.Advance(40 * time.Second)
	if status() != 200 {
		t.Fatal("second request refused")
	}
	if r := do(t, srv, balance); r.status != 429 || r.header.Get("Retry-After") != "20" {
		t.Fatalf("third: HTTP %d Retry-After %q; want 429 and 20 (the first request leaves the default one-minute window then)", r.status, r.header.Get("Retry-After"))
	}
	// A fixed window would reset everything at the minute; a sliding one
	// lets only the first request go.
	sb.Advance(21 * time.Second)
	if status() != 200 {
		t.Fatal("a slot freed by the first request was not reused")
	}
	if status() != 429 {
		t.Fatal("the second request is still in the window; want 429")
	}
}

func TestMayarRateLimitPerClientIP(t *testing.T) {
	sb := sandbox.New(sandbox.Options{MayarRateLimit: 1})
	serve := func(addr string) int {
		req := httptest.NewRequest(http.MethodGet, "/hl/v1/balance", nil)
		req.RemoteAddr = addr
		req.Header.Set("Authorization", "Bearer "+sandbox.MayarKey)
		rec := httptest.NewRecorder()
		sb.ServeHTTP(rec, req)
		return rec.Code
	}
	for _, st := range []struct {
		addr string
		want int
	}{
		{"192.0.2.1:40000", 200},
		{"192.0.2.1:40001", 429}, // another port, the same client
		{"192.0.2.2:40000", 200},
		{"[2001:db8::1]:40000", 200},
		{"[2001:db8::1]:40001", 429},
	} {
		if got := serve(st.addr); got != st.want {
			t.Errorf("%s: HTTP %d; want %d", st.addr, got, st.want)
		}
	}

	sb.SetMayarRateLimit(0, 0)
	for range 5 {
		if got := serve("192.0.2.1:40000"); got != 200 {
			t.Fatalf("limit off: HTTP %d", got)
		}
	}
	sb.SetMayarRateLimit(2, time.Hour) // forgets what was counted
	for i, want := range []int{200, 200, 429} {
		if got := serve("192.0.2.1:1"); got != want {
			t.Errorf("after SetMayarRateLimit(2, 1h), request %d: HTTP %d; want %d", i+1, got, want)
		}
	}
}
