package mayar_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

const (
	benchItems   = 5000
	benchLatency = 20 * time.Millisecond
)

// BenchmarkListPayments lists 5,000 payment requests with 20 ms of latency
// on every request, the shape of a real listing over a network: what
// matters is how many requests it takes and how many of them wait in
// sequence. Client pacing and the server's rate limit are off, so the
// figures measure the pagination, not the pacing.
//
// "sandbox" runs against the emulator itself. Its allocations include the
// emulator's, which filters and encodes the whole list on every request, so
// "replay" serves the same answers, recorded from the emulator beforehand,
// with the same latency: its B/op and allocs/op are the client's own (plus
// net/http's small share per request).
func BenchmarkListPayments(b *testing.B) {
	payments := sandbox.GenerateMayarPayments(benchItems, time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC))
	for _, v := range []mayar.Version{mayar.V1, mayar.V2} {
		b.Run(string(v)+"/sandbox", func(b *testing.B) {
			sb := sandbox.New(sandbox.Options{Latency: benchLatency, MayarPayments: payments})
			benchmarkList(b, sb, v, func() int { return sb.RequestCount(sandbox.RouteMayarList) })
		})
		b.Run(string(v)+"/replay", func(b *testing.B) {
			r := &replay{next: sandbox.New(sandbox.Options{MayarPayments: payments}), answers: map[string]recorded{}}
			benchmarkList(b, r, v, func() int { return int(r.served.Load()) })
		})
	}
}

// benchmarkList times ListPayments against h; requests counts what the
// server has answered so far.
func benchmarkList(b *testing.B, h http.Handler, v mayar.Version, requests func() int) {
	srv := httptest.NewServer(h)
	b.Cleanup(srv.Close)
	tr, err := transport.New(transport.Config{BaseURL: srv.URL, UserAgent: "indopay-bench"})
	if err != nil {
		b.Fatal(err)
	}
	client := mayar.New(tr, sandbox.MayarKey, v)
	ctx := context.Background()
	list := func() {
		result, err := client.ListPayments(ctx, mayar.ListOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if len(result.Payments) != benchItems {
			b.Fatalf("listed %d payment requests, want %d", len(result.Payments), benchItems)
		}
	}

	// One untimed listing fills the replay's recordings and the connection
	// pool, so every timed listing does the same work.
	list()
	before := requests()
	runs := 0
	b.ReportAllocs()
	for b.Loop() {
		list()
		runs++
	}
	b.ReportMetric(float64(requests()-before)/float64(runs), "requests/op")
}

// replay answers each request URI with what next answered the first time,
// after benchLatency.
type replay struct {
	next   http.Handler
	served atomic.Int64

	mu      sync.Mutex
	answers map[string]recorded
}

type recorded struct {
	status int
	header http.Header
	body   []byte
}

func (r *replay) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	answer, ok := r.answers[req.URL.RequestURI()]
	r.mu.Unlock()
	if !ok {
		rec := httptest.NewRecorder()
		r.next.ServeHTTP(rec, req)
		answer = recorded{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
		r.mu.Lock()
		r.answers[req.URL.RequestURI()] = answer
		r.mu.Unlock()
	}
	r.served.Add(1)
	timer := time.NewTimer(benchLatency)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-req.Context().Done():
		return
	}
	for k, vs := range answer.header {
		w.Header()[k] = vs
	}
	w.WriteHeader(answer.status)
	_, _ = w.Write(answer.body)
}
