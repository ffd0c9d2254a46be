package payget_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/payget"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport/transporttest"
)

// flatCreateAnswer and nestedCreateAnswer are the two create answers PayGet
// documents: its fields at the top level, or in a "payment" object.
const flatCreateAnswer = `{"success":true,"message":"Payment request created successfully.","paymentId":"a1b2c3d4e5f6g7h8",
"qrCode":"data:image/png;base64,iVBORw0KGgo","amount":1000000,"balanceReceived":992000,"fee":8000}`

const nestedCreateAnswer = `{"success":true,"message":"Payment created","payment":{"id":"b1b2c3d4e5f6g7h8","amount":500000,
"fee":4000,"finalAmount":496000,"qris":"data:image/png;base64,AAAA","exp":"2026-11-21T10:10:00.000Z","status":"Pending"}}`

func TestProfile(t *testing.T) {
	srv := &transporttest.Server{Actions: []transporttest.Action{transporttest.Reply(200, `{"success":true,"profile":{"username":"john_doe","level":"member","balance":100000}}`)}}
	c := newClient(t, srv, testKey)
	p, err := c.Profile(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if *p != (payget.Profile{Username: "john_doe", Level: "member", Balance: 100000}) {
		t.Fatalf("%+v", p)
	}
	r := srv.Requests()[0]
	if r.Method != "GET" || r.Path != "/api/profile" || r.Header.Get("X-Api-Key") != testKey || r.RawQuery != "" || r.Header.Get("User-Agent") != "test-agent" {
		t.Fatalf("request %+v", r)
	}
}

func TestErrors(t *testing.T) {
	page := "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body>\x00\x1b" + strings.Repeat("<p>nginx</p>\n", 100) + "</body></html>"
	tests := []struct {
		name     string
		answers  []transporttest.Action
		want     string // the whole Error() text
		status   int
		notFound bool
	}{
		{"401 with the API's message", []transporttest.Action{transporttest.Reply(401, `{"success":false,"message":"Invalid API Key."}`)},
			`PayGet GET /api/profile: HTTP 401: "Invalid API Key."`, 401, false},
		{"success false with HTTP 200", []transporttest.Action{transporttest.Reply(200, `{"success":false,"message":"Invalid API Key."}`)},
			`PayGet GET /api/profile: HTTP 200: "Invalid API Key."`, 200, false},
		{"success false without a message", []transporttest.Action{transporttest.Reply(200, `{"success":false}`)},
			`PayGet GET /api/profile: HTTP 200: "{\"success\":false}"`, 200, false},
		{"non-2xx whatever the body", []transporttest.Action{transporttest.Reply(400, `{"success":true,"profile":{}}`)},
			`PayGet GET /api/profile: HTTP 400: "{\"success\":true,\"profile\":{}}"`, 400, false},
		{"an HTML page from a proxy, retried then quoted short", []transporttest.Action{transporttest.Reply(502, page), transporttest.Reply(502, page), transporttest.Reply(502, page)},
			`PayGet GET /api/profile: HTTP 502: the answer is not JSON: "<!DOCTYPE html> <html><head><title>502 Bad Gateway</title></head> <body><p>nginx</p> <p>nginx</p> <p>nginx</p> <p>nginx</p> <p>nginx</p> <p>nginx</p> <p>nginx</p> <p>nginx</p> <p>nginx</p> <p>nginx…" (after 3 attempts)`, 502, false},
		{"empty body", []transporttest.Action{transporttest.Reply(400, ``)},
			`PayGet GET /api/profile: HTTP 400: the answer is empty`, 400, false},
		{"truncated JSON, every time", []transporttest.Action{transporttest.Truncated(200, `{"success":true,"profile":{"username":"x"}}`), transporttest.Truncated(200, `{"success":true,"profile":{"username":"x"}}`), transporttest.Truncated(200, `{"success":true,"profile":{"username":"x"}}`)},
			`PayGet GET /api/profile: HTTP 200: the answer was cut off: "{\"success\":true,\"prof" (after 3 attempts)`, 200, false},
		{"a JSON array", []transporttest.Action{transporttest.Reply(200, `[1,2]`)},
			`PayGet GET /api/profile: HTTP 200: the answer is not a JSON object: "[1,2]"`, 200, false},
		{"success as a string", []transporttest.Action{transporttest.Reply(200, `{"success":"true","profile":{}}`)},
			`PayGet GET /api/profile: HTTP 200: the answer has no boolean "success": "{\"success\":\"true\",\"profile\":{}}"`, 200, false},
		{"a profile without a balance", []transporttest.Action{transporttest.Reply(200, `{"success":true,"profile":{"username":"a","level":"b"}}`)},
			`PayGet GET /api/profile: HTTP 200: unexpected answer (profile.balance: missing): "{\"success\":true,\"profile\":{\"username\":\"a\",\"level\":\"b\"}}"`, 200, false},
		{"a fractional balance", []transporttest.Action{transporttest.Reply(200, `{"success":true,"profile":{"username":"a","level":"b","balance":1.5}}`)},
			`PayGet GET /api/profile: HTTP 200: unexpected answer (profile.balance: 1.5 is not a whole number): "{\"success\":true,\"profile\":{\"username\":\"a\",\"level\":\"b\",\"balance\":1.5}}"`, 200, false},
		{"a huge balance", []transporttest.Action{transporttest.Reply(200, `{"success":true,"profile":{"username":"a","level":"b","balance":1e400}}`)},
			`PayGet GET /api/profile: HTTP 200: unexpected answer (profile.balance: 1e400 is out of range): "{\"success\":true,\"profile\":{\"username\":\"a\",\"level\":\"b\",\"balance\":1e400}}"`, 200, false},
		{"404 in PayGet's envelope", []transporttest.Action{transporttest.Reply(404, `{"success":false,"message":"Payment not found."}`)},
			`PayGet GET /api/profile: HTTP 404: "Payment not found."`, 404, true},
		{"not found with HTTP 200", []transporttest.Action{transporttest.Reply(200, `{"success":false,"message":"Payment NOT FOUND"}`)},
			`PayGet GET /api/profile: HTTP 200: "Payment NOT FOUND"`, 200, true},
		{"404 page from elsewhere is no ErrNotFound", []transporttest.Action{transporttest.Reply(404, `<html>Cannot GET /api/profile</html>`)},
			`PayGet GET /api/profile: HTTP 404: the answer is not JSON: "<html>Cannot GET /api/profile</html>"`, 404, false},
		{"the key echoed back is hidden", []transporttest.Action{transporttest.Reply(401, `{"success":false,"message":"Invalid API Key `+testKey+`."}`)},
			`PayGet GET /api/profile: HTTP 401: "Invalid API Key ***."`, 401, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := &transporttest.Server{Actions: tt.answers}
			c := newClient(t, srv, testKey)
			_, err := c.Profile(context.Background())
			var apiErr *transport.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("got %T %v, want *transport.APIError", err, err)
			}
			if err.Error() != tt.want {
				t.Fatalf("message\n got %s\nwant %s", err, tt.want)
			}
			if apiErr.StatusCode != tt.status || errors.Is(err, payget.ErrNotFound) != tt.notFound || errors.Is(err, payget.ErrOutcomeUnknown) {
				t.Fatalf("status %d, not found %v, outcome unknown %v", apiErr.StatusCode, errors.Is(err, payget.ErrNotFound), errors.Is(err, payget.ErrOutcomeUnknown))
			}
			if len(apiErr.Body) > 200 {
				t.Fatalf("Body excerpt of %d bytes", len(apiErr.Body))
			}
			if len(srv.Requests()) != len(tt.answers) {
				t.Fatalf("%d requests for %d answers", len(srv.Requests()), len(tt.answers))
			}
		})
	}
}

