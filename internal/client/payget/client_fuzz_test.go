package payget_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/payget"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport/transporttest"
)

// liveLookingKey is long and random-looking, as real keys are, so that finding any
// 12 characters of it in an error is a leak and never a coincidence.
const liveLookingKey = "pg_live_7Qm2Xv9Lr4Tz8Kc1Wb6Nd3Hs5Jf0Ypa"

// keyPlaceholder in a fuzzed body is replaced by the key: the answer of a
// server (or proxy) that echoes the key it was sent.
const keyPlaceholder = "KEY"

// splitKeyPlaceholder stands for the key with a NUL inside: a quoted
// excerpt drops control characters, and must not glue the key back.
const splitKeyPlaceholder = "SPLITKEY"

// echoKey puts the key, whole or split, where the body has a placeholder.
func echoKey(body []byte) []byte {
	body = bytes.ReplaceAll(body, []byte(splitKeyPlaceholder), []byte(liveLookingKey[:10]+"\x00"+liveLookingKey[10:]))
	return bytes.ReplaceAll(body, []byte(keyPlaceholder), []byte(liveLookingKey))
}

// cannedServer answers every request with one status and body, and records
// what it was sent.
type cannedServer struct {
	mu      sync.Mutex
	status  int
	body    []byte
	creates int
	misuse  []string // requests that carried the key where they must not
}

