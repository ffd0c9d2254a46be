package transport_test

import (
	"context"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// TestLimiterNeverExceedsWindow replays a caller that sends as fast as the
// limiter allows, on the limiter's own clock (no wall time), and counts the
// requests in every window that starts at a request: no 60 s window may
// hold more than N, and no window of length T more than ceil(N*T/60s).
func TestLimiterNeverExceedsWindow(t *testing.T) {
	for _, n := range []int{1, 2, 3, 5, 20, 60, 120, 1000, 6000} {
		lim := transport.NewLimiter(n)
		start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		now := start
		var at []time.Time
		for len(at) < 3*n+3 {
			r := lim.ReserveN(now, 1)
			if !r.OK() {
				t.Fatalf("N=%d: reservation refused", n)
			}
			now = now.Add(r.DelayFrom(now))
			at = append(at, now)
		}
		for _, window := range []time.Duration{time.Minute, 30 * time.Second, 10 * time.Second} {
			limit := (n*int(window/time.Second) + 59) / 60
			j := 0
			for i := range at {
				// A window that includes both its ends, the strictest reading.
				for j < len(at) && !at[j].After(at[i].Add(window)) {
					j++
				}
				count := j - i
				if n == 1 && window == time.Minute {
					count-- // the next request comes exactly 60 s later: outside (t-60s, t]
				}
				if count > limit {
					t.Fatalf("N=%d: %d requests in the %v from %v", n, count, window, at[i].Sub(start))
				}
			}
		}
		// Not needlessly slow either: N requests fit in a minute.
		if n >= 2 {
			if span := at[n-1].Sub(at[0]); span > time.Minute {
				t.Fatalf("N=%d: %d requests take %v", n, n, span)
			}
		}
	}
}

func TestLimiterIntervals(t *testing.T) {
	for n, want := range map[int]time.Duration{1: time.Minute, 2: time.Minute, 3: 30 * time.Second, 20: time.Minute / 19, 121: 500 * time.Millisecond} {
		if got := transport.LimiterInterval(n); got != want {
			t.Errorf("N=%d: interval %v, want %v", n, got, want)
		}
	}
	if transport.NewLimiter(0) != nil {
		t.Error("N=0 must mean no limiter")
	}
}

// TestLimiterPacesRealRequests checks the wiring: concurrent requests
// through one client reach the server at least one interval apart (a lower
// bound the limiter guarantees, so it cannot flake).
func TestLimiterPacesRealRequests(t *testing.T) {
	const n = 600 // one request every 60s/599, about 100 ms
	interval := transport.LimiterInterval(n)
	srv := &scripted{}
	c, _ := newTestClient(t, srv, transport.Config{RequestsPerMinute: n})
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			if _, err := c.Do(context.Background(), get("/hl/v2/payments")); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	var at []time.Time
	for _, r := range srv.requests() {
		at = append(at, r.At)
	}
	slices.SortFunc(at, func(a, b time.Time) int { return a.Compare(b) })
	if span, least := at[2].Sub(at[0]), 2*interval*95/100; span < least {
		t.Fatalf("3 requests spanned %v, want at least %v", span, least)
	}
}

// TestLimiterWaitIsNotPartOfTheTimeout: the second request waits about
// 400 ms for its slot, longer than the 250 ms timeout, and still succeeds.
func TestLimiterWaitIsNotPartOfTheTimeout(t *testing.T) {
	srv := &scripted{}
	c, _ := newTestClient(t, srv, transport.Config{RequestsPerMinute: 150, Timeout: 250 * time.Millisecond})
	for i := range 2 {
		req := get("/hl/v1/payment")
		req.Query = url.Values{"page": {"1"}}
		if _, err := c.Do(context.Background(), req); err != nil {
			t.Fatalf("request %d: %v", i+1, err)
		}
	}
	if srv.count() != 2 {
		t.Fatalf("%d requests", srv.count())
	}
}

func TestLimiterWaitEndsWithContext(t *testing.T) {
	srv := &scripted{}
	c, _ := newTestClient(t, srv, transport.Config{RequestsPerMinute: 1})
	if _, err := c.Do(context.Background(), get("/x")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.Do(ctx, get("/x"))
	if err == nil || srv.count() != 1 {
		t.Fatalf("got %v after %d requests; the second must wait a minute, beyond ctx", err, srv.count())
	}
}