func TestReadsAreRetried(t *testing.T) {
	srv := &transporttest.Server{Actions: []transporttest.Action{
		transporttest.Reply(503, `{"success":false,"message":"busy"}`),
		transporttest.Reply(429, `{}`, "Retry-After", "0"),
		transporttest.Reply(200, `{"success":true,"status":"Success","id":"abc","amount":50000}`),
	}}
	c := newClient(t, srv, testKey)
	s, err := c.PaymentStatus(context.Background(), "abc")
	if err != nil {
		t.Fatal(err)
	}
	if *s != (payget.PaymentStatus{ID: "abc", Status: "Success", Amount: 50000}) || len(srv.Requests()) != 3 {
		t.Fatalf("%+v after %d requests", s, len(srv.Requests()))
	}
}

func TestConnectionFailureText(t *testing.T) {
	srv := &transporttest.Server{Fallback: transporttest.Reset()}
	c := newClient(t, srv, testKey)
	_, err := c.Profile(context.Background())
	if err == nil || !strings.HasPrefix(err.Error(), "PayGet GET /api/profile: giving up after 3 attempts: ") {
		t.Fatalf("got %v", err)
	}
	var terr *transport.Error
	if !errors.As(err, &terr) || terr.Attempts != 3 {
		t.Fatalf("no *transport.Error in %v", err)
	}
}

