package payget

import (
	"testing"
	"unicode/utf8"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// FuzzDecodeAnswer feeds any status and body through the envelope check and
// every endpoint decoder: none may panic, an error's excerpt stays short
// and printable, and a decoded payment always has an id and a status.
func FuzzDecodeAnswer(f *testing.F) {
	f.Add(200, []byte(`{"success":true,"profile":{"username":"john_doe","level":"member","balance":100000}}`))
	f.Add(200, []byte(`{"success":true,"message":"ok","paymentId":"a1","qrCode":"data:image/png;base64,AA","amount":50000,"balanceReceived":50000,"fee":0}`))
	f.Add(200, []byte(`{"success":true,"payment":{"id":"b1","amount":500000,"fee":4000,"finalAmount":496000,"qris":"q","exp":"2026-11-21T10:10:00.000Z","status":"Pending"}}`))
	f.Add(200, []byte(`{"success":true,"status":"Pending","id":"a1","amount":50000}`))
	f.Add(200, []byte(`{"success":true,"message":"Payment cancelled successfully","payment":{"id":"a1","status":"Expired"}}`))
	f.Add(404, []byte(`{"success":false,"message":"Payment not found."}`))
	f.Add(200, []byte(`{"success":false,"message":"Invalid API Key."}`))
	f.Add(502, []byte("<html>\x00bad gateway</html>"))
	f.Add(200, []byte(`{"success":true,"payment":null,"amount":1e400,"fee":"12","balanceReceived":-0.0}`))
	f.Add(200, []byte(`{"success":true,"pro`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		resp := &transport.Response{StatusCode: status, Body: body, Attempts: 1}
		obj, apiErr := parseAnswer("GET /api/x", resp)
		if apiErr != nil {
			if obj != nil {
				t.Fatal("both an answer and an error")
			}
			if len(apiErr.Body) > 200 || !utf8.ValidString(apiErr.Body) {
				t.Fatalf("excerpt %q", apiErr.Body)
			}
			_ = apiErr.Error()
			return
		}
		if status < 200 || status > 299 {
			t.Fatalf("status %d accepted", status)
		}
		_, _ = decodeProfile(obj)
		if p, err := decodeCreate(obj); err == nil && (p.ID == "" || p.Status == "") {
			t.Fatalf("payment without id or status: %+v", p)
		}
		if s, err := decodeStatus(obj, "fallback"); err == nil && (s.ID == "" || s.Status == "") {
			t.Fatalf("status without id or status: %+v", s)
		}
		if s, err := decodeCancel(obj, "fallback"); err == nil && (s.ID == "" || s.Status == "") {
			t.Fatalf("cancel without id or status: %+v", s)
		}
	})
}