func (s *cannedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	status, body := s.status, s.body
	if r.Method == http.MethodPost && r.URL.Path == "/api/payment" {
		s.creates++
	}
	if r.URL.Query().Has("apiKey") {
		s.misuse = append(s.misuse, "key in the query of "+r.URL.Path)
	}
	if strings.HasPrefix(r.URL.Path, "/api/payment-status/") && r.Header.Get("x-api-key") != "" {
		s.misuse = append(s.misuse, "key sent to "+r.URL.Path)
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func (s *cannedServer) set(status int, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status, s.body, s.creates, s.misuse = status, body, 0, nil
}

// FuzzClientAnswer answers every PayGet call with any status and body, the
// key echoed wherever the body says KEY. Whatever comes back: no panic; no
// error quotes the key or a piece of it; the create is sent once (twice
// only when refused with 429, which is retried once here); a create failing
// with a 5xx is reported as possibly done; a decoded payment has an id and a
// status; the status read never carries the key.
func FuzzClientAnswer(f *testing.F) {
	for _, seed := range []struct {
		status int
		body   string
	}{
		{200, `{"success":true,"profile":{"username":"john_doe","level":"member","balance":100000}}`},
		{200, `{"success":true,"message":"Payment request created successfully.","paymentId":"a1b2c3d4e5f6g7h8","qrCode":"data:image/png;base64,iVBORw0KGgo=","amount":50000,"balanceReceived":50000,"fee":0}`},
		{200, `{"success":true,"message":"ok","payment":{"id":"b1","amount":500000,"fee":4000,"finalAmount":496000,"qris":"data:image/png;base64,AA==","exp":"2026-11-21T10:10:00.000Z","status":"Pending"}}`},
		{200, `{"success":true,"status":"Pending","id":"a1b2c3d4e5f6g7h8","amount":50000}`},
		{200, `{"success":true,"message":"Payment cancelled successfully","payment":{"id":"a1b2c3d4e5f6g7h8","status":"Expired"}}`},
		{401, `{"success":false,"message":"Invalid API Key."}`},
		{200, `{"success":false,"message":"API Key is required."}`},
		{404, `{"success":false,"message":"Payment not found."}`},
		{400, `{"success":false,"message":"Only Pending payments can be cancelled."}`},
		{503, `{"success":false,"message":"Service temporarily unavailable."}`},
		{429, `{"success":false,"message":"Too many requests."}`},
		{502, "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"},
		{200, `{"success":true,"message":"Payment request created successfully.","paymentId":"zr1r1sly8najw7tr","qrCode":"data:image/png;base64,iVBORw0KGgoAAAANSUhE`},
		{200, ""},
		{200, "null"},
		{200, `[]`},
		{200, `{"success":"true"}`},
		{200, `{"success":true,"paymentId":"","amount":1e400,"fee":-0.0,"balanceReceived":"12"}`},
		{200, `{"success":true,"payment":{"id":"x","amount":9223372036854775808,"exp":"tomorrow"}}`},
		{200, "\xef\xbb\xbf{\"success\":true}"},
		{200, "{\"success\":true,\"message\":\"\xff\xfe\x00\"}"},
		{500, `{"success":false,"message":"upstream said: invalid key KEY"}`},
		{401, `{"success":false,"message":"Invalid API Key: KEY"}`},
		{200, `{"success":true,"profile":{"username":"KEY","level":7,"balance":1}}`},
		{200, `{"success":true,"paymentId":"KEY","qrCode":5}`},
		{502, "<html><body><pre>" + strings.Repeat("x-forwarded-for: 10.0.0.1\n", 7) + "x-api-key: KEY</pre></body></html>"},
		{502, "<html><body>" + strings.Repeat("a", 165) + "KEY</body></html>"},
		{502, "<html><body>x-api-key: SPLITKEY</body></html>"},
		{200, `{"success":false,"message":"` + strings.Repeat("m", 190) + `KEY"}`},
	} {
		f.Add(seed.status, []byte(seed.body))
	}
	srv := &cannedServer{}
	hs := httptest.NewServer(srv)
	f.Cleanup(hs.Close)
	tc, err := transport.New(transport.Config{
		BaseURL:      hs.URL,
		Timeout:      5 * time.Second,
		MaxRetries:   1,
		RetryWaitMin: time.Nanosecond,
		RetryWaitMax: time.Nanosecond,
		Secrets:      []string{liveLookingKey}, // as the provider configures it: the transport redacts the key
	})
	if err != nil {
		f.Fatal(err)
	}
	c := payget.New(tc, liveLookingKey)

	f.Fuzz(func(t *testing.T, status int, body []byte) {
		status = transporttest.ServerStatus(status)
		srv.set(status, echoKey(body))
		ctx := context.Background()
		var errs []error

		_, err := c.Profile(ctx)
		errs = append(errs, err)

		p, err := c.CreatePayment(ctx, 50000)
		errs = append(errs, err)
		switch {
		case err == nil && (p.ID == "" || p.Status == ""):
			t.Fatalf("a created payment without id or status: %+v", p)
		case err == nil && (status < 200 || status > 299):
			t.Fatalf("HTTP %d taken for a created payment", status)
		case err != nil && status >= 500 && !errors.Is(err, payget.ErrOutcomeUnknown):
			t.Fatalf("a create answered %d is not reported as possibly done: %v", status, err)
		}
		srv.mu.Lock()
		creates := srv.creates
		srv.mu.Unlock()
		if want := 1 + btoi(status == http.StatusTooManyRequests); creates != want {
			t.Fatalf("the create was sent %d times on HTTP %d, want %d", creates, status, want)
		}

		s, err := c.PaymentStatus(ctx, "a1b2c3d4e5f6g7h8")
		errs = append(errs, err)
		if err == nil && (s.ID == "" || s.Status == "") {
			t.Fatalf("a status without id or status: %+v", s)
		}
		_, err = c.CancelPayment(ctx, "a1b2c3d4e5f6g7h8")
		errs = append(errs, err)

		for _, err := range errs {
			if err == nil {
				continue
			}
			if leak := transporttest.KeyLeak(err.Error(), liveLookingKey); leak != "" {
				t.Fatalf("the error quotes %q of the key: %v", leak, err)
			}
		}
		srv.mu.Lock()
		misuse := srv.misuse
		srv.mu.Unlock()
		if len(misuse) > 0 {
			t.Fatalf("the key went where it must not: %v", misuse)
		}
	})
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// An answer larger than the transport's limit is refused after the limit,
// not read whole, and not asked again (the server would send it again).
func TestOversizedAnswerIsRefusedAtTheLimit(t *testing.T) {
	var requests int
	var mu sync.Mutex
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		requests++
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"success":true,"profile":{"username":"`))
		// No Content-Length: the body goes on past the limit, 64 KiB at a
		// time, until the client stops reading.
		chunk := bytes.Repeat([]byte("a"), 64<<10)
		for written := 0; written <= 2*transport.MaxBodyBytes; written += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	t.Cleanup(hs.Close)
	tc, err := transport.New(transport.Config{BaseURL: hs.URL, MaxRetries: 3, RetryWaitMin: time.Nanosecond, RetryWaitMax: time.Nanosecond})
	if err != nil {
		t.Fatal(err)
	}
	_, err = payget.New(tc, liveLookingKey).Profile(context.Background())
	var apiErr *transport.APIError
	if !errors.Is(err, transport.ErrBodyTooLarge) && !errors.As(err, &apiErr) {
		t.Fatalf("got %v, want the answer refused as too large", err)
	}
	if !strings.Contains(err.Error(), "too large") || len(err.Error()) > 1024 {
		t.Fatalf("the error does not say the answer is too large, or quotes too much (%d bytes): %.300s", len(err.Error()), err)
	}
	mu.Lock()
	defer mu.Unlock()
	if requests != 1 {
		t.Fatalf("the oversized answer was asked %d times, want 1", requests)
	}
}