func TestMissingKeySendsNothing(t *testing.T) {
	srv := &transporttest.Server{Fallback: transporttest.Reply(200, `{"success":true,"status":"Pending","id":"abc","amount":100}`)}
	c := newClient(t, srv, "")
	ctx := context.Background()
	_, err1 := c.Profile(ctx)
	_, err2 := c.CreatePayment(ctx, 1000)
	_, err3 := c.CancelPayment(ctx, "abc")
	for i, err := range []error{err1, err2, err3} {
		if !errors.Is(err, payget.ErrMissingAPIKey) {
			t.Errorf("call %d: %v, want ErrMissingAPIKey", i+1, err)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("%d requests sent without a key", n)
	}
	// The status endpoint needs no key.
	if _, err := c.PaymentStatus(ctx, "abc"); err != nil {
		t.Fatal(err)
	}
}

func TestPaymentStatusSendsNoKey(t *testing.T) {
	srv := &transporttest.Server{Fallback: transporttest.Reply(200, `{"success":true,"status":"Pending","id":"a/b","amount":100}`)}
	c := newClient(t, srv, testKey)
	s, err := c.PaymentStatus(context.Background(), "a/b")
	if err != nil {
		t.Fatal(err)
	}
	r := srv.Requests()[0]
	if r.Path != "/api/payment-status/a%2Fb" || r.Header.Get("X-Api-Key") != "" || r.Header.Get("Authorization") != "" || r.RawQuery != "" {
		t.Fatalf("request %+v", r)
	}
	if s.ID != "a/b" || s.Status != "Pending" || s.Amount != 100 {
		t.Fatalf("%+v", s)
	}
	for _, id := range []string{"", " ", ".", ".."} {
		if _, err := c.PaymentStatus(context.Background(), id); err == nil {
			t.Errorf("id %q accepted", id)
		}
	}
	if len(srv.Requests()) != 1 {
		t.Fatalf("bad ids were sent")
	}
}

func TestCreateDecodesBothShapes(t *testing.T) {
	tests := []struct {
		name string
		body string
		want payget.Payment
	}{
		{"flat answer", flatCreateAnswer, payget.Payment{ID: "a1b2c3d4e5f6g7h8", QRCode: "data:image/png;base64,iVBORw0KGgo", Status: "Pending",
			Amount: 1000000, Fee: 8000, BalanceReceived: 992000, Message: "Payment request created successfully."}},
		{"nested answer", nestedCreateAnswer, payget.Payment{ID: "b1b2c3d4e5f6g7h8", QRCode: "data:image/png;base64,AAAA", Status: "Pending",
			Amount: 500000, Fee: 4000, BalanceReceived: 496000, Message: "Payment created",
			ExpiresAt: time.Date(2026, 11, 21, 10, 10, 0, 0, time.UTC)}},
		{"shape B without status", `{"success":true,"payment":{"id":"x","amount":100,"fee":0,"finalAmount":100,"qris":"q","exp":"2026-11-21T10:10:00+07:00"}}`,
			payget.Payment{ID: "x", QRCode: "q", Status: "Pending", Amount: 100, BalanceReceived: 100, ExpiresAt: time.Date(2026, 11, 21, 3, 10, 0, 0, time.UTC)}},
		{"numbers as floats and strings", `{"success":true,"paymentId":"y","qrCode":"q","amount":100.0,"balanceReceived":"100","fee":0}`,
			payget.Payment{ID: "y", QRCode: "q", Status: "Pending", Amount: 100, BalanceReceived: 100}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := &transporttest.Server{Actions: []transporttest.Action{transporttest.Reply(200, tt.body)}}
			c := newClient(t, srv, testKey)
			p, err := c.CreatePayment(context.Background(), tt.want.Amount)
			if err != nil {
				t.Fatal(err)
			}
			if *p != tt.want {
				t.Fatalf("got  %+v\nwant %+v", *p, tt.want)
			}
			r := srv.Requests()[0]
			if r.Method != "POST" || r.Path != "/api/payment" || r.Header.Get("X-Api-Key") != testKey || r.RawQuery != "" ||
				r.Header.Get("Content-Type") != "application/json" || r.Body != `{"amount":`+strconv.FormatInt(tt.want.Amount, 10)+`}` {
				t.Fatalf("request %+v", r)
			}
		})
	}
}

