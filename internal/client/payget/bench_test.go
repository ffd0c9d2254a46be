package payget_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/indopay/terraform-provider-indopay/internal/client/payget"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// BenchmarkCreateStatusRoundTrip is what one payment costs the client: a
// CreatePayment, then a PaymentStatus of the payment it created, over HTTP
// on loopback with no latency injected.
//
// "sandbox" runs against the emulator, so its time and allocations include
// the emulator's (it renders the QR code PNG on every create). "replay"
// answers the same two requests with bytes recorded from the emulator, so
// its B/op and allocs/op are the client's own, with net/http's client side.
func BenchmarkCreateStatusRoundTrip(b *testing.B) {
	b.Run("sandbox", func(b *testing.B) {
		sb := sandbox.New(sandbox.Options{})
		srv := httptest.NewServer(sb)
		b.Cleanup(srv.Close)
		benchmarkRoundTrip(b, benchPayGetClient(b, srv.URL, nil), func() int { return sb.RequestCount(sandbox.RouteAny) })
	})
	b.Run("replay", func(b *testing.B) {
		rt := recordRoundTrip(b)
		benchmarkRoundTrip(b, benchPayGetClient(b, "http://127.0.0.1:1", rt), func() int { return int(rt.served.Load()) })
	})
}

func benchmarkRoundTrip(b *testing.B, c *payget.Client, requests func() int) {
	ctx := context.Background()
	roundTrip := func() {
		p, err := c.CreatePayment(ctx, 250000)
		if err != nil {
			b.Fatal(err)
		}
		s, err := c.PaymentStatus(ctx, p.ID)
		if err != nil {
			b.Fatal(err)
		}
		if s.Status != payget.StatusPending || s.Amount != 250000 || p.QRCode == "" {
			b.Fatalf("round trip read %+v after creating %+v", s, p)
		}
	}
	// One untimed round trip opens the pooled connection.
	roundTrip()
	before := requests()
	runs := 0
	b.ReportAllocs()
	for b.Loop() {
		roundTrip()
		runs++
	}
	b.ReportMetric(float64(requests()-before)/float64(runs), "requests/op")
}

func benchPayGetClient(b *testing.B, baseURL string, rt http.RoundTripper) *payget.Client {
	cfg := transport.Config{BaseURL: baseURL, UserAgent: "indopay-bench"}
	if rt != nil {
		cfg.HTTPClient = &http.Client{Transport: rt}
	}
	tr, err := transport.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	return payget.New(tr, sandbox.PayGetKey)
}

// replayTransport answers a create and a status read with recorded bodies,
// without a network: only the client's side of the exchange is measured.
type replayTransport struct {
	create, status []byte
	served         atomic.Int64
}

func (r *replayTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	r.served.Add(1)
	body := r.status
	if req.Method == http.MethodPost {
		body = r.create
	}
	return &http.Response{
		Status: "200 OK", StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json; charset=utf-8"}},
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}, nil
}

// recordRoundTrip asks the emulator for one create and its status, and keeps
// the answers' bodies.
func recordRoundTrip(b *testing.B) *replayTransport {
	sb := sandbox.New(sandbox.Options{})
	get := func(method, path, body string) []byte {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("x-api-key", sandbox.PayGetKey)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		sb.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s %s: the sandbox answered %d: %s", method, path, rec.Code, rec.Body)
		}
		return rec.Body.Bytes()
	}
	create := get(http.MethodPost, "/api/payment", `{"amount":250000}`)
	payments := sb.PayGetPayments()
	if len(payments) != 1 {
		b.Fatalf("the sandbox holds %d payments after one create", len(payments))
	}
	status := get(http.MethodGet, "/api/payment-status/"+payments[0].ID, "")
	return &replayTransport{create: create, status: status}
}
