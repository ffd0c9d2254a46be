package mayar_test

import (
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
)

// FuzzWriteAnswer answers every call of the write side (create, read,
// edit, close, reopen, set and test the webhook), V1 and V2, with any
// status and body, the key echoed wherever the body says KEY. Whatever
// comes back: no panic; a create is sent exactly once; no error quotes the
// key or a piece of it; the key goes only in the Authorization header; a
// created request has an id and a read one is the one asked for.
func FuzzWriteAnswer(f *testing.F) {
	for _, seed := range []struct {
		status int
		body   string
	}{
		{200, `{"statusCode":200,"messages":"success","data":{"id":"6f8c19ff-5b97-4792-aa89-d2a12797b356","transactionId":"a1b2c3d4-e5f6-7890-abcd-ef1234567890","link":"https://shop.myr.id/pl/rqp9x2k7m3a"}}`},
		{200, `{"statusCode":200,"messages":"success","data":{"id":"6f8c19ff-5b97-4792-aa89-d2a12797b356","name":"Penagihan","amount":1000,"status":"active","link":"rqp","linkUrl":"https://shop.myr.id/pl/rqp","type":"payment_request","transactions":[]}}`},
		{200, `{"statusCode":200,"messages":"success"}`},
		{200, `{"statusCode":200,"messages":"failed"}`},
		{404, `{"statusCode":404,"messages":"Payment not found"}`},
		{409, `{"statusCode":409,"messages":"Transaction already paid. Cannot edit payment request."}`},
		{429, `{"statusCode":429,"messages":"Duplicate request detected. Please wait 1 minute before trying again."}`},
		{429, `{"statusCode":429,"messages":"Too Many Requests"}`},
		{400, `{"statusCode":400,"messages":"urlHook is not a valid URL"}`},
		{503, `{"statusCode":503,"messages":"Service Unavailable"}`},
		{200, `{"statusCode":200,"messages":"success","data":{"id":"KEY","link":"KEY"}}`},
		{200, `{"statusCode":200,"messages":"success","data":{"id":"6f8c19ff-5b97-4792-aa89-d2a12797b356","name":"SPLITKEY","amount":"KEY"}}`},
		{409, `{"statusCode":409,"messages":"` + strings.Repeat("m", 175) + `KEY"}`},
		{200, `{"statusCode":200,"messages":"success","da`},
	} {
		f.Add(seed.status, []byte(seed.body))
	}
	srv := &fxServer{}
	hs := httptest.NewServer(srv)
	f.Cleanup(hs.Close)
	tc, tagger := fxClient(f, srv, hs)
	clients := []*mayar.Client{mayar.New(tc, fxKey, mayar.V1), mayar.New(tc, fxKey, mayar.V2)}
	const id = "6f8c19ff-5b97-4792-aa89-d2a12797b356"
	desc := "<p>x</p>"
	in := mayar.PaymentRequestInput{Name: "Kopi", Amount: 1000, Email: "a@b.id", Mobile: "0812", Description: &desc}

	f.Fuzz(func(t *testing.T, status int, body []byte) {
		status = fxStatus(status)
		var errs []error
		for _, c := range clients {
			ctx := srv.set(status, fxEcho(body))
			created, err := c.CreatePaymentRequest(ctx, in)
			errs = append(errs, err)
			srv.mu.Lock()
			creates := srv.requests
			srv.mu.Unlock()
			if creates != 1 {
				t.Fatalf("the create was sent %d times, want once", creates)
			}
			if err == nil && created.ID == "" {
				t.Fatalf("created without an id: %+v", created)
			}
			if err != nil && status >= 500 && !errors.Is(err, mayar.ErrOutcomeUnknown) {
				t.Fatalf("a create answered %d is not an unknown outcome: %v", status, err)
			}
			p, err := c.GetPaymentRequest(ctx, id)
			errs = append(errs, err)
			if err == nil && p.ID != id {
				t.Fatalf("read %q, asked %q", p.ID, id)
			}
			errs = append(errs,
				c.EditPaymentRequest(ctx, id, in),
				c.ClosePaymentRequest(ctx, id),
				c.ReopenPaymentRequest(ctx, id),
				c.SetWebhookURL(ctx, "https://hooks.example.id/s3cr3t"),
				c.TestWebhook(ctx, "https://hooks.example.id/s3cr3t"),
			)
			if n := tagger.inFlight.Load(); n != 0 {
				t.Fatalf("%d attempts still under way after every call returned", n)
			}
			srv.mu.Lock()
			requests, misuse := srv.requests, srv.misuse
			srv.mu.Unlock()
			// The create once, six more calls retried once at most.
			if limit := 1 + 6*2; requests > limit {
				t.Fatalf("%d requests, want at most %d", requests, limit)
			}
			if len(misuse) > 0 {
				t.Fatalf("the key went where it must not: %v", misuse[0])
			}
		}
		for _, err := range errs {
			if err == nil {
				continue
			}
			if leak := fxLeak(err.Error(), fxKey); leak != "" {
				t.Fatalf("the error quotes %q of the key: %v", leak, err)
			}
		}
	})
}