func TestCreateValidatesAmount(t *testing.T) {
	srv := &transporttest.Server{}
	c := newClient(t, srv, testKey)
	for _, amount := range []int64{-1, 0, 99, 5_000_001} {
		_, err := c.CreatePayment(context.Background(), amount)
		if err == nil || !strings.Contains(err.Error(), "100..5000000") {
			t.Errorf("amount %d: %v", amount, err)
		}
	}
	if len(srv.Requests()) != 0 {
		t.Fatal("an invalid amount was sent")
	}
}

func TestCreateIsNeverResentOnceItMayHaveArrived(t *testing.T) {
	tests := []struct {
		name   string
		answer func(t *testing.T) transporttest.Action
		want   string // a part of the message
	}{
		{"503", func(*testing.T) transporttest.Action {
			return transporttest.Reply(503, `{"success":false,"message":"Service Unavailable"}`)
		},
			`PayGet POST /api/payment: HTTP 503: "Service Unavailable"; the payment may have been created, so the request was not sent again`},
		{"502 from a proxy", func(*testing.T) transporttest.Action { return transporttest.Reply(502, `<html>Bad Gateway</html>`) },
			`PayGet POST /api/payment: HTTP 502: the answer is not JSON: "<html>Bad Gateway</html>"; the payment may have been created`},
		{"timeout", func(t *testing.T) transporttest.Action { return transporttest.Hang(t, false) },
			`PayGet POST /api/payment: no complete answer within 200ms (the per-request timeout); the request may have reached the server; the payment may have been created`},
		{"connection lost", func(*testing.T) transporttest.Action { return transporttest.Reset() },
			`the request may have reached the server; the payment may have been created`},
		{"cut-off success", func(*testing.T) transporttest.Action { return transporttest.Truncated(200, flatCreateAnswer) },
			`PayGet POST /api/payment: HTTP 200: the answer was cut off: "{\"success\":true,`},
		{"HTML with 200", func(*testing.T) transporttest.Action { return transporttest.Reply(200, `<html>ok</html>`) },
			`PayGet POST /api/payment: HTTP 200: the answer is not JSON: "<html>ok</html>"; the payment may have been created`},
		{"success without an id", func(*testing.T) transporttest.Action {
			return transporttest.Reply(200, `{"success":true,"qrCode":"q"}`)
		},
			`PayGet POST /api/payment: HTTP 200: unexpected answer (paymentId: missing): "{\"success\":true,\"qrCode\":\"q\"}"; the payment may have been created`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := &transporttest.Server{Fallback: tt.answer(t)}
			c := newClient(t, srv, testKey, func(cfg *transport.Config) { cfg.MaxRetries = 4; cfg.Timeout = 200 * time.Millisecond })
			_, err := c.CreatePayment(context.Background(), 50000)
			if !errors.Is(err, payget.ErrOutcomeUnknown) || !errors.Is(err, transport.ErrOutcomeUnknown) {
				t.Fatalf("got %v, want ErrOutcomeUnknown", err)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "may have been created") {
				t.Fatalf("message\n%s\nwant it to contain\n%s", err, tt.want)
			}
			if n := len(srv.Requests()); n != 1 {
				t.Fatalf("the create was sent %d times", n)
			}
		})
	}
}

