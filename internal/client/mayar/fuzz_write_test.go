package mayar

import (
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// FuzzDecodePaymentRequest feeds any status and body through the envelope
// check, the classification of failures and the decoders of the write
// side's answers (create, read one, and the envelope-only answers of edit,
// close, reopen and the webhook): none may panic, excerpts stay short and
// printable, a decoded create has an id and a decoded read is the request
// asked for.
func FuzzDecodePaymentRequest(f *testing.F) {
	const id = "6f8c19ff-5b97-4792-aa89-d2a12797b356"
	f.Add(200, []byte(`{"statusCode":200,"messages":"success","data":{"id":"6f8c19ff-5b97-4792-aa89-d2a12797b356","transactionId":"a1b2","link":"https://shop.myr.id/pl/rqp9x2k7m3a"}}`))
	f.Add(200, []byte(`{"statusCode":200,"messages":"success","data":{"id":"6f8c19ff-5b97-4792-aa89-d2a12797b356","name":"Penagihan","amount":1000,"status":"unpaid","link":"rqp","linkUrl":"https://shop.myr.id/pl/rqp","transactions":[{"id":"t"}],"event":null}}`))
	f.Add(200, []byte(`{"statusCode":200,"messages":"success"}`))
	f.Add(200, []byte(`{"statusCode":200,"messages":"failed"}`))
	f.Add(409, []byte(`{"statusCode":409,"messages":"Transaction already paid. Cannot edit payment request."}`))
	f.Add(404, []byte(`{"statusCode":404,"messages":"Payment not found"}`))
	f.Add(429, []byte(`{"statusCode":429,"messages":"Duplicate request detected. Please wait 1 minute before trying again."}`))
	f.Add(400, []byte(`{"statusCode":400,"messages":"urlHook is not a valid URL"}`))
	f.Add(200, []byte(`{"statusCode":200,"messages":"success","data":{"id":7,"linkUrl":["x"]}}`))
	f.Add(503, []byte("<html>\x00</html>"))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		resp := &transport.Response{StatusCode: status, Body: body, Attempts: 1}
		obj, apiErr := parseEnvelope("POST /hl/v2/payments/create", resp)
		if apiErr != nil {
			if obj != nil {
				t.Fatal("both an answer and an error")
			}
			for _, s := range []string{apiErr.Body, apiErr.Message} {
				if len(s) > 200 || !utf8.ValidString(s) {
					t.Fatalf("excerpt %q", s)
				}
			}
			for _, c := range []call{{create: true}, {edit: true}, {}} {
				_, fresh := parseEnvelope("POST /hl/v2/payments/create", resp)
				var err error = classify(c, fresh)
				if fresh.StatusCode != apiErr.StatusCode || fresh.Message != apiErr.Message || fresh.Body != apiErr.Body {
					t.Fatalf("classify changed the answer's facts: %v", err)
				}
				if errors.Is(err, ErrOutcomeUnknown) && !c.create {
					t.Fatalf("a %+v marked outcome unknown: %v", c, err)
				}
				_ = err.Error()
			}
			return
		}
		if status < 200 || status > 299 {
			t.Fatalf("status %d accepted", status)
		}
		if p, err := decodeCreated(obj); err == nil && p.ID == "" {
			t.Fatalf("a create without id: %+v", p)
		}
		if p, err := decodePaymentRequest(obj, id); err == nil && p.ID != id {
			t.Fatalf("read %q, asked %q", p.ID, id)
		}
	})
}