func TestCreateFailuresThatCreatedNothing(t *testing.T) {
	for _, answer := range []transporttest.Action{
		transporttest.Reply(400, `{"success":false,"message":"Amount must be between 100 and 5000000."}`),
		transporttest.Reply(200, `{"success":false,"message":"Amount must be between 100 and 5000000."}`),
		transporttest.Reply(401, `{"success":false,"message":"Invalid API Key."}`),
	} {
		srv := &transporttest.Server{Fallback: answer}
		c := newClient(t, srv, testKey)
		_, err := c.CreatePayment(context.Background(), 50000)
		var apiErr *transport.APIError
		if !errors.As(err, &apiErr) || errors.Is(err, payget.ErrOutcomeUnknown) || len(srv.Requests()) != 1 {
			t.Fatalf("got %v after %d requests", err, len(srv.Requests()))
		}
	}
}

func TestCreateRetriesWhatSurelyNeverArrived(t *testing.T) {
	t.Run("429", func(t *testing.T) {
		srv := &transporttest.Server{Actions: []transporttest.Action{transporttest.Reply(429, `{"success":false,"message":"slow down"}`, "Retry-After", "0"), transporttest.Reply(200, flatCreateAnswer)}}
		c := newClient(t, srv, testKey)
		p, err := c.CreatePayment(context.Background(), 1000000)
		if err != nil || p.ID != "a1b2c3d4e5f6g7h8" || len(srv.Requests()) != 2 {
			t.Fatalf("got %v %v after %d requests", p, err, len(srv.Requests()))
		}
	})
	t.Run("dial error", func(t *testing.T) {
		hc, dials := transporttest.FailingFirstDial()
		srv := &transporttest.Server{Actions: []transporttest.Action{transporttest.Reply(200, flatCreateAnswer)}}
		c := newClient(t, srv, testKey, func(cfg *transport.Config) { cfg.HTTPClient = hc })
		p, err := c.CreatePayment(context.Background(), 1000000)
		if err != nil || p.ID != "a1b2c3d4e5f6g7h8" || len(srv.Requests()) != 1 || dials.Load() != 2 {
			t.Fatalf("got %v %v after %d requests and %d dials", p, err, len(srv.Requests()), dials.Load())
		}
	})
}

func TestCancel(t *testing.T) {
	tests := []struct {
		body string
		want payget.PaymentStatus
	}{
		{`{"success":true,"message":"Payment cancelled successfully","payment":{"id":"abc","status":"Expired"}}`, payget.PaymentStatus{ID: "abc", Status: "Expired"}},
		{`{"success":true,"message":"Payment cancelled successfully"}`, payget.PaymentStatus{ID: "abc", Status: "Expired"}},
	}
	for _, tt := range tests {
		srv := &transporttest.Server{Actions: []transporttest.Action{transporttest.Reply(200, tt.body)}}
		c := newClient(t, srv, testKey)
		s, err := c.CancelPayment(context.Background(), "abc")
		if err != nil || *s != tt.want {
			t.Fatalf("got %+v %v", s, err)
		}
		r := srv.Requests()[0]
		if r.Method != "POST" || r.Path != "/api/payment/abc/cancel" || r.Header.Get("X-Api-Key") != testKey {
			t.Fatalf("request %+v", r)
		}
	}

	srv := &transporttest.Server{Actions: []transporttest.Action{transporttest.Reply(400, `{"success":false,"message":"Only Pending payments can be cancelled."}`)}}
	c := newClient(t, srv, testKey)
	_, err := c.CancelPayment(context.Background(), "abc")
	if err == nil || err.Error() != `PayGet POST /api/payment/abc/cancel: HTTP 400: "Only Pending payments can be cancelled."` || errors.Is(err, payget.ErrNotFound) {
		t.Fatalf("got %v", err)
	}
}

func TestKeyNeverInQueryOrLogs(t *testing.T) {
	srv := &transporttest.Server{Actions: []transporttest.Action{
		transporttest.Reply(200, `{"success":true,"profile":{"username":"u","level":"l","balance":1}}`),
		transporttest.Reply(503, `{"success":false,"message":"down `+testKey+`"}`),
		transporttest.Reply(200, flatCreateAnswer),
		transporttest.Reply(200, `{"success":true,"payment":{"id":"abc","status":"Expired"}}`),
		transporttest.Reply(404, `{"success":false,"message":"Payment not found."}`),
	}}
	logger := &transporttest.Logger{}
	c := newClient(t, srv, testKey, func(cfg *transport.Config) { cfg.Logger = logger; cfg.Secrets = []string{testKey} })
	ctx := context.Background()
	_, _ = c.Profile(ctx)
	_, _ = c.CreatePayment(ctx, 1000000)
	_, _ = c.CreatePayment(ctx, 1000000)
	_, _ = c.CancelPayment(ctx, "abc")
	_, _ = c.PaymentStatus(ctx, "abc")
	for _, r := range srv.Requests() {
		if strings.Contains(r.RawQuery, testKey) || strings.Contains(strings.ToLower(r.RawQuery), "apikey") {
			t.Errorf("key in the query of %s %s", r.Method, r.Path)
		}
	}
	logs := logger.Text()
	if strings.Count(logs, "HTTP request") != 5 {
		t.Errorf("want one line per request:\n%s", logs)
	}
	if strings.Contains(logs, testKey) {
		t.Errorf("key in the logs:\n%s", logs)
	}
}

func TestUnauthorized(t *testing.T) {
	tests := []struct {
		answer transporttest.Action
		want   bool
	}{
		{transporttest.Reply(401, `{"success":false,"message":"Invalid API Key."}`), true},
		{transporttest.Reply(200, `{"success":false,"message":"Invalid API Key."}`), true},
		{transporttest.Reply(200, `{"success":false,"message":"API Key is required."}`), true},
		{transporttest.Reply(401, `<html>401</html>`), true},
		{transporttest.Reply(403, `{"success":false,"message":"Payment does not belong to this API key."}`), true},
		{transporttest.Reply(200, `{"success":false,"message":"Payment not found."}`), false},
		{transporttest.Reply(400, `{"success":false,"message":"Only Pending payments can be cancelled."}`), false},
	}
	for _, tt := range tests {
		c := newClient(t, &transporttest.Server{Fallback: tt.answer}, testKey)
		_, err := c.CancelPayment(context.Background(), "abc")
		if err == nil || errors.Is(err, payget.ErrUnauthorized) != tt.want {
			t.Errorf("%v: unauthorized %v, want %v", err, errors.Is(err, payget.ErrUnauthorized), tt.want)
		}
	}
}

// Temporary tells a wait that polls the status which failures are worth
// asking again about later.
func TestTemporary(t *testing.T) {
	cases := []struct {
		name string
		a    transporttest.Action
		want bool
	}{
		{"503", transporttest.Reply(503, `{"success":false,"message":"busy"}`), true},
		{"502 HTML page", transporttest.Reply(502, `<html>bad gateway</html>`), true},
		{"429", transporttest.Reply(429, `{"success":false,"message":"slow down"}`), true},
		{"connection reset", transporttest.Reset(), true},
		{"404 unknown payment", transporttest.Reply(404, `{"success":false,"message":"Payment not found."}`), false},
		{"400 refusal", transporttest.Reply(400, `{"success":false,"message":"Bad request."}`), false},
		{"200 that cannot be read", transporttest.Reply(200, `{"success":true,"status":7}`), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t, &transporttest.Server{Fallback: tc.a}, "", func(cfg *transport.Config) { cfg.MaxRetries = 0 })
			_, err := c.PaymentStatus(context.Background(), "abc")
			if err == nil {
				t.Fatal("no error")
			}
			if got := payget.Temporary(err); got != tc.want {
				t.Fatalf("Temporary(%v) = %v, want %v", err, got, tc.want)
			}
		})
	}
	t.Run("the caller's context ended", func(t *testing.T) {
		c := newClient(t, &transporttest.Server{Fallback: transporttest.Hang(t, false)}, "")
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err := c.PaymentStatus(ctx, "abc")
		if err == nil || payget.Temporary(err) {
			t.Fatalf("Temporary(%v) = true, want false", err)
		}
	})
	if payget.Temporary(nil) {
		t.Fatal("Temporary(nil) = true")
	}
}

// The fee rule of PayGet's reference page, at and around its threshold.
func TestDocumentedFee(t *testing.T) {
	for amount, want := range map[int64]int64{
		payget.MinAmount: 0, 50000: 0, 500000: 0, 500001: 4000, 625000: 5000,
		1000000: 8000, 1234567: 9876, payget.MaxAmount: 40000,
	} {
		if got := payget.DocumentedFee(amount); got != want {
			t.Errorf("DocumentedFee(%d) = %d, want %d", amount, got, want)
		}
	}
}
